import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A Grafana dashboard whose legend uses Grafana's own `{{pod}}` template. */
export const SAMPLE_DASHBOARD = JSON.stringify({
  title: 'VideoForge sample',
  panels: [
    {
      type: 'timeseries',
      targets: [
        {
          expr: 'sum by (pod) (rate(http_request_duration_seconds_count[5m]))',
          legendFormat: '{{pod}}',
        },
      ],
    },
  ],
});

/** A temporary dashboards folder with these files. */
export function dashboardFolder(files: Record<string, string>): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'videoforge-dashboards-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(folder, name), text);
  return folder;
}
