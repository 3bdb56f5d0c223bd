import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * Server-side check of an S3 presigned URL (SigV4 in the query string), as S3 does it: the
 * canonical request is rebuilt from what actually arrived (method, path, query, and the values of
 * the headers the URL says it signed), so a header sent with another value than the one signed,
 * such as a bigger Content-Length, no longer matches the signature.
 */

export interface ArrivedRequest {
  method: string;
  /** The request target exactly as sent: raw path and query string. */
  url: string;
  headers: IncomingHttpHeaders;
}

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface PresignedQuery {
  accessKeyId: string;
  /** `<date>/<region>/<service>/aws4_request` */
  scope: string;
  amzDate: string;
  signedHeaders: string[];
  signature: string;
}

export type SignatureVerdict = 'valid' | 'unknown-access-key' | 'mismatch';

const ALGORITHM = 'AWS4-HMAC-SHA256';
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/** The SigV4 fields of a presigned URL; undefined for a request that is not presigned. */
export function presignedQueryOf(url: string): PresignedQuery | undefined {
  const params = new Map(queryPairs(url));
  const credential = params.get('X-Amz-Credential');
  const amzDate = params.get('X-Amz-Date');
  const signedHeaders = params.get('X-Amz-SignedHeaders');
  const signature = params.get('X-Amz-Signature');
  if (params.get('X-Amz-Algorithm') !== ALGORITHM) return undefined;
  if (!credential || !amzDate || !signedHeaders || !signature) return undefined;
  const [accessKeyId = '', ...scope] = credential.split('/');
  return {
    accessKeyId,
    scope: scope.join('/'),
    amzDate,
    signedHeaders: signedHeaders.split(';'),
    signature,
  };
}

export function verifyPresigned(
  request: ArrivedRequest,
  presigned: PresignedQuery,
  credentials: SigningCredentials,
): SignatureVerdict {
  if (presigned.accessKeyId !== credentials.accessKeyId) return 'unknown-access-key';
  const stringToSign = [
    ALGORITHM,
    presigned.amzDate,
    presigned.scope,
    sha256Hex(canonicalRequest(request, presigned)),
  ].join('\n');
  const expected = hmac(signingKey(credentials.secretAccessKey, presigned.scope), stringToSign);
  const given = Buffer.from(presigned.signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected)
    ? 'valid'
    : 'mismatch';
}

function canonicalRequest(request: ArrivedRequest, presigned: PresignedQuery): string {
  const [path = '/'] = request.url.split('?', 1);
  const pairs = queryPairs(request.url);
  const headers = presigned.signedHeaders
    .map((name) => `${name}:${headerValue(request.headers[name])}\n`)
    .join('');
  return [
    request.method,
    path,
    canonicalQuery(pairs.filter(([name]) => name !== 'X-Amz-Signature')),
    headers,
    presigned.signedHeaders.join(';'),
    pairs.find(([name]) => name === 'X-Amz-Content-Sha256')?.[1] ?? UNSIGNED_PAYLOAD,
  ].join('\n');
}

/** Name and value of each query parameter, decoded once (`+` stays a plus, as SigV4 has it). */
function queryPairs(url: string): Array<[string, string]> {
  const index = url.indexOf('?');
  if (index < 0) return [];
  return url
    .slice(index + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      const value = eq < 0 ? '' : pair.slice(eq + 1);
      return [safeDecode(name), safeDecode(value)];
    });
}

function canonicalQuery(pairs: Array<[string, string]>): string {
  return pairs
    .map(([name, value]) => [rfc3986(name), rfc3986(value)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? compare(av, bv) : compare(a, b)))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

function headerValue(value: string | string[] | undefined): string {
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  return text.trim().replace(/\s+/g, ' ');
}

function signingKey(secret: string, scope: string): Buffer {
  return scope
    .split('/')
    .reduce<Buffer>((key, part) => hmac(key, part), Buffer.from(`AWS4${secret}`));
}

function hmac(key: Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function sha256Hex(data: string): string {
  return createHash('sha256').update(data, 'utf8').digest('hex');
}

function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function compare(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
