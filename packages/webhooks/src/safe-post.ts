import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import {
  checkAddress,
  checkUrl,
  hostOf,
  isIpLiteral,
  systemLookup,
  type LookupAll,
  type TargetPolicy,
} from './target-policy.ts';

export interface PostWebhookInput {
  url: string;
  /** The signature headers and anything else to send; content-type and length are set here. */
  headers: Record<string, string>;
  body: string;
  /** The whole exchange, response body included. Default 10 000. */
  timeoutMs?: number;
  /** Read at most this much of the response, then hang up. Default 4096. */
  maxResponseBytes?: number;
  policy: TargetPolicy;
  /** Name resolution; default the system resolver (dns.lookup). */
  lookup?: LookupAll;
}

export interface PostWebhookResult {
  /** Only a 2xx answer. */
  ok: boolean;
  statusCode?: number;
  durationMs: number;
  /** A short sentence for the delivery log: never a stack trace. */
  error?: string;
  responseSnippet?: string;
}

const USER_AGENT = 'VideoForge-Webhooks/1';

/** Our own failures carry the sentence users see; anything else is mapped by its code. */
class DeliveryError extends Error {}

/**
 * One POST to a receiver, safe against server-side request forgery: the address actually connected
 * to is the one checked (a custom lookup refuses what the policy refuses, so a host that resolves
 * elsewhere on the second lookup gains nothing), no redirects, no pooled sockets, a hard deadline
 * and a cap on what is read back.
 */
export async function postWebhook(input: PostWebhookInput): Promise<PostWebhookResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const problem = checkUrl(input.url, input.policy);
  if (problem) return { ok: false, durationMs: elapsed(), error: sentence(problem) };
  const url = new URL(input.url);
  const host = hostOf(url);
  // Node connects to an IP literal without calling `lookup`: checkUrl has judged it already.
  const lookup = isIpLiteral(host)
    ? undefined
    : guardedLookup(input.lookup ?? systemLookup, input.policy);
  try {
    const outcome = await exchange(url, host, lookup, input);
    return { ...outcome, durationMs: elapsed() };
  } catch (error) {
    return { ok: false, durationMs: elapsed(), error: describe(error, input.timeoutMs) };
  }
}

function exchange(
  url: URL,
  host: string,
  lookup: LookupFunction | undefined,
  input: PostWebhookInput,
): Promise<Omit<PostWebhookResult, 'durationMs'>> {
  const timeoutMs = input.timeoutMs ?? 10_000;
  const maxBytes = input.maxResponseBytes ?? 4096;
  const body = Buffer.from(input.body, 'utf8');
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request({
      protocol: url.protocol,
      hostname: host,
      port: url.port === '' ? undefined : Number(url.port),
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      // A fresh socket per delivery: a pooled one would skip the address check.
      agent: false,
      lookup,
      headers: {
        'user-agent': USER_AGENT,
        'content-type': 'application/json',
        ...input.headers,
        'content-length': String(body.length),
      },
    });
    const fail = (error: unknown) => {
      clearTimeout(timer);
      request.destroy();
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new DeliveryError(`timed out after ${seconds(timeoutMs)}`)),
      timeoutMs,
    );
    const finish = (outcome: Omit<PostWebhookResult, 'durationMs'>) => {
      clearTimeout(timer);
      request.destroy();
      resolve(outcome);
    };
    request.on('error', fail);
    request.on('response', (response) => {
      const statusCode = response.statusCode ?? 0;
      if (statusCode >= 300 && statusCode < 400) {
        finish({ ok: false, statusCode, error: `redirect not followed (HTTP ${statusCode})` });
        return;
      }
      response.on('error', fail);
      readCapped(response, maxBytes, (snippet) => {
        const ok = statusCode >= 200 && statusCode < 300;
        finish({
          ok,
          statusCode,
          error: ok ? undefined : `receiver answered HTTP ${statusCode}`,
          responseSnippet: snippet === '' ? undefined : snippet,
        });
      });
    });
    request.end(body);
  });
}

/** Collects up to `maxBytes` of the body; stops reading there (the caller hangs up). */
function readCapped(
  response: IncomingMessage,
  maxBytes: number,
  done: (snippet: string) => void,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const complete = () => {
    if (finished) return;
    finished = true;
    response.removeAllListeners('data');
    done(Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8'));
  };
  response.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= maxBytes) complete();
  });
  response.on('end', complete);
}

/**
 * Resolves like the system would, then refuses when any address is one the policy refuses: the
 * socket only ever gets addresses that passed.
 */
function guardedLookup(resolveAll: LookupAll, policy: TargetPolicy): LookupFunction {
  return (hostname, options, callback) => {
    const all = (options as { all?: boolean }).all === true;
    const family = (options as { family?: number | string }).family;
    resolveAll(hostname, { all: true }).then(
      (found) => {
        const addresses = found.filter((a) => wantedFamily(a.family, family));
        if (addresses.length === 0) {
          callback(dnsFailure(hostname), all ? [] : '', 4);
          return;
        }
        for (const { address } of addresses) {
          const refused = checkAddress(address, policy);
          if (refused) {
            callback(new DeliveryError(`${refused} (${hostname} resolves to it)`), '', 4);
            return;
          }
        }
        const first = addresses[0] as LookupAddress;
        if (all) callback(null, addresses as LookupAddress[]);
        else callback(null, first.address, first.family);
      },
      () => callback(dnsFailure(hostname), '', 4),
    );
  };
}

function wantedFamily(family: number, wanted: number | string | undefined): boolean {
  if (wanted === undefined || wanted === 0) return true;
  if (wanted === 'IPv4' || wanted === 4) return family === 4;
  if (wanted === 'IPv6' || wanted === 6) return family === 6;
  return true;
}

function dnsFailure(hostname: string): NodeJS.ErrnoException {
  return Object.assign(new DeliveryError(`host ${hostname} could not be resolved`), {
    code: 'ENOTFOUND',
  });
}

const NETWORK_SENTENCES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the receiver',
  EPIPE: 'connection closed by the receiver',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host could not be resolved',
  EAI_AGAIN: 'host could not be resolved',
  HPE_INVALID_CONSTANT: 'the receiver did not answer with valid HTTP',
};

/** A short sentence for the delivery log; the error's stack and internals stay here. */
function describe(error: unknown, timeoutMs = 10_000): string {
  if (error instanceof DeliveryError) return error.message;
  const code = codeOf(error);
  if (code === undefined) return 'request failed';
  if (NETWORK_SENTENCES[code]) return NETWORK_SENTENCES[code];
  if (code === 'ABORT_ERR') return `timed out after ${seconds(timeoutMs)}`;
  if (code.startsWith('HPE_')) return 'the receiver did not answer with valid HTTP';
  if (/CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code))
    return `TLS handshake failed (${code})`;
  return `request failed (${code})`;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  // Happy Eyeballs (several addresses tried) reports an AggregateError of the attempts.
  return error instanceof AggregateError ? codeOf(error.errors[0]) : undefined;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** checkUrl's problems read as sentences about the URL. */
function sentence(problem: string): string {
  return problem.startsWith('refused') ? problem : `url ${problem}`;
}
