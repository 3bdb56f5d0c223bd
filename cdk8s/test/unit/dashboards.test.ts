import { describe, expect, it } from 'vitest';
import { DASHBOARDS_FOLDER } from '../../src/app.ts';
import { dashboardFiles } from '../../src/constructs/dashboards.ts';
import { dashboardFolder, SAMPLE_DASHBOARD } from '../support/dashboards.ts';
import type { K8sObject } from '../support/objects.ts';
import { synthEnv } from '../support/fixtures.ts';

const dashboardMaps = (objects: K8sObject[]) =>
  objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.labels.grafana_dashboard);

describe('dashboard ConfigMaps', () => {
  it('turn each JSON file of the folder into a ConfigMap the Grafana sidecar picks up', () => {
    const folder = dashboardFolder({
      'Pipeline Overview.json': SAMPLE_DASHBOARD,
      'notes.txt': 'ignored',
    });
    const maps = dashboardMaps(synthEnv('default', { dashboardsFolder: folder }));
    expect(maps).toHaveLength(1);
    expect(maps[0]?.metadata.name).toBe('videoforge-dashboard-pipeline-overview');
    expect(maps[0]?.metadata.labels).toMatchObject({
      grafana_dashboard: '1',
      'app.kubernetes.io/component': 'monitoring',
    });
    expect(maps[0]?.data).toEqual({ 'Pipeline Overview.json': SAMPLE_DASHBOARD });
  });

  it('fail the synth on a file that is not JSON', () => {
    const folder = dashboardFolder({ 'broken.json': '{ "title": ' });
    expect(() => synthEnv('default', { dashboardsFolder: folder })).toThrow(
      /dashboard broken.json is not valid JSON/,
    );
  });

  it('come from the repository folder, which may be empty, and only with monitoring on', () => {
    expect(dashboardMaps(synthEnv('default'))).toHaveLength(
      dashboardFiles(DASHBOARDS_FOLDER).length,
    );
    const folder = dashboardFolder({ 'a.json': SAMPLE_DASHBOARD });
    expect(dashboardMaps(synthEnv('kind', { dashboardsFolder: folder }))).toEqual([]);
  });
});
