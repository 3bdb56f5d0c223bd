import { z } from 'zod';
import { env } from '@videoforge/platform';
import type { RateLimitSettings } from './rate-limit.ts';

/** An exact browser origin: scheme, host and optional port, nothing else (no path, no wildcard). */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

/** Environment fragment every HTTP service shares: where to listen and who may call from where. */
export const httpEnvShape = {
  PORT: env.port(8080),
  HOST: z.string().default('0.0.0.0'),
  /** Comma-separated browser origins allowed to call cross-origin; empty means none. */
  CORS_ORIGINS: env
    .list([])
    .refine(
      (origins) => origins.every(isOrigin),
      'each origin must look like https://app.example.com (scheme, host, optional port)',
    ),
  /** Per user and minute, for POST/PUT/PATCH/DELETE. */
  RATE_LIMIT_WRITES_PER_MINUTE: env.int(120, 1, 1_000_000),
  /**
   * Proxies in front of the service that append to X-Forwarded-For (the ALB: 1). The client
   * address is the entry that many hops from the right; entries further left are the client's own.
   */
  TRUSTED_PROXY_HOPS: env.int(0, 0, 10),
  /**
   * On SIGTERM, how long the service keeps answering after /readyz turned 503, before it stops
   * accepting connections: the time the load balancer needs to take the pod out of rotation.
   */
  SHUTDOWN_DRAIN_SECONDS: env.int(15, 0, 300),
};

type HttpEnv = z.infer<z.ZodObject<typeof httpEnvShape>>;

export interface HttpSettings {
  port: number;
  host: string;
  corsOrigins: string[];
  writeLimit: RateLimitSettings;
  /** Express's `trust proxy` hop count. */
  trustedProxyHops: number;
  /** SIGTERM: seconds of answering with readiness failed, before the server closes. */
  drainSeconds: number;
}

export function toHttpSettings(e: HttpEnv): HttpSettings {
  return {
    port: e.PORT,
    host: e.HOST,
    corsOrigins: e.CORS_ORIGINS,
    writeLimit: { limit: e.RATE_LIMIT_WRITES_PER_MINUTE, windowSeconds: 60 },
    trustedProxyHops: e.TRUSTED_PROXY_HOPS,
    drainSeconds: e.SHUTDOWN_DRAIN_SECONDS,
  };
}
