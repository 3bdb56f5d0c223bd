import express, { type RequestHandler } from 'express';
import { UnsupportedMediaTypeError } from '@videoforge/core';

/** Every body this platform accepts is a small JSON document. */
export const JSON_BODY_LIMIT_BYTES = 64 * 1024;

/**
 * Parses JSON bodies up to the limit (413 above it, 400 when malformed) and answers 415 when a
 * request carries a body that is not `application/json`, instead of silently ignoring it.
 */
export function jsonBody(limitBytes = JSON_BODY_LIMIT_BYTES): RequestHandler[] {
  const parseJson = express.json({ limit: limitBytes, strict: true });
  // One layer, and most requests (GETs) carry no body headers at all: nothing to check or parse.
  const requireJson: RequestHandler = (req, res, next) => {
    const { headers } = req;
    if (headers['transfer-encoding'] === undefined && headers['content-length'] === undefined) {
      next();
      return;
    }
    if (hasBody(headers) && !req.is('application/json')) {
      throw new UnsupportedMediaTypeError('request body must be application/json', 'content-type');
    }
    parseJson(req, res, next);
  };
  return [requireJson];
}

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  if (headers['transfer-encoding'] !== undefined) return true;
  const length = headers['content-length'];
  return length !== undefined && length !== '0';
}
