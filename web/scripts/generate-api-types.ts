import { writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { CONTRACTS, generatedTypes } from './api-types.ts';

for (const { document, output } of CONTRACTS) {
  await writeFile(output, await generatedTypes(document, output));
  console.log(`${relative(process.cwd(), output)} ← ${relative(process.cwd(), document)}`);
}
