import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, NotFoundError } from '@videoforge/core';
import type { Logger } from '@videoforge/platform';
import { requestLoggerOf, routeTemplate } from './request-context.ts';

export interface ErrorBody {
  error: { code: string; message: string; field?: string; requestId?: string };
}

/**
 * The one place typed errors become the SPEC's JSON error shape. Anything that is not an AppError
 * (a bug, an unmapped dependency failure) is a plain 500 carrying only the request id: the details
 * go to the log line with the same id, never to the client.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const requestId = res.locals.requestId as string | undefined;
    const log = requestLoggerOf(res) ?? logger.child({ requestId });
    const mapped = toAppError(error);
    const status = httpStatusOf(mapped);
    res.locals.errorCode = mapped.code;
    if (mapped === error && status >= 500) {
      // A typed 5xx is a known condition (a dependency down, no cluster): worth a warning.
      log.warn({ err: error, route: routeTemplate(req) }, `request failed: ${mapped.message}`);
    } else if (status >= 500) {
      log.error({ err: error, route: routeTemplate(req) }, 'request failed');
    }
    if (res.headersSent) {
      // Too late for a JSON answer: cut the response so the client sees it is incomplete.
      log.warn({ err: error }, 'error after the response started; closing the connection');
      res.destroy();
      return;
    }
    const body: ErrorBody = {
      error: { code: mapped.code, message: mapped.message, field: mapped.field, requestId },
    };
    res.status(status).json(body);
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new NotFoundError(`no route for ${req.method} ${req.path}`));
};

/**
 * The HTTP status of each error code the services throw (SPEC). Core's errors carry a code only:
 * this is the one place a code becomes a status. A code not listed is a 500.
 */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  RETRY_LIMIT_REACHED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  // The client asks for more than it is allotted: 429 like a rate limit (403 is for permissions).
  QUOTA_EXCEEDED: 429,
  INTERNAL: 500,
  DEPENDENCY_UNAVAILABLE: 503,
  CLUSTER_UNAVAILABLE: 503,
};

/** An error raised by HTTP itself (Express, body-parser): it comes with its own status. */
export class HttpError extends AppError {
  readonly status: number;

  constructor(code: string, status: number, message: string) {
    super(code, message);
    this.status = status;
  }
}

export function httpStatusOf(error: AppError): number {
  if (error instanceof HttpError) return error.status;
  return STATUS_BY_CODE[error.code] ?? 500;
}

/** Status codes Express and body-parser raise themselves, with the SPEC code each gets. */
const CODES_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const http = (typeof error === 'object' && error !== null ? error : {}) as {
    type?: string;
    status?: number;
    statusCode?: number;
  };
  // body-parser errors carry a type and a 4xx status.
  switch (http.type) {
    case 'entity.parse.failed':
      return new HttpError('INVALID_JSON', 400, 'request body is not valid JSON');
    case 'entity.too.large':
      return new HttpError('PAYLOAD_TOO_LARGE', 413, 'request body is too large');
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new HttpError('UNSUPPORTED_MEDIA_TYPE', 415, 'request body encoding is not supported');
    case 'request.aborted':
    case 'request.size.invalid':
      return new HttpError('BAD_REQUEST', 400, 'request body was incomplete');
  }
  const status = http.status ?? http.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // URIError from a malformed %-escape in a path parameter lands here as 400.
    return new HttpError(CODES_BY_STATUS[status] ?? 'BAD_REQUEST', status, 'bad request');
  }
  return new HttpError('INTERNAL', 500, 'internal error');
}
