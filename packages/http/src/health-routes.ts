import { Router } from 'express';
import type { Registry } from '@videoforge/platform';
import type { Draining } from './draining.ts';

export type ReadinessCheck = { name: string; check: () => Promise<void> };

/** A dependency that does not answer within this long counts as down (probes have short timeouts). */
const CHECK_TIMEOUT_MS = 3_000;

/**
 * Liveness says the process serves; readiness says its dependencies answer and it is not shutting
 * down (so the load balancer stops sending it requests while it drains); metrics for Prometheus.
 */
export function healthRoutes(
  registry: Registry,
  checks: readonly ReadinessCheck[],
  draining?: Draining,
): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    if (draining?.active) {
      res.status(503).json({ status: 'draining', checks: [] });
      return;
    }
    const results = await Promise.all(
      checks.map(async ({ name, check }) => {
        try {
          await withTimeout(check(), CHECK_TIMEOUT_MS, name);
          return { name, ok: true };
        } catch (error) {
          return { name, ok: false, error: (error as Error).message };
        }
      }),
    );
    const ready = results.every((r) => r.ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks: results });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  return router;
}

async function withTimeout<T>(work: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
