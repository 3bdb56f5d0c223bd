import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CLUSTER_RBAC_RULES } from '../../src/cluster/rbac.ts';

const list = (values: readonly string[]) => `[${values.map((v) => `'${v}'`).join(', ')}]`;

describe('the RBAC rules in docs/api.md', () => {
  it('are exactly the ones the cluster view is written against', async () => {
    const readme = await readFile(new URL('../../../../docs/api.md', import.meta.url), 'utf8');
    const block = /```yaml\nrules:\n([\s\S]*?)```/.exec(readme)?.[1];
    const expected = CLUSTER_RBAC_RULES.map(
      (rule) =>
        `  - apiGroups: ${list(rule.apiGroups)}\n    resources: ${list(rule.resources)}\n    verbs: ${list(rule.verbs)}\n`,
    ).join('');
    expect(block).toBe(expected);
  });

  it('grant reads only', () => {
    for (const rule of CLUSTER_RBAC_RULES) {
      for (const verb of rule.verbs) expect(['get', 'list', 'watch']).toContain(verb);
    }
  });
});
