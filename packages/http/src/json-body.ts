import express, { type RequestHandler } from 'express';
import { UnsupportedMediaTypeError } from '@videoforge/core';

/** Every body this platform accepts is a small JSON document. */
export const JSON_BODY_LIMIT_BYTES = 64 * 1024;

/**
 * Parses JSON bodies up to the limit (413 above it, 400 when malformed) and answers 415 when a
 * request carries a body that is not `application/json`, instead of silently ignoring it.
 */
export function jsonBody(limitBytes = JSON_BODY_LIMIT_BYTES): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    if (hasBody(req.headers) && !req.is('application/json')) {
      throw new UnsupportedMediaTypeError('request body must be application/json', 'content-type');
    }
    next();
  };
  return [requireJson, express.json({ limit: limitBytes, strict: true })];
}

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  if (headers['transfer-encoding'] !== undefined) return true;
  const length = headers['content-length'];
  return length !== undefined && length !== '0';
}
