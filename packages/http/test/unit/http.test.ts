import express from 'express';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, ValidationError } from '@videoforge/core';
import { httpStatusOf } from '../../src/errors.ts';
import { listRoutes, parse, toAppError } from '../../src/index.ts';

describe('toAppError', () => {
  it.each([
    [{ type: 'entity.parse.failed', status: 400 }, 400, 'INVALID_JSON'],
    [{ type: 'entity.too.large', status: 413 }, 413, 'PAYLOAD_TOO_LARGE'],
    [{ type: 'charset.unsupported', status: 415 }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    [{ type: 'request.aborted', status: 400 }, 400, 'BAD_REQUEST'],
    [Object.assign(new URIError('bad escape'), { status: 400 }), 400, 'BAD_REQUEST'],
    [{ status: 405 }, 405, 'METHOD_NOT_ALLOWED'],
    [new Error('database password is hunter2'), 500, 'INTERNAL'],
    ['a thrown string', 500, 'INTERNAL'],
    [null, 500, 'INTERNAL'],
  ])('maps %o to %i %s, never leaking the message of an unknown error', (error, status, code) => {
    const mapped = toAppError(error);
    expect([httpStatusOf(mapped), mapped.code]).toEqual([status, code]);
    expect(mapped.message).not.toMatch(/hunter2/);
  });

  it('passes typed errors through', () => {
    const typed = new AppError('CONFLICT', 'busy');
    expect(toAppError(typed)).toBe(typed);
  });
});

describe('parse', () => {
  const schema = z.strictObject({
    title: z.string(),
    nested: z.strictObject({ n: z.number() }).optional(),
  });

  it('names the failing field', () => {
    expect(() => parse(schema, { title: 1 })).toThrow(ValidationError);
    expect(() => parse(schema, { title: 1 })).toThrow(/^title: /);
  });

  it('names an unknown key itself, nested too', () => {
    const field = (input: unknown) => {
      try {
        parse(schema, input);
      } catch (error) {
        return (error as ValidationError).field;
      }
    };
    expect(field({ title: 't', isAdmin: true })).toBe('isAdmin');
    expect(field({ title: 't', nested: { n: 1, x: 2 } })).toBe('nested.x');
    expect(field(JSON.parse('{"title":"t","__proto__":{"a":1}}'))).toBe('__proto__');
  });
});

describe('listRoutes', () => {
  it('lists every route with its full template, through nested routers', () => {
    const app = express();
    const inner = express.Router();
    inner.get('/', (_req, res) => void res.end());
    inner.patch('/:id', (_req, res) => void res.end());
    app.use((_req, _res, next) => next());
    app.get('/healthz', (_req, res) => void res.end());
    app.use('/api/things', (_req, _res, next) => next(), inner);
    expect(listRoutes(app)).toEqual([
      { method: 'GET', path: '/healthz' },
      { method: 'GET', path: '/api/things' },
      { method: 'PATCH', path: '/api/things/:id' },
    ]);
  });
});
