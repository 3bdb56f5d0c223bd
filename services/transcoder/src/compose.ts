import {
  DynamoVideoRepository,
  S3ObjectStore,
  SqsJobQueue,
  createDynamoDocumentClient,
  createS3Client,
  createSqsClient,
} from '@videoforge/adapters';
import { createMetricsRegistry, type Logger, type Registry } from '@videoforge/platform';
import type { TranscoderConfig } from './config.ts';
import { startHealthServer } from './health-server.ts';
import { JobConsumer } from './worker/consumer.ts';
import { createFfmpegToolkit } from './worker/ffmpeg-toolkit.ts';
import { createJobHandler } from './worker/job-handler.ts';
import type { MediaToolkit } from './worker/media.ts';
import { createTranscodeMetrics } from './worker/metrics.ts';

export interface RunningTranscoder {
  consumer: JobConsumer;
  registry: Registry;
  healthPort: number;
  /** Drains: stop polling, let jobs finish within the grace period, then return their messages. */
  stop(graceSeconds?: number): Promise<void>;
}

/** Composition root of the worker. `media` can be swapped (tests); production uses ffmpeg. */
export async function startTranscoder(
  config: TranscoderConfig,
  logger: Logger,
  overrides: { media?: MediaToolkit } = {},
): Promise<RunningTranscoder> {
  const registry = createMetricsRegistry('transcoder');
  const queue = new SqsJobQueue(createSqsClient(config.aws), config.jobsQueueUrl);
  const handle = createJobHandler({
    videos: new DynamoVideoRepository(createDynamoDocumentClient(config.aws), config.table),
    objects: new S3ObjectStore(createS3Client(config.aws), config.bucket),
    media: overrides.media ?? createFfmpegToolkit(config.ffmpeg),
    scratchDir: config.scratchDir,
    maxReceives: config.retry.maxReceives,
    logger,
  });
  const consumer = new JobConsumer(
    { queue, handle, metrics: createTranscodeMetrics(registry), logger },
    { ...config.consumer, retryDelaySeconds: config.retry.delaySeconds },
  );
  const health = await startHealthServer({
    ...config.health,
    registry,
    isHealthy: () => consumer.running,
  });
  consumer.start();
  logger.info({ healthPort: health.port, concurrency: config.consumer.concurrency }, 'transcoder polling');
  return {
    consumer,
    registry,
    healthPort: health.port,
    stop: async (graceSeconds = config.consumer.shutdownGraceSeconds) => {
      await consumer.stop(graceSeconds);
      await health.close();
    },
  };
}
