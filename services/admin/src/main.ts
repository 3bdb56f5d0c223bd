import { createLogger, onShutdownSignal } from '@videoforge/platform';
import { loadAdminConfig } from './config.ts';
import { startAdmin } from './compose.ts';

const config = loadAdminConfig(process.env);
const logger = createLogger('admin', config.logLevel);
const admin = await startAdmin(config, logger);
onShutdownSignal(logger, () => admin.shutdown());
