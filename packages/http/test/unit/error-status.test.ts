import { describe, expect, it } from 'vitest';
import {
  AppError,
  ClusterUnavailableError,
  ConflictError,
  DependencyError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  QuotaExceededError,
  RateLimitedError,
  RetryLimitError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '@videoforge/core';
import { HttpError, httpStatusOf } from '../../src/errors.ts';

describe('httpStatusOf', () => {
  it.each<[AppError, number]>([
    [new ValidationError('bad', 'title'), 400],
    [new UnauthorizedError(), 401],
    [new ForbiddenError(), 403],
    [new NotFoundError(), 404],
    [new ConflictError('busy'), 409],
    [new RetryLimitError(3), 409],
    [new PayloadTooLargeError('big'), 413],
    [new UnsupportedMediaTypeError('image/png'), 415],
    [new RateLimitedError(), 429],
    [new QuotaExceededError('full'), 429],
    [new DependencyError('down'), 503],
    [new ClusterUnavailableError('no cluster'), 503],
  ])('gives %s the SPEC status %i', (error, status) => {
    expect(httpStatusOf(error)).toBe(status);
  });

  it('keeps the status an HTTP error came with, and makes an unknown code a 500', () => {
    expect(httpStatusOf(new HttpError('BAD_REQUEST', 414, 'bad request'))).toBe(414);
    expect(httpStatusOf(new AppError('SOMETHING_NEW', 'new'))).toBe(500);
  });
});
