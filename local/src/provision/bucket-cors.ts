import { PutBucketCorsCommand, type S3Client } from '@aws-sdk/client-s3';
import type { buildApp } from 'fauxqs';
import type { Logger } from '@videoforge/platform';

type FauxqsApp = ReturnType<typeof buildApp>;

/** One S3 CORS rule, as in PutBucketCors (an origin may hold one `*` wildcard). */
export interface CorsRule {
  allowedOrigins: string[];
  allowedMethods: string[];
  allowedHeaders: string[];
  exposeHeaders: string[];
  maxAgeSeconds: number;
}

/** The web app's local origins: `npm start` serves it on :3000, tests on a free port. */
export const LOCAL_APP_ORIGINS = ['http://localhost:*', 'http://127.0.0.1:*'];

/**
 * What the browser needs of the bucket: PUT uploads and multipart parts straight to S3 (with the
 * signed checksum header), GET and HEAD for posters, MP4s and HLS segments, and the ETag readable.
 */
export function webAppCorsRule(origins: readonly string[]): CorsRule {
  return {
    allowedOrigins: [...origins],
    allowedMethods: ['PUT', 'GET', 'HEAD'],
    allowedHeaders: ['content-type', 'x-amz-checksum-crc32', 'x-amz-*'],
    exposeHeaders: ['ETag', 'x-amz-checksum-crc32'],
    maxAgeSeconds: 3000,
  };
}

export async function provisionBucketCors(
  s3: S3Client,
  bucket: string,
  origins: readonly string[] = LOCAL_APP_ORIGINS,
): Promise<void> {
  const rule = webAppCorsRule(origins);
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: bucket,
      CORSConfiguration: {
        CORSRules: [
          {
            AllowedOrigins: rule.allowedOrigins,
            AllowedMethods: rule.allowedMethods,
            AllowedHeaders: rule.allowedHeaders,
            ExposeHeaders: rule.exposeHeaders,
            MaxAgeSeconds: rule.maxAgeSeconds,
          },
        ],
      },
    }),
  );
}

/**
 * fauxqs 2.4 has no bucket CORS: it would answer PutBucketCors as CreateBucket and a browser's
 * preflight with 404. This adds S3's behaviour: PutBucketCors stores the rules, a preflight is
 * answered from them (403 when no rule allows it), and responses to an allowed origin carry the
 * CORS headers. The rules live with the emulator's stores, so they survive its restarts.
 */
export function addBucketCors(app: FauxqsApp, stores: object, logger?: Logger): void {
  const rulesByBucket = corsRulesOf(stores);
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'OPTIONS') return;
    const bucket = bucketOf(request.url);
    const origin = header(request.headers.origin);
    const method = header(request.headers['access-control-request-method']);
    const asked = splitList(header(request.headers['access-control-request-headers']));
    const rule =
      bucket && origin && method
        ? matchRule(rulesByBucket.get(bucket), origin, method, asked)
        : undefined;
    if (!rule || !origin) {
      return reply.code(403).send('CORSResponse: This CORS request is not allowed.');
    }
    return reply
      .code(200)
      .headers({
        'access-control-allow-origin': origin,
        'access-control-allow-methods': rule.allowedMethods.join(', '),
        'access-control-allow-headers': asked.join(', '),
        'access-control-expose-headers': rule.exposeHeaders.join(', '),
        'access-control-max-age': String(rule.maxAgeSeconds),
        vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
      })
      .send();
  });
  app.addHook('preHandler', async (request, reply) => {
    const url = new URL(request.url, 'http://local');
    const bucket = bucketOf(request.url);
    if (request.method !== 'PUT' || !url.searchParams.has('cors') || !bucket) return;
    if (url.pathname.split('/').filter(Boolean).length !== 1) return;
    rulesByBucket.set(bucket, parseCorsXml(bodyText(request.body)));
    logger?.debug({ bucket }, 'bucket CORS configured');
    return reply.code(200).send();
  });
  // Headers set before the handler stay on its answer; an onSend hook here would make fastify run
  // every onSend hook twice for an object PUT (the S3 event listener among them).
  app.addHook('onRequest', async (request, reply) => {
    const origin = header(request.headers.origin);
    const bucket = bucketOf(request.url);
    if (request.method === 'OPTIONS' || !origin || !bucket) return;
    const rule = matchRule(rulesByBucket.get(bucket), origin, request.method, []);
    if (!rule) return;
    reply.header('access-control-allow-origin', origin);
    reply.header('access-control-expose-headers', rule.exposeHeaders.join(', '));
    reply.header('vary', 'Origin');
  });
}

const rulesByStores = new WeakMap<object, Map<string, CorsRule[]>>();

function corsRulesOf(stores: object): Map<string, CorsRule[]> {
  let rules = rulesByStores.get(stores);
  if (!rules) rulesByStores.set(stores, (rules = new Map()));
  return rules;
}

export function matchRule(
  rules: readonly CorsRule[] | undefined,
  origin: string,
  method: string,
  requestedHeaders: readonly string[],
): CorsRule | undefined {
  return rules?.find(
    (rule) =>
      rule.allowedOrigins.some((allowed) => wildcardMatch(allowed, origin)) &&
      rule.allowedMethods.includes(method.toUpperCase()) &&
      requestedHeaders.every((h) =>
        rule.allowedHeaders.some((allowed) => wildcardMatch(allowed, h)),
      ),
  );
}

function wildcardMatch(pattern: string, value: string): boolean {
  const escaped = pattern
    .toLowerCase()
    .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    .replace('*', '.*');
  return new RegExp(`^${escaped}$`).test(value.toLowerCase());
}

export function parseCorsXml(xml: string): CorsRule[] {
  const values = (block: string, tag: string) =>
    [...block.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) =>
      (m[1] ?? '').trim(),
    );
  return [...xml.matchAll(/<CORSRule>([\s\S]*?)<\/CORSRule>/g)].map(([, block = '']) => ({
    allowedOrigins: values(block, 'AllowedOrigin'),
    allowedMethods: values(block, 'AllowedMethod').map((m) => m.toUpperCase()),
    allowedHeaders: values(block, 'AllowedHeader'),
    exposeHeaders: values(block, 'ExposeHeader'),
    maxAgeSeconds: Number(values(block, 'MaxAgeSeconds')[0] ?? 0),
  }));
}

function bucketOf(url: string): string | undefined {
  return new URL(url, 'http://local').pathname.split('/').filter(Boolean)[0];
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

function bodyText(body: unknown): string {
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  return typeof body === 'string' ? body : '';
}
