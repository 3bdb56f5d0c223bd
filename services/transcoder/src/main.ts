import { createLogger, onShutdownSignal } from '@videoforge/platform';
import { loadTranscoderConfig } from './config.ts';
import { startTranscoder } from './compose.ts';

const config = loadTranscoderConfig(process.env);
const logger = createLogger('transcoder', config.logLevel);
const transcoder = await startTranscoder(config, logger);
onShutdownSignal(logger, () => transcoder.stop());
