import { tmpdir } from 'node:os';
import { z } from 'zod';
import {
  awsEnvShape,
  cacheEnvShape,
  JOBS_QUEUE,
  toAwsSettings,
  toCacheSettings,
} from '@videoforge/adapters';
import { DEFAULT_X264_PRESET, X264_PRESETS } from '@videoforge/ffmpeg';
import { ConfigError, env, parseEnv } from '@videoforge/platform';

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
  // A short lease renewed while the job shows life: a lost worker's job is visible again within it.
  SQS_VISIBILITY_SECONDS: env.int(30, 5, 43_200),
  HEARTBEAT_SECONDS: env.int(10, 1, 3600),
  ALIVE_WRITE_SECONDS: env.int(10, 1, 3600),
  // The queue's redrive count: the attempt SQS would dead-letter next is the final one.
  MAX_RECEIVES: env.int(JOBS_QUEUE.maxReceiveCount, 1, 1000),
  RETRY_DELAY_SECONDS: env.int(10, 0, 900),
  SHUTDOWN_GRACE_SECONDS: env.int(25, 0, 86_400),
  STALL_TIMEOUT_SECONDS: env.int(120, 1, 86_400),
  /** Past the stall timeout, the time a stalled job gets to record its failure before /healthz fails. */
  HEALTH_WEDGE_GRACE_SECONDS: env.int(30, 0, 3600),
  PROGRESS_INTERVAL_SECONDS: env.int(2, 0, 3600),
  SCRATCH_DIR: z.string().default(tmpdir()),
  FFMPEG_PATH: z.string().default('ffmpeg'),
  FFPROBE_PATH: z.string().default('ffprobe'),
  FFMPEG_THREADS: env.int(0, 0, 64),
  // Limits checked on the probe, before anything is decoded (8192x4320 is DCI 8K).
  MAX_FRAME_PIXELS: env.int(8192 * 4320, 64 * 64),
  MAX_DURATION_SECONDS: env.int(12 * 3600, 1),
  MAX_FRAME_RATE: env.int(240, 1, 10_000),
  MAX_STREAMS: env.int(32, 1, 1000),
  MAX_AUDIO_CHANNELS: env.int(16, 1, 255),
  PROBE_TIMEOUT_SECONDS: env.int(60, 1, 3600),
  SOURCE_IO_TIMEOUT_SECONDS: env.int(30, 1, 3600),
  ATTEMPT_DEADLINE_BASE_SECONDS: env.int(300, 10, 86_400),
  ATTEMPT_DEADLINE_PER_MEDIA_SECOND: env.int(10, 1, 1000),
  FFMPEG_PRESET: z.enum(X264_PRESETS).default(DEFAULT_X264_PRESET),
};

export type TranscoderConfig = ReturnType<typeof loadTranscoderConfig>;

export function loadTranscoderConfig(source: NodeJS.ProcessEnv) {
  const e = parseEnv('transcoder', schema, source);
  if (e.HEARTBEAT_SECONDS * 2 >= e.SQS_VISIBILITY_SECONDS) {
    throw new ConfigError('transcoder', [
      `HEARTBEAT_SECONDS (${e.HEARTBEAT_SECONDS}) must be under half of SQS_VISIBILITY_SECONDS ` +
        `(${e.SQS_VISIBILITY_SECONDS}), so that one failed renewal does not lose the lease`,
    ]);
  }
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
    wedgeGraceSeconds: e.HEALTH_WEDGE_GRACE_SECONDS,
    limits: {
      maxFramePixels: e.MAX_FRAME_PIXELS,
      maxDurationSeconds: e.MAX_DURATION_SECONDS,
      maxFrameRate: e.MAX_FRAME_RATE,
      maxStreams: e.MAX_STREAMS,
      maxAudioChannels: e.MAX_AUDIO_CHANNELS,
    },
    deadline: {
      baseSeconds: e.ATTEMPT_DEADLINE_BASE_SECONDS,
      perMediaSecond: e.ATTEMPT_DEADLINE_PER_MEDIA_SECOND,
      unknownDurationSeconds: e.MAX_DURATION_SECONDS,
    },
    progressIntervalMs: e.PROGRESS_INTERVAL_SECONDS * 1000,
    aliveEverySeconds: e.ALIVE_WRITE_SECONDS,
    scratchDir: e.SCRATCH_DIR,
    ffmpeg: {
      ffmpegPath: e.FFMPEG_PATH,
      ffprobePath: e.FFPROBE_PATH,
      threads: e.FFMPEG_THREADS || undefined,
      preset: e.FFMPEG_PRESET,
      probeTimeoutSeconds: e.PROBE_TIMEOUT_SECONDS,
      guard: {
        maxFramePixels: e.MAX_FRAME_PIXELS,
        ioTimeoutSeconds: e.SOURCE_IO_TIMEOUT_SECONDS,
        // Presigned URLs carry the store's own scheme: plain http only against a local emulator.
        allowPlainHttp: e.AWS_ENDPOINT_URL_S3?.startsWith('http://') === true,
      },
    },
  };
}
