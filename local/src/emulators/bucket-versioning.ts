import type { buildApp } from 'fauxqs';
import type { FauxqsStores } from './fauxqs-stores.ts';
import { VersionedObjects, type ObjectVersion, type VersionedObject } from './object-versions.ts';
import { errorXml, escapeXml } from './s3-xml.ts';

type FauxqsApp = ReturnType<typeof buildApp>;
type Buckets = Map<string, Map<string, VersionedObject>>;

interface BucketRequest {
  method: string;
  bucket: string;
  query: URLSearchParams;
  body: string;
}

interface Answer {
  status: number;
  xml: string;
}

const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const MAX_KEYS = 1000;

/**
 * fauxqs 2.4 answers PutBucketVersioning with 200 and ignores it, and has no ListObjectVersions.
 * Production's bucket is versioned, and deleting a video must remove every version, so the local
 * S3 answers these as S3 does: PutBucketVersioning (Enabled), GetBucketVersioning,
 * ListObjectVersions, and DeleteObjects with version ids. Reading an older version back
 * (GetObject with versionId) is not emulated.
 */
export function addBucketVersioning(app: FauxqsApp, stores: FauxqsStores): void {
  const buckets = bucketsOf(stores);
  app.addHook('preHandler', async (request, reply) => {
    const target = bucketRequestOf(request);
    if (!target || !buckets.has(target.bucket)) return;
    const answer = answerFor(target, buckets);
    if (!answer) return;
    return reply.code(answer.status).header('content-type', 'application/xml').send(answer.xml);
  });
}

function answerFor(target: BucketRequest, buckets: Buckets): Answer | undefined {
  const objects = buckets.get(target.bucket);
  const versioned = objects instanceof VersionedObjects ? objects : undefined;
  const { method, query } = target;
  if (query.has('versioning') && method === 'GET') return versioningStatus(versioned);
  if (query.has('versioning') && method === 'PUT') return putVersioning(target, buckets, versioned);
  if (query.has('versions') && method === 'GET') return listVersions(target, versioned ?? objects);
  if (query.has('delete') && method === 'POST' && versioned)
    return deleteObjects(target.body, versioned);
  return undefined;
}

function versioningStatus(versioned: VersionedObjects<VersionedObject> | undefined): Answer {
  const status = versioned ? '<Status>Enabled</Status>' : '';
  return {
    status: 200,
    xml: `<VersioningConfiguration xmlns="${XMLNS}">${status}</VersioningConfiguration>`,
  };
}

function putVersioning(
  target: BucketRequest,
  buckets: Buckets,
  versioned: VersionedObjects<VersionedObject> | undefined,
): Answer {
  if (!/<Status>\s*Enabled\s*<\/Status>/.test(target.body)) {
    return {
      status: 501,
      xml: errorXml('NotImplemented', 'The local S3 only supports turning versioning on.'),
    };
  }
  const objects = buckets.get(target.bucket) ?? new Map<string, VersionedObject>();
  if (!versioned) buckets.set(target.bucket, VersionedObjects.adopt(objects));
  return { status: 200, xml: '' };
}

