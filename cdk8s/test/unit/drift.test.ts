import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cloudFormationYaml } from '../../src/aws/cloudformation.ts';
import { CHART_NAME, chartFiles } from '../../src/helm/chart-files.ts';
import { kindFiles } from '../../src/outputs.ts';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const FIX = 'run `npm run synth` and commit the result';

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory()
      ? filesUnder(full, `${prefix}${name}/`)
      : [`${prefix}${name}`];
  });
}

describe('generated files committed to the repository', () => {
  it(`charts/${CHART_NAME} is exactly what the generator produces (${FIX})`, () => {
    const chartDir = path.join(repo, 'charts', CHART_NAME);
    const expected = chartFiles();
    expect(filesUnder(chartDir).sort(), FIX).toEqual([...expected.keys()].sort());
    for (const [file, content] of expected) {
      expect(readFileSync(path.join(chartDir, file), 'utf8'), `${file}: ${FIX}`).toBe(content);
    }
  });

  it(`aws/videoforge.cfn.yaml is exactly what the generator produces (${FIX})`, () => {
    expect(readFileSync(path.join(repo, 'aws', 'videoforge.cfn.yaml'), 'utf8'), FIX).toBe(
      cloudFormationYaml(),
    );
  });

  it(`kind/*.yaml are exactly what the generator produces (${FIX})`, () => {
    for (const [file, content] of kindFiles()) {
      expect(readFileSync(path.join(repo, 'kind', file), 'utf8'), `kind/${file}: ${FIX}`).toBe(
        content,
      );
    }
  });
});
