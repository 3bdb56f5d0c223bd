import type { Response } from 'express';
import type { Principal } from '@videoforge/core';
import { requestLoggerOf } from '@videoforge/http';
import type { Logger } from '@videoforge/platform';

export interface AuditEntry {
  actor: Principal;
  /** What was done, e.g. `dlq.redrive`. */
  action: string;
  /** What it was done to, as the admin asked. */
  targets: unknown;
  outcome: 'ok' | 'error';
  result?: unknown;
  error?: string;
}

/**
 * One structured line per admin write, with who, what, on what and how it ended; it carries the
 * request id like every line of the request. Filter on `audit=true` to get the trail.
 */
export function writeAudit(res: Response, fallback: Logger, entry: AuditEntry): void {
  const log = requestLoggerOf(res) ?? fallback;
  log.info(
    {
      audit: true,
      actor: { userId: entry.actor.userId, username: entry.actor.username },
      action: entry.action,
      targets: entry.targets,
      outcome: entry.outcome,
      result: entry.result,
      error: entry.error,
    },
    `admin action ${entry.action}: ${entry.outcome}`,
  );
}