function listVersions(
  target: BucketRequest,
  objects: VersionedObjects<VersionedObject> | Map<string, VersionedObject> | undefined,
): Answer {
  const prefix = target.query.get('prefix') ?? '';
  const all =
    objects instanceof VersionedObjects
      ? objects.versions(prefix)
      : unversionedVersions(objects ?? new Map(), prefix);
  const start = startIndex(
    all,
    target.query.get('key-marker'),
    target.query.get('version-id-marker'),
  );
  const maxKeys = Math.min(Number(target.query.get('max-keys') ?? MAX_KEYS) || MAX_KEYS, MAX_KEYS);
  const page = all.slice(start, start + maxKeys);
  const truncated = start + maxKeys < all.length;
  const last = page.at(-1);
  const xml = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<ListVersionsResult xmlns="${XMLNS}">`,
    tag('Name', target.bucket),
    tag('Prefix', prefix),
    tag('MaxKeys', maxKeys),
    tag('IsTruncated', truncated),
    truncated && last
      ? tag('NextKeyMarker', last.key) + tag('NextVersionIdMarker', last.versionId)
      : '',
    ...page.map(versionXml),
    '</ListVersionsResult>',
  ].join('');
  return { status: 200, xml };
}

/** Where a page starts: after the marker version, or at the first key after a bare key marker. */
function startIndex(all: ObjectVersion[], keyMarker: string | null, versionMarker: string | null) {
  if (!keyMarker) return 0;
  if (versionMarker) {
    const at = all.findIndex((v) => v.key === keyMarker && v.versionId === versionMarker);
    if (at >= 0) return at + 1;
  }
  const next = all.findIndex((v) => v.key > keyMarker);
  return next < 0 ? all.length : next;
}

function unversionedVersions(
  objects: Map<string, VersionedObject>,
  prefix: string,
): ObjectVersion[] {
  return [...objects.values()]
    .filter((o) => o.key.startsWith(prefix))
    .sort((a, b) => (a.key < b.key ? -1 : 1))
    .map((o) => ({
      key: o.key,
      versionId: 'null',
      isLatest: true,
      lastModified: o.lastModified,
      object: o,
    }));
}

function versionXml(version: ObjectVersion): string {
  const common =
    tag('Key', version.key) +
    tag('VersionId', version.versionId) +
    tag('IsLatest', version.isLatest) +
    tag('LastModified', version.lastModified.toISOString());
  if (!version.object) return `<DeleteMarker>${common}</DeleteMarker>`;
  const { etag, contentLength } = version.object;
  const details = tag('ETag', etag) + tag('Size', contentLength) + tag('StorageClass', 'STANDARD');
  return `<Version>${common}${details}</Version>`;
}

function tag(name: string, value: string | number | boolean): string {
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/**
 * DeleteObjects on a versioned bucket: an entry with a VersionId removes that version for good;
 * one without leaves a delete marker.
 */
function deleteObjects(body: string, objects: VersionedObjects<VersionedObject>): Answer {
  const quiet = /<Quiet>\s*true\s*<\/Quiet>/i.test(body);
  const results: string[] = [];
  for (const [, entry = ''] of body.matchAll(/<Object>([\s\S]*?)<\/Object>/g)) {
    const key = unescapeXml(/<Key>([\s\S]*?)<\/Key>/.exec(entry)?.[1] ?? '');
    const versionId = /<VersionId>([\s\S]*?)<\/VersionId>/.exec(entry)?.[1];
    if (versionId === undefined) objects.delete(key);
    else objects.deleteVersion(key, unescapeXml(versionId));
    // Like S3, removing a version that is not there counts as deleted.
    if (!quiet) results.push(deletedXml(key, versionId));
  }
  const xml = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<DeleteResult xmlns="${XMLNS}">${results.join('')}</DeleteResult>`,
  ].join('');
  return { status: 200, xml };
}

function deletedXml(key: string, versionId: string | undefined): string {
  const version = versionId === undefined ? '' : tag('VersionId', unescapeXml(versionId));
  return `<Deleted>${tag('Key', key)}${version}</Deleted>`;
}

/** Bucket-level requests (path-style `/bucket` or `/bucket/`), with their query and body. */
function bucketRequestOf(request: {
  method: string;
  url: string;
  params: unknown;
  routeOptions: { url?: string | undefined };
  body: unknown;
}): BucketRequest | undefined {
  const route = request.routeOptions.url;
  const params = request.params as Record<string, string | undefined>;
  if (route !== '/:bucket' && !(route === '/:bucket/*' && !params['*'])) return undefined;
  const bucket = params.bucket;
  if (!bucket) return undefined;
  const query = new URL(request.url, 'http://local').searchParams;
  return { method: request.method, bucket, query, body: bodyText(request.body) };
}

function bodyText(body: unknown): string {
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  return typeof body === 'string' ? body : '';
}

function unescapeXml(value: string): string {
  return value.replace(/&(#\d+|#x[0-9a-f]+|amp|lt|gt|quot|apos);/gi, (_m, entity: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (entity[0] !== '#') return named[entity.toLowerCase()] ?? '';
    const code =
      entity[1]?.toLowerCase() === 'x' ? parseInt(entity.slice(2), 16) : Number(entity.slice(1));
    return String.fromCodePoint(code);
  });
}

function bucketsOf(stores: FauxqsStores): Buckets {
  return (stores.s3Store as unknown as { buckets: Buckets }).buckets;
}
