export { loadApiConfig, type ApiConfig } from './config.ts';
export { startApi, type RunningApi } from './compose.ts';
