import { z } from 'zod';
import { env } from '@videoforge/platform';
import type { RateLimitSettings } from '@videoforge/http';

const HOUR = 3600;
const signingSecret = z.string().min(32, 'must be at least 32 characters').optional();

/** The api's playback variables: link lifetime and its bound, signing keys, throttle, cache. */
export const playbackEnvShape = {
  PLAYBACK_URL_TTL_SECONDS: env.int(HOUR, 60, 24 * HOUR),
  /** No link lives longer, whatever signed it; at most a day. */
  PLAYBACK_URL_TTL_MAX_SECONDS: env.int(12 * HOUR, 60, 24 * HOUR),
  PLAYBACK_SIGNING_SECRET: signingSecret,
  /** The key being rotated out (or, before a rotation, the one coming in): it verifies, never signs. */
  PLAYBACK_SIGNING_SECRET_PREVIOUS: signingSecret,
  PLAYBACK_RATE_LIMIT_PER_TOKEN_PER_MINUTE: env.int(120, 1, 1_000_000),
  PLAYBACK_RATE_LIMIT_PER_ADDRESS_PER_MINUTE: env.int(600, 1, 1_000_000),
  /** Signed rung playlists kept in each process; 0 turns the cache off. */
  PLAYBACK_CACHE_MAX_BYTES: env.int(64 * 1024 * 1024, 0, 2 * 1024 ** 3),
};

type PlaybackEnv = z.infer<z.ZodObject<typeof playbackEnvShape>> & { LOCAL_MODE: boolean };

export interface PlaybackSettings {
  /** Undefined only in local mode, where each process invents one (and says so). */
  signingSecret: string | undefined;
  previousSigningSecret: string | undefined;
  urlTtlSeconds: number;
  maxUrlTtlSeconds: number;
  perToken: RateLimitSettings;
  perAddress: RateLimitSettings;
  cacheMaxBytes: number;
}

/** Every reason these variables cannot run (each names its variable); empty when they can. */
export function playbackProblems(e: PlaybackEnv): string[] {
  const problems: string[] = [];
  if (!e.PLAYBACK_SIGNING_SECRET && !e.LOCAL_MODE)
    problems.push(
      'PLAYBACK_SIGNING_SECRET is required outside LOCAL_MODE: every api replica must sign HLS links with the same key',
    );
  if (e.PLAYBACK_SIGNING_SECRET_PREVIOUS && !e.PLAYBACK_SIGNING_SECRET)
    problems.push(
      'PLAYBACK_SIGNING_SECRET_PREVIOUS needs PLAYBACK_SIGNING_SECRET (the key that signs)',
    );
  if (e.PLAYBACK_SIGNING_SECRET && e.PLAYBACK_SIGNING_SECRET === e.PLAYBACK_SIGNING_SECRET_PREVIOUS)
    problems.push('PLAYBACK_SIGNING_SECRET_PREVIOUS must differ from PLAYBACK_SIGNING_SECRET');
  if (e.PLAYBACK_URL_TTL_SECONDS > e.PLAYBACK_URL_TTL_MAX_SECONDS)
    problems.push(
      `PLAYBACK_URL_TTL_SECONDS=${e.PLAYBACK_URL_TTL_SECONDS} is over PLAYBACK_URL_TTL_MAX_SECONDS=${e.PLAYBACK_URL_TTL_MAX_SECONDS}`,
    );
  return problems;
}

export function toPlaybackSettings(e: PlaybackEnv): PlaybackSettings {
  return {
    signingSecret: e.PLAYBACK_SIGNING_SECRET,
    previousSigningSecret: e.PLAYBACK_SIGNING_SECRET_PREVIOUS,
    urlTtlSeconds: e.PLAYBACK_URL_TTL_SECONDS,
    maxUrlTtlSeconds: e.PLAYBACK_URL_TTL_MAX_SECONDS,
    perToken: { limit: e.PLAYBACK_RATE_LIMIT_PER_TOKEN_PER_MINUTE, windowSeconds: 60 },
    perAddress: { limit: e.PLAYBACK_RATE_LIMIT_PER_ADDRESS_PER_MINUTE, windowSeconds: 60 },
    cacheMaxBytes: e.PLAYBACK_CACHE_MAX_BYTES,
  };
}
