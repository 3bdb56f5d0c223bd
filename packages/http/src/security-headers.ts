import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Helmet's security headers, worked out once at start-up: with static options (no per-request
 * nonce) every response gets the same set, so each request only copies them instead of running
 * helmet's dozen middlewares.
 */
export function securityHeaders(options?: Readonly<HelmetOptions>): RequestHandler {
  const { set, removed } = helmetHeaders(options);
  return (_req, res, next) => {
    for (const [name, value] of set) res.setHeader(name, value);
    for (const name of removed) res.removeHeader(name);
    next();
  };
}

/** What helmet does to a response with these options: the headers it sets and those it removes. */
export function helmetHeaders(options?: Readonly<HelmetOptions>) {
  const set: [string, string][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: unknown) => void set.push([name, String(value)]),
    removeHeader: (name: string) => void removed.push(name),
  };
  let done = false;
  helmet(options)(
    {} as IncomingMessage,
    recorder as unknown as ServerResponse,
    (error?: unknown) => {
      if (error) throw error instanceof Error ? error : new Error(String(error));
      done = true;
    },
  );
  if (!done)
    throw new Error('helmet did not finish synchronously: its headers cannot be precomputed');
  return { set, removed };
}
