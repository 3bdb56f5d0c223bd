export { loadAdminConfig, type AdminConfig } from './config.ts';
export { startAdmin, type AdminOverrides, type RunningAdmin } from './compose.ts';
export { CLUSTER_RBAC_RULES } from './cluster/rbac.ts';
