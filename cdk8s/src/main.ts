import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cloudFormationYaml } from './aws/cloudformation.ts';
import { chartFiles, CHART_NAME } from './helm/chart-files.ts';
import { kindFiles, manifestFiles } from './outputs.ts';

/**
 * `npm run synth`: writes cdk8s/dist/*.yaml, regenerates charts/videoforge from the same cdk8s app
 * aws/videoforge.cfn.yaml and kind/*.yaml. Those are committed; a test fails when one differs
 * from what this produces.
 */
const repo = fileURLToPath(new URL('../../', import.meta.url));

function writeAll(root: string, files: Map<string, string>): void {
  for (const [file, content] of files) {
    const target = path.join(root, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}

const dist = path.join(repo, 'cdk8s', 'dist');
rmSync(dist, { recursive: true, force: true });
writeAll(dist, manifestFiles());

const chartDir = path.join(repo, 'charts', CHART_NAME);
rmSync(chartDir, { recursive: true, force: true });
writeAll(chartDir, chartFiles());

const template = path.join(repo, 'aws', 'videoforge.cfn.yaml');
writeFileSync(template, cloudFormationYaml());
const kind = path.join(repo, 'kind');
writeAll(kind, kindFiles());

console.log(
  `synth: wrote ${[
    dist,
    chartDir,
    template,
    ...[...kindFiles().keys()].map((f) => path.join(kind, f)),
  ]
    .map((p) => path.relative(repo, p))
    .join(', ')}`,
);
