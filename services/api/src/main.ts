import { createLogger, onShutdownSignal } from '@videoforge/platform';
import { loadApiConfig } from './config.ts';
import { startApi } from './compose.ts';

const config = loadApiConfig(process.env);
const logger = createLogger('api', config.logLevel);
const api = await startApi(config, logger);
onShutdownSignal(logger, () => api.shutdown());
