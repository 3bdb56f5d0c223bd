import {
  DynamoUsageLedger,
  S3ObjectStore,
  SqsJobQueue,
  createDynamoDocumentClient,
  createS3Client,
  createSqsClient,
  createVideoRepository,
} from '@videoforge/adapters';
import {
  createMetricsRegistry,
  startHealthServer,
  type Logger,
  type Registry,
} from '@videoforge/platform';
import { loadFfmpegCapabilities } from '@videoforge/ffmpeg';
import type { TranscoderConfig } from './config.ts';
import { createPresignedSources } from './source/presigned-sources.ts';
import { JobConsumer } from './worker/consumer.ts';
import { createFfmpegToolkit } from './worker/ffmpeg-toolkit.ts';
import { createJobHandler } from './worker/job-handler.ts';
import type { MediaToolkit } from './worker/media.ts';
import { createTranscodeMetrics } from './worker/metrics.ts';
import { withUsageRecording } from './worker/usage-recording.ts';

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
  // Before anything listens: a worker without a working ffmpeg must not start.
  if (!overrides.media) await loadFfmpegCapabilities(config.ffmpeg.ffmpegPath);
  const registry = createMetricsRegistry('transcoder');
  const metrics = createTranscodeMetrics(registry);
  const queue = new SqsJobQueue(createSqsClient(config.aws), config.jobsQueueUrl);
  // Writes go through the cache so the API never serves a stale status.
  const repository = createVideoRepository({
    aws: config.aws,
    table: config.table,
    cache: config.cache,
    onCacheError: (error, operation) =>
      logger.warn({ err: error, operation }, 'memcached unavailable'),
  });
  const objects = new S3ObjectStore(createS3Client(config.aws), config.bucket);
  const sources = createPresignedSources(objects);
  const transcode = createJobHandler({
    videos: repository.videos,
    objects,
    sources,
    media: overrides.media ?? createFfmpegToolkit(config.ffmpeg),
    scratchDir: config.scratchDir,
    maxReceives: config.retry.maxReceives,
    stallSeconds: config.stallSeconds,
    limits: config.limits,
    deadline: config.deadline,
    progressIntervalMs: config.progressIntervalMs,
    aliveEverySeconds: config.aliveEverySeconds,
    onStall: () => metrics.stall(),
    onTimeToReady: (quality, seconds) => metrics.ready(quality, seconds),
    logger,
  });
  const handle = withUsageRecording(transcode, {
    usage: new DynamoUsageLedger(createDynamoDocumentClient(config.aws), config.table),
    logger,
  });
  const consumer = new JobConsumer(
    { queue, handle, metrics, logger },
    {
      ...config.consumer,
      retryDelaySeconds: config.retry.delaySeconds,
      stallSeconds: config.stallSeconds,
    },
  );
  const health = await startHealthServer({
    ...config.health,
    registry,
    status: () => {
      if (!consumer.running) return 'stopping';
      return consumer.hasWedgedJob(config.wedgeGraceSeconds) ? 'wedged' : 'ok';
    },
  });
  consumer.start();
  logger.info(
    { healthPort: health.port, concurrency: config.consumer.concurrency },
    'transcoder polling',
  );
  return {
    consumer,
    registry,
    healthPort: health.port,
    stop: async (graceSeconds = config.consumer.shutdownGraceSeconds) => {
      await consumer.stop(graceSeconds);
      await health.close();
      repository.close();
    },
  };
}
