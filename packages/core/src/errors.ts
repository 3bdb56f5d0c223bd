/**
 * Typed errors the domain throws. Each carries a stable code (the SPEC's error code) and nothing
 * of a transport: every service maps codes to its transport once (for HTTP, packages/http).
 */
export class AppError extends Error {
  readonly code: string;
  readonly field?: string;

  constructor(code: string, message: string, options?: { field?: string; cause?: unknown }) {
    super(message, { cause: options?.cause });
    this.name = new.target.name;
    this.code = code;
    this.field = options?.field;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, field?: string) {
    super('VALIDATION_FAILED', message, { field });
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'missing or invalid access token') {
    super('UNAUTHORIZED', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'not allowed') {
    super('FORBIDDEN', message);
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'not found') {
    super('NOT_FOUND', message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message: string, field?: string) {
    super('PAYLOAD_TOO_LARGE', message, { field });
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(message: string, field?: string) {
    super('UNSUPPORTED_MEDIA_TYPE', message, { field });
  }
}

export class RateLimitedError extends AppError {
  constructor(message = 'too many requests') {
    super('RATE_LIMITED', message);
  }
}

/**
 * A per-user quota (videos, stored bytes, transcode minutes a day) would be passed: the client
 * asks for more than it is allotted, not for something it may never do (that is FORBIDDEN); the
 * message says what frees room.
 */
export class QuotaExceededError extends AppError {
  constructor(message: string) {
    super('QUOTA_EXCEEDED', message);
  }
}

/** A video's FAILED renditions were asked for again as often as allowed. */
export class RetryLimitError extends AppError {
  constructor(maxRequeues: number) {
    super(
      'RETRY_LIMIT_REACHED',
      `a video's failed renditions may be asked for again at most ${maxRequeues} times, and this ` +
        'one has used them all; if the source keeps failing, upload it again as a new video',
    );
  }
}

/** A dependency (emulator, AWS service) could not be reached or answered badly. */
export class DependencyError extends AppError {
  constructor(message: string, cause?: unknown) {
    super('DEPENDENCY_UNAVAILABLE', message, { cause });
  }
}
