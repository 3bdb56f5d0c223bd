import { Router } from 'express';
import { AppError } from '@videoforge/core';
import { parse, principalOf } from '@videoforge/http';
import type { Logger } from '@videoforge/platform';
import { writeAudit } from '../audit.ts';
import type { DeadLetterService, RedriveResult } from '../operations/dead-letters.ts';
import { dlqQuery, redriveBody } from '../schemas.ts';

export function dlqRoutes(deadLetters: DeadLetterService, logger: Logger): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const { limit } = parse(dlqQuery, req.query);
    res.json(await deadLetters.list({ limit }));
  });

  router.post('/redrive', async (req, res) => {
    const body = parse(redriveBody, req.body);
    const selection = body.messageIds ? { messageIds: body.messageIds } : { all: true as const };
    const audit = { actor: principalOf(req), action: 'dlq.redrive', targets: selection };
    let result: RedriveResult;
    try {
      result = await deadLetters.redrive(selection);
    } catch (error) {
      const code = error instanceof AppError ? error.code : 'INTERNAL';
      writeAudit(res, logger, { ...audit, outcome: 'error', error: code });
      throw error;
    }
    writeAudit(res, logger, { ...audit, outcome: 'ok', result: summarize(result) });
    res.json(result);
  });

  return router;
}

/** The audit line names every message touched and what happened to it. */
function summarize(result: RedriveResult) {
  return {
    redriven: result.redriven.map((r) => `${r.messageId} (${r.videoId} ${r.quality})`),
    dropped: result.dropped.map((r) => `${r.messageId}: ${r.reason}`),
    skipped: result.skipped.map((r) => `${r.messageId}: ${r.reason}`),
    notFound: result.notFound,
  };
}
