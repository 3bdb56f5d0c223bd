import { z } from 'zod';
import { ValidationError } from '@videoforge/core';

/**
 * Every listing's cursor: base64url JSON of the position the listing stopped at. A cursor is
 * decoded against the exact key shape that listing issues (strict: no attribute more or less, each
 * of the right form), so a forged one is a 400 naming `cursor` and never reaches the data store.
 */
export function encodeCursor(position: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeCursor<T>(cursor: string, shape: z.ZodType<T>): T {
  const parsed = shape.safeParse(parseJson(Buffer.from(cursor, 'base64url').toString('utf8')));
  if (!parsed.success) throw new ValidationError('cursor is not valid for this listing', 'cursor');
  return parsed.data;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** DynamoDB's limits on key attributes: 2048 bytes for a partition key, 1024 for a sort key. */
const partitionKey = (prefix: string) => z.string().max(2048).startsWith(prefix);
const sortKey = (prefix: string) => z.string().max(1024).startsWith(prefix);

/** LastEvaluatedKey of a query over one user's videos (table keys only). */
export const userVideosCursor = (userId: string) =>
  z.strictObject({ PK: z.literal(`USER#${userId}`), SK: sortKey('VIDEO#') });

/** LastEvaluatedKey of a query on the status index: the index keys and the table keys. */
export const statusIndexCursor = (partition: string) =>
  z.strictObject({
    GSI1PK: z.literal(partition),
    GSI1SK: z.string().min(1).max(1024),
    PK: partitionKey('USER#'),
    SK: sortKey('VIDEO#'),
  });

/** The user pool's own pagination token, carried inside our cursor. */
export const userPoolCursor = z.strictObject({ token: z.string().min(1).max(4096) });
