import { createLogger, onShutdownSignal } from '@videoforge/platform';
import { loadEventsConfig } from './config.ts';
import { startEvents } from './compose.ts';

const config = loadEventsConfig(process.env);
const logger = createLogger('events', config.logLevel);
const events = await startEvents(config, logger);
onShutdownSignal(logger, () => events.stop());
