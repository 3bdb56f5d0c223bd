import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CONTRACTS, generatedTypes } from '../../scripts/api-types.ts';

describe("the web app's API types", () => {
  it.each(CONTRACTS.map((c) => [c.output.split('/').pop(), c] as const))(
    '%s matches its contract document (else run `npm run gen:api -w web`)',
    async (_name, { document, output }) => {
      const committed = await readFile(output, 'utf8');
      expect(committed).toBe(await generatedTypes(document, output));
    },
  );
});
