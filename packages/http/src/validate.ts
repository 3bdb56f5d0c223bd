import type { z } from 'zod';
import { ValidationError } from '@videoforge/core';

/** Parses request input with a schema; the first failing field becomes a 400 naming that field. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.map(String) ?? [];
  // An unknown key is reported on its parent; name the key itself, as clients sent it.
  const keys = issue?.code === 'unrecognized_keys' ? issue.keys : [];
  const field = [...path, ...keys.slice(0, 1)].join('.') || undefined;
  const message = field ? `${field}: ${issue?.message}` : (issue?.message ?? 'invalid input');
  throw new ValidationError(message, field);
}
