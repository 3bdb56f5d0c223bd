import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBinary } from '@videoforge/testkit';
import { ALERT_RULES_FILE } from '../../src/observe/prometheus.ts';
import { tempDir } from './support.ts';

const TESTS_DIR = path.join(path.dirname(ALERT_RULES_FILE), 'tests');

/** promtool's own verdict: exit code and everything it printed. */
function promtool(...args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(requireBinary('promtool'), args, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

describe('alert rules, checked and unit-tested by promtool', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;

  beforeAll(async () => {
    requireBinary('promtool');
    dir = await tempDir();
  });
  afterAll(async () => {
    await dir?.remove();
  });

  it('are a valid Prometheus rule file', async () => {
    const { code, output } = await promtool('check', 'rules', ALERT_RULES_FILE);
    expect(output).toContain('SUCCESS: 9 rules found');
    expect(code).toBe(0);
  });

  it('fire when they should and stay quiet when they should not (observability/alerts/tests)', async () => {
    const files = readdirSync(TESTS_DIR)
      .filter((f) => f.endsWith('.yml'))
      .map((f) => path.join(TESTS_DIR, f));
    expect(files.length).toBeGreaterThanOrEqual(9);
    const { code, output } = await promtool('test', 'rules', ...files);
    expect(output).not.toContain('FAILED');
    expect(output.match(/SUCCESS/g)).toHaveLength(files.length);
    expect(code).toBe(0);
  });

  it('would fail a test that expects an alert on a healthy queue (the harness can fail)', async () => {
    const file = path.join(dir.path, 'wrong.yml');
    await writeFile(
      file,
      JSON.stringify({
        rule_files: [ALERT_RULES_FILE],
        evaluation_interval: '1m',
        tests: [
          {
            interval: '1m',
            input_series: [
              {
                series: 'videoforge_queue_messages{service="admin",queue="dlq",state="visible"}',
                values: '0x30',
              },
            ],
            alert_rule_test: [
              {
                eval_time: '20m',
                alertname: 'VideoForgeDeadLetters',
                exp_alerts: [{ exp_labels: { severity: 'warning' } }],
              },
            ],
          },
        ],
      }),
    );
    const { code, output } = await promtool('test', 'rules', file);
    expect(output).toContain('FAILED');
    expect(code).not.toBe(0);
  });
});
