import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, NotFoundError } from '@videoforge/core';
import type { Logger } from '@videoforge/platform';

interface ErrorBody {
  error: { code: string; message: string; field?: string; requestId?: string };
}

/** The one place typed errors become the SPEC's JSON error shape; anything else is a plain 500. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const requestId = res.locals.requestId as string | undefined;
    const mapped = toAppError(error);
    if (mapped.status >= 500) {
      logger.error({ err: error, requestId, route: req.route?.path }, 'request failed');
    }
    const body: ErrorBody = {
      error: { code: mapped.code, message: mapped.message, field: mapped.field, requestId },
    };
    res.status(mapped.status).json(body);
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new NotFoundError(`no route for ${req.method} ${req.path}`));
};

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const http = error as { type?: string; status?: number; statusCode?: number };
  // body-parser errors carry a type and a 4xx status.
  if (http.type === 'entity.parse.failed')
    return new AppError('INVALID_JSON', 400, 'request body is not valid JSON');
  if (http.type === 'entity.too.large')
    return new AppError('PAYLOAD_TOO_LARGE', 413, 'request body is too large');
  const status = http.status ?? http.statusCode;
  if (status && status >= 400 && status < 500)
    return new AppError('BAD_REQUEST', status, 'bad request');
  return new AppError('INTERNAL', 500, 'internal error');
}
