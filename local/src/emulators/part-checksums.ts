import { crc32 } from 'node:zlib';
import type { buildApp } from 'fauxqs';
import { encodeCrc32, isCrc32Base64 } from '@videoforge/core';
import { multipartUploadsOf, type FauxqsStores, type StoredUpload } from './fauxqs-stores.ts';
import type { RequestLike } from './s3-response.ts';
import { errorXml } from './s3-xml.ts';

const CRC32_HEADER = 'x-amz-checksum-crc32';
const OTHER_CHECKSUM_ALGORITHMS = ['crc32c', 'crc64nvme', 'sha1', 'sha256'] as const;
/** fauxqs serves every object-level S3 operation on this path-style route. */
const OBJECT_ROUTE = '/:bucket/*';

/** An S3 error answer: always a 400 here. */
export interface S3Refusal {
  code: 'BadDigest' | 'InvalidRequest';
  message: string;
}

/** What an incoming PutObject or UploadPart says about its CRC32. */
export interface Crc32Claim {
  /** The x-amz-checksum-crc32 header. */
  declared: string | undefined;
  /** Another x-amz-checksum-* header sent instead, by algorithm ("sha256"). */
  otherAlgorithm: string | undefined;
  /** The part belongs to an upload created with ChecksumAlgorithm CRC32. */
  uploadExpectsCrc32: boolean;
  body: Uint8Array;
}

/** S3's verdict on a body and the CRC32 it came with; undefined when S3 would store it. */
export function judgeCrc32(claim: Crc32Claim): S3Refusal | undefined {
  if (claim.declared === undefined) {
    if (!claim.uploadExpectsCrc32) return undefined;
    // S3's answer to a part without the checksum its upload was created with (as reported against
    // S3 and mirrored by S3-compatible stores; not checked against AWS from here).
    return {
      code: 'InvalidRequest',
      message: `Checksum Type mismatch occurred, expected checksum Type: crc32, actual checksum Type: ${claim.otherAlgorithm ?? 'null'}`,
    };
  }
  if (!isCrc32Base64(claim.declared)) {
    return { code: 'InvalidRequest', message: `Value for ${CRC32_HEADER} header is invalid.` };
  }
  if (encodeCrc32(crc32(claim.body)) !== claim.declared) {
    return {
      code: 'BadDigest',
      message: 'The CRC32 you specified did not match the calculated checksum.',
    };
  }
  return undefined;
}

/** The first part a CompleteMultipartUpload body lists without its ChecksumCRC32, if any. */
export function partWithoutCrc32(completeXml: string): number | undefined {
  for (const [, part = ''] of completeXml.matchAll(/<Part>([\s\S]*?)<\/Part>/g)) {
    if (!/<ChecksumCRC32>[^<]+<\/ChecksumCRC32>/.test(part)) {
      return Number(/<PartNumber>(\d+)<\/PartNumber>/.exec(part)?.[1] ?? 0);
    }
  }
  return undefined;
}

/**
 * fauxqs records whatever x-amz-checksum-* header a PUT carries without checking it. Like S3, refuse
 * a PutObject or UploadPart whose CRC32 header does not match its body, and a part of a CRC32 upload
 * that comes without one; completing a CRC32 upload needs each part's checksum.
 *
 * A checksum in the query string (where the presigner hoists it unless told otherwise) is ignored,
 * as S3 ignores it: validating it here would pass locally what S3 never checks.
 */
export function addChecksumChecks(app: ReturnType<typeof buildApp>, stores: FauxqsStores): void {
  const uploads = multipartUploadsOf(stores);
  app.addHook('preHandler', async (request, reply) => {
    const refusal = refusalFor(request, uploads);
    if (!refusal) return;
    return reply
      .code(400)
      .header('content-type', 'application/xml')
      .send(errorXml(refusal.code, refusal.message));
  });
}

type ObjectRequest = RequestLike & { body: unknown };

function refusalFor(
  request: ObjectRequest,
  uploads: Map<string, StoredUpload>,
): S3Refusal | undefined {
  if (!isPlainObjectWrite(request)) return undefined;
  const query = request.query as Record<string, unknown>;
  const uploadId = stringOf(query.uploadId);
  const upload = uploadId === undefined ? undefined : uploads.get(uploadId);
  // An unknown upload id is fauxqs's to answer (NoSuchUpload).
  if (uploadId !== undefined && !upload) return undefined;
  if (request.method === 'POST') return completeRefusal(request, upload);
  const isPart = upload !== undefined && query.partNumber !== undefined;
  return putRefusal(request, isPart ? upload : undefined);
}

function putRefusal(request: ObjectRequest, part: StoredUpload | undefined): S3Refusal | undefined {
  return judgeCrc32({
    declared: stringOf(request.headers[CRC32_HEADER]),
    otherAlgorithm: OTHER_CHECKSUM_ALGORITHMS.find((a) => request.headers[`x-amz-checksum-${a}`]),
    uploadExpectsCrc32: part?.checksumAlgorithm === 'CRC32',
    body: bytesOf(request.body),
  });
}

function completeRefusal(
  request: ObjectRequest,
  upload: StoredUpload | undefined,
): S3Refusal | undefined {
  if (upload?.checksumAlgorithm !== 'CRC32') return undefined;
  const missing = partWithoutCrc32(Buffer.from(bytesOf(request.body)).toString('utf8'));
  if (missing === undefined) return undefined;
  return {
    code: 'InvalidRequest',
    message: `The upload was created using a crc32 checksum. The complete request must include the checksum for each part. It was missing for part ${missing} in the request.`,
  };
}

/**
 * PUTs and completions of an object's own bytes: not copies or renames, and not aws-chunked bodies
 * (SDK stream uploads), whose checksum trails the body in its own framing; fauxqs decodes those.
 */
function isPlainObjectWrite(request: ObjectRequest): boolean {
  if (request.method !== 'PUT' && request.method !== 'POST') return false;
  if (request.routeOptions.url !== OBJECT_ROUTE) return false;
  const params = request.params as Record<string, unknown>;
  const query = request.query as Record<string, unknown>;
  if (!params['*'] || 'renameObject' in query || request.headers['x-amz-copy-source']) return false;
  if (request.method === 'POST' && !('uploadId' in query)) return false;
  return !String(request.headers['content-encoding'] ?? '').includes('aws-chunked');
}

function stringOf(value: unknown): string | undefined {
  if (Array.isArray(value)) return stringOf(value[0]);
  return typeof value === 'string' ? value : undefined;
}

function bytesOf(body: unknown): Uint8Array {
  if (body instanceof Uint8Array) return body;
  return Buffer.from(typeof body === 'string' ? body : '');
}
