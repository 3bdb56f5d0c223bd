import { tmpdir } from 'node:os';
import { z } from 'zod';
import { awsEnvShape, cacheEnvShape, toAwsSettings, toCacheSettings } from '@videoforge/adapters';
import { env, parseEnv } from '@videoforge/platform';

const schema = {
  ...awsEnvShape,
  ...cacheEnvShape,
  LOG_LEVEL: env.logLevel(),
  HEALTH_PORT: env.port(9100),
  HEALTH_HOST: z.string().default('0.0.0.0'),
  S3_BUCKET: env.string(),
  SQS_JOBS_QUEUE_URL: env.url(),
  DYNAMODB_TABLE: env.string(),
  TRANSCODER_CONCURRENCY: env.int(1, 1, 16),
  SQS_WAIT_SECONDS: env.int(20, 0, 20),
  SQS_VISIBILITY_SECONDS: env.int(600, 1, 43_200),
  HEARTBEAT_SECONDS: env.int(60, 1, 3600),
  MAX_RECEIVES: env.int(3, 1, 1000),
  RETRY_DELAY_SECONDS: env.int(10, 0, 900),
  SHUTDOWN_GRACE_SECONDS: env.int(25, 0, 86_400),
  STALL_TIMEOUT_SECONDS: env.int(120, 1, 86_400),
  PROGRESS_INTERVAL_SECONDS: env.int(2, 0, 3600),
  SCRATCH_DIR: z.string().default(tmpdir()),
  FFMPEG_PATH: z.string().default('ffmpeg'),
  FFPROBE_PATH: z.string().default('ffprobe'),
  FFMPEG_THREADS: env.int(0, 0, 64),
  FFMPEG_PRESET: z
    .enum(['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow'])
    .default('veryfast'),
};

export type TranscoderConfig = ReturnType<typeof loadTranscoderConfig>;

export function loadTranscoderConfig(source: NodeJS.ProcessEnv) {
  const e = parseEnv('transcoder', schema, source);
  return {
    logLevel: e.LOG_LEVEL,
    health: { port: e.HEALTH_PORT, host: e.HEALTH_HOST },
    aws: toAwsSettings(e),
    bucket: e.S3_BUCKET,
    jobsQueueUrl: e.SQS_JOBS_QUEUE_URL,
    table: e.DYNAMODB_TABLE,
    cache: toCacheSettings(e),
    consumer: {
      concurrency: e.TRANSCODER_CONCURRENCY,
      waitSeconds: e.SQS_WAIT_SECONDS,
      visibilitySeconds: e.SQS_VISIBILITY_SECONDS,
      heartbeatSeconds: e.HEARTBEAT_SECONDS,
      shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS,
    },
    retry: { maxReceives: e.MAX_RECEIVES, delaySeconds: e.RETRY_DELAY_SECONDS },
    stallSeconds: e.STALL_TIMEOUT_SECONDS,
    progressIntervalMs: e.PROGRESS_INTERVAL_SECONDS * 1000,
    scratchDir: e.SCRATCH_DIR,
    ffmpeg: {
      ffmpegPath: e.FFMPEG_PATH,
      ffprobePath: e.FFPROBE_PATH,
      threads: e.FFMPEG_THREADS || undefined,
      preset: e.FFMPEG_PRESET,
    },
  };
}
