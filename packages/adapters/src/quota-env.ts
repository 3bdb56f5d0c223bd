import { z } from 'zod';
import type { UserQuotas } from '@videoforge/core';

const GiB = 1024 ** 3;

/**
 * Per-user quotas, shared by the api (which enforces them) and the admin service (which shows
 * usage against them). Defaults are generous: they stop abuse, not ordinary use.
 */
export const quotaEnvShape = {
  QUOTA_MAX_VIDEOS: z.coerce.number().int().min(0).default(1000),
  QUOTA_MAX_STORED_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(100 * GiB),
  /** Fractions allowed (0.5 is 30 s). */
  QUOTA_TRANSCODE_MINUTES_PER_DAY: z.coerce.number().min(0).max(1_000_000).default(600),
};

type QuotaEnv = z.infer<z.ZodObject<typeof quotaEnvShape>>;

export function toQuotaSettings(e: QuotaEnv): UserQuotas {
  return {
    maxVideos: e.QUOTA_MAX_VIDEOS,
    maxStoredBytes: e.QUOTA_MAX_STORED_BYTES,
    transcodeMinutesPerDay: e.QUOTA_TRANSCODE_MINUTES_PER_DAY,
  };
}
