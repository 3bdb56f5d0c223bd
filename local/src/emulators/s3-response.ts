import type { IncomingHttpHeaders } from 'node:http';

/** An object as the emulator holds it right after the request that wrote it. */
export interface StoredObject {
  size: number;
  /** Without the surrounding quotes, as S3 events carry it. */
  eTag: string;
}

/** What the S3 event bridge needs to know about one S3 object request whose answer is being sent. */
export interface S3ResponseFacts {
  method: string;
  bucket: string;
  /** The object key, already URL-decoded (as the emulator stored it). */
  key: string;
  queryNames: readonly string[];
  copySource: string | undefined;
  statusCode: number;
  sourceIp: string;
  requestId: string;
  hostId: string;
}

/** The parts of Fastify's request and reply we read, kept structural so no Fastify import is needed. */
export interface RequestLike {
  method: string;
  ip: string;
  params: unknown;
  query: unknown;
  headers: IncomingHttpHeaders;
  routeOptions: { url?: string | undefined };
}

export interface ReplyLike {
  statusCode: number;
  getHeader(name: string): unknown;
}

/** fauxqs serves every object-level S3 operation on this path-style route. */
const OBJECT_ROUTE = '/:bucket/*';

export function toS3ResponseFacts(
  request: RequestLike,
  reply: ReplyLike,
): S3ResponseFacts | undefined {
  if (request.routeOptions.url !== OBJECT_ROUTE || !isRecord(request.params)) return undefined;
  const { bucket, '*': key } = request.params;
  if (typeof bucket !== 'string' || typeof key !== 'string' || key === '') return undefined;
  const copySource = request.headers['x-amz-copy-source'];
  return {
    method: request.method,
    bucket,
    key,
    queryNames: isRecord(request.query) ? Object.keys(request.query) : [],
    copySource: typeof copySource === 'string' ? copySource : undefined,
    statusCode: reply.statusCode,
    sourceIp: request.ip,
    requestId: String(reply.getHeader('x-amz-request-id') ?? ''),
    hostId: String(reply.getHeader('x-amz-id-2') ?? ''),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
