import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ValidationError } from '@videoforge/core';
import {
  decodeCursor,
  encodeCursor,
  statusIndexCursor,
  userPoolCursor,
  userVideosCursor,
} from '../../src/listing-cursor.ts';

const VIDEO = 'VIDEO#0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const userKey = { PK: 'USER#u1', SK: VIDEO };
const statusKey = {
  GSI1PK: 'STATUS#READY',
  GSI1SK: '2025-01-01T00:00:00.000Z#0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  PK: 'USER#u1',
  SK: VIDEO,
};

function refusal(run: () => unknown): ValidationError | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  return undefined;
}

describe('listing cursors', () => {
  it('gives back exactly the position each listing issued', () => {
    expect(decodeCursor(encodeCursor(userKey), userVideosCursor('u1'))).toEqual(userKey);
    expect(decodeCursor(encodeCursor(statusKey), statusIndexCursor('STATUS#READY'))).toEqual(
      statusKey,
    );
    expect(decodeCursor(encodeCursor({ token: 'opaque==' }), userPoolCursor)).toEqual({
      token: 'opaque==',
    });
  });

  it.each([
    ['an extra attribute', encodeCursor({ ...userKey, extra: 1 }), userVideosCursor('u1')],
    ['an extra key attribute', encodeCursor({ ...userKey, GSI1PK: 'x' }), userVideosCursor('u1')],
    ['a missing attribute', encodeCursor({ PK: 'USER#u1' }), userVideosCursor('u1')],
    ["another user's partition", encodeCursor(userKey), userVideosCursor('u2')],
    [
      'a sort key outside the listing',
      encodeCursor({ ...userKey, SK: 'USER#x' }),
      userVideosCursor('u1'),
    ],
    ['a number for a key', encodeCursor({ ...userKey, SK: 7 }), userVideosCursor('u1')],
    ['a nested object', encodeCursor({ ...userKey, SK: { S: VIDEO } }), userVideosCursor('u1')],
    ['another status', encodeCursor(statusKey), statusIndexCursor('STATUS#FAILED')],
    [
      'an index key with more',
      encodeCursor({ ...statusKey, extra: 1 }),
      statusIndexCursor('STATUS#READY'),
    ],
    ['a table key on the index', encodeCursor(userKey), statusIndexCursor('STATUS#READY')],
    ['a token with more', encodeCursor({ token: 'a', PK: 'x' }), userPoolCursor],
    ['a bare token', 'not-base64-json', userPoolCursor],
    ['JSON null', Buffer.from('null').toString('base64url'), userVideosCursor('u1')],
    [
      'an array',
      Buffer.from('["USER#u1","VIDEO#x"]').toString('base64url'),
      userVideosCursor('u1'),
    ],
    ['garbage', '%%%', userVideosCursor('u1')],
  ])('refuses %s with a 400 naming the cursor', (_name, cursor, shape) => {
    const error = refusal(() => decodeCursor(cursor, shape as z.ZodType<unknown>));
    expect(error?.code).toBe('VALIDATION_FAILED');
    expect(error?.field).toBe('cursor');
  });
});
