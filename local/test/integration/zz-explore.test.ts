import { writeFileSync } from 'node:fs';
import { it } from 'vitest';
import { startPipeline } from '../../src/pipeline.ts';
import { captureLogs } from '../observability/log-capture.ts';
import { runScenario } from '../observability/scenario.ts';
import { tempDir } from './support.ts';

it('explore', async () => {
  const logs = captureLogs();
  const dir = await tempDir();
  const pipeline = await startPipeline({ logger: logs.logger });
  try {
    const r = await runScenario(pipeline, dir.path);
    writeFileSync('/tmp/explore-result.json', JSON.stringify(r, null, 1));
    for (const [name, url] of [['api', pipeline.api.url + '/metrics'], ['admin', pipeline.admin.url + '/metrics'], ['transcoder', `http://127.0.0.1:${pipeline.transcoder!.healthPort}/metrics`]] as const) {
      writeFileSync(`/tmp/explore-${name}.prom`, await (await fetch(url)).text());
    }
  } finally {
    await pipeline.stop();
    await dir.remove();
    writeFileSync('/tmp/explore-logs.jsonl', logs.lines().join('\n'));
  }
}, 120000);
