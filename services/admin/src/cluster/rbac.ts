/**
 * The Kubernetes API reads the cluster view makes, as RBAC rules: a namespaced Role with exactly
 * these (bound to the admin service account) is all it needs. docs/api.md reproduces them for the
 * deployment, and a test checks that the inspector reads nothing else.
 */
export const CLUSTER_RBAC_RULES = [
  { apiGroups: ['apps'], resources: ['deployments'], verbs: ['list'] },
  { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
  { apiGroups: ['keda.sh'], resources: ['scaledobjects'], verbs: ['list'] },
] as const;

/** KEDA's ScaledObject custom resource. */
export const SCALED_OBJECTS = { group: 'keda.sh', version: 'v1alpha1', plural: 'scaledobjects' };
