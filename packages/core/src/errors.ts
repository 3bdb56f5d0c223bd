/**
 * Typed errors the domain throws; each service maps them to its transport once
 * (HTTP status and the SPEC error code) in a single error handler.
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly field?: string;

  constructor(
    code: string,
    status: number,
    message: string,
    options?: { field?: string; cause?: unknown },
  ) {
    super(message, { cause: options?.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = status;
    this.field = options?.field;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, field?: string) {
    super('VALIDATION_FAILED', 400, message, { field });
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'missing or invalid access token') {
    super('UNAUTHORIZED', 401, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'not allowed') {
    super('FORBIDDEN', 403, message);
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'not found') {
    super('NOT_FOUND', 404, message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super('CONFLICT', 409, message);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message: string, field?: string) {
    super('PAYLOAD_TOO_LARGE', 413, message, { field });
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(message: string, field?: string) {
    super('UNSUPPORTED_MEDIA_TYPE', 415, message, { field });
  }
}

export class RateLimitedError extends AppError {
  constructor(message = 'too many requests') {
    super('RATE_LIMITED', 429, message);
  }
}

/**
 * A per-user quota (videos, stored bytes, transcode minutes a day) would be passed. 429 like a
 * rate limit: the client is asking for more than it is allotted, not for something it may never
 * do (403 is kept for permissions); the message says what frees room.
 */
export class QuotaExceededError extends AppError {
  constructor(message: string) {
    super('QUOTA_EXCEEDED', 429, message);
  }
}

/** A video's FAILED renditions were asked for again as often as allowed. */
export class RetryLimitError extends AppError {
  constructor(maxRequeues: number) {
    super(
      'RETRY_LIMIT_REACHED',
      409,
      `a video's failed renditions may be asked for again at most ${maxRequeues} times, and this ` +
        'one has used them all; if the source keeps failing, upload it again as a new video',
    );
  }
}

/** A dependency (emulator, AWS service) could not be reached or answered badly. */
export class DependencyError extends AppError {
  constructor(message: string, cause?: unknown) {
    super('DEPENDENCY_UNAVAILABLE', 503, message, { cause });
  }
}
