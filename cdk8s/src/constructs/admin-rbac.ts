import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';

/** An RBAC rule as the admin service declares what it reads (services/admin/src/cluster/rbac.ts). */
export interface ReadRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
}

export const READ_VERBS: readonly string[] = ['get', 'list', 'watch'];

export interface AdminRbacProps {
  readonly name: string;
  readonly labels: Record<string, string>;
  /** The admin service's ServiceAccount. */
  readonly serviceAccount: kplus.IServiceAccount;
  /** What the cluster view reads; only read verbs are accepted. */
  readonly rules: readonly ReadRule[];
}

/**
 * Least-privilege RBAC for `GET /api/admin/cluster`: a namespaced Role (never a ClusterRole) with
 * exactly the rules the admin service declares, bound to its ServiceAccount. A write verb is
 * refused at synth time.
 */
export class AdminRbac extends Construct {
  constructor(scope: Construct, id: string, props: AdminRbacProps) {
    super(scope, id);
    const role = new kplus.Role(this, 'Role', {
      metadata: { name: props.name, labels: props.labels },
    });
    for (const rule of props.rules) {
      const writes = rule.verbs.filter((v) => !READ_VERBS.includes(v));
      if (writes.length > 0)
        throw new Error(`admin cluster view must be read-only, got verbs ${writes.join(', ')}`);
      for (const apiGroup of rule.apiGroups) {
        for (const resource of rule.resources) {
          role.allow(
            [...rule.verbs],
            kplus.ApiResource.custom({ apiGroup, resourceType: resource }),
          );
        }
      }
    }
    const binding = new kplus.RoleBinding(this, 'Binding', {
      metadata: { name: props.name, labels: props.labels },
      role,
    });
    binding.addSubjects(props.serviceAccount);
  }
}
