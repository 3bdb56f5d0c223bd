import { describe, expect, it } from 'vitest';
import { ConfigError } from '@videoforge/platform';
import { loadEventsConfig } from '../../src/config.ts';

const base = {
  AWS_REGION: 'us-east-1',
  S3_BUCKET: 'videos',
  SQS_JOBS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/1/jobs',
  SQS_DLQ_URL: 'https://sqs.us-east-1.amazonaws.com/1/jobs-dlq',
  DYNAMODB_TABLE: 'videoforge',
  REDIS_URL: 'rediss://:token@redis.example.internal:6379',
};

function problems(env: Record<string, string | undefined>): string[] {
  try {
    loadEventsConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('events configuration', () => {
  it('reads production defaults: hours of back-off, a day before an upload is abandoned', () => {
    const config = loadEventsConfig(base);
    expect(config.delivery).toMatchObject({
      maxAttempts: 12,
      backoff: { baseMs: 30_000, maxMs: 6 * 3600_000 },
      timeoutMs: 10_000,
      policy: { allowLoopback: false, allowPrivate: false },
    });
    expect(config.maintenance.abandonedUploadMs).toBe(24 * 3600_000);
  });

  it('names each missing or bad variable', () => {
    expect(problems({ ...base, REDIS_URL: undefined })).toEqual([
      expect.stringMatching(/^REDIS_URL is required/),
    ]);
    expect(problems({ ...base, REDIS_URL: 'http://redis:6379' })).toEqual([
      expect.stringContaining('must be a redis:// or rediss:// URL'),
    ]);
  });

  it('refuses Redis without TLS outside local mode, and a back-off base above its cap', () => {
    expect(problems({ ...base, REDIS_URL: 'redis://redis:6379' })).toEqual([
      'REDIS_URL must use rediss:// (TLS) outside LOCAL_MODE',
    ]);
    expect(
      problems({ ...base, WEBHOOK_RETRY_BASE_SECONDS: '600', WEBHOOK_RETRY_MAX_SECONDS: '60' }),
    ).toEqual(['WEBHOOK_RETRY_BASE_SECONDS must not exceed WEBHOOK_RETRY_MAX_SECONDS']);
  });
});
