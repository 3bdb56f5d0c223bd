import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  NotFound,
  PutObjectCommand,
  UploadPartCommand,
  type ListObjectVersionsCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  NotFoundError,
  type ObjectInfo,
  type ObjectStore,
  type PartChecksum,
  type PartChecksumAlgorithm,
  type PresignedRequest,
  type SizedPart,
  type UploadedPart,
} from '@videoforge/core';
import { batchGetSigner } from './s3-batch-presigner.ts';

/** Multipart part size and parallelism bound the memory an upload may use: PART_SIZE x QUEUE_SIZE. */
const PART_SIZE = 8 * 1024 * 1024;
const QUEUE_SIZE = 2;
const DELETE_BATCH = 1000;
/** Playlists are a few KiB; anything far larger is not one of ours. */
const MAX_TEXT_BYTES = 1024 * 1024;
const CRC32_HEADER = 'x-amz-checksum-crc32';
const CONTENT_LENGTH_HEADER = 'content-length';

/**
 * Where ping() lists: a prefix every role that checks readiness may list. IAM grants s3:ListBucket
 * only with an exact `s3:prefix` condition (cdk8s/src/aws/iam-policies.ts), so no call here lists,
 * or HEADs, the bucket as a whole.
 */
const DEFAULT_READINESS_PREFIX = 'hls/';

export interface S3ObjectStoreOptions {
  /** Default `hls/` (the api's ReadinessAndHlsListing grant). */
  readonly readinessPrefix?: string;
}

export class S3ObjectStore implements ObjectStore {
  readonly bucket: string;
  private readonly client: S3Client;
  private readonly readinessPrefix: string;

  constructor(client: S3Client, bucket: string, options: S3ObjectStoreOptions = {}) {
    this.client = client;
    this.bucket = bucket;
    this.readinessPrefix = options.readinessPrefix ?? DEFAULT_READINESS_PREFIX;
  }

  async presignPut(
    key: string,
    opts: { contentType: string; contentLength: number; expiresInSec: number },
  ): Promise<PresignedRequest> {
    const command = new PutObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ContentType: opts.contentType,
      ContentLength: opts.contentLength,
    });
    // Signing these headers binds the URL to the declared type and size.
    const url = await getSignedUrl(this.client, command, {
      expiresIn: opts.expiresInSec,
      signableHeaders: new Set(['content-type', 'content-length']),
    });
    return {
      url,
      method: 'PUT',
      headers: { 'Content-Type': opts.contentType, 'Content-Length': String(opts.contentLength) },
      expiresAt: expiresAt(opts.expiresInSec),
    };
  }

  async presignGet(
    key: string,
    opts: { expiresInSec: number; downloadName?: string },
  ): Promise<PresignedRequest> {
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ResponseContentDisposition: opts.downloadName
        ? `inline; filename="${opts.downloadName}"`
        : undefined,
    });
    const url = await getSignedUrl(this.client, command, { expiresIn: opts.expiresInSec });
    return { url, method: 'GET', headers: {}, expiresAt: expiresAt(opts.expiresInSec) };
  }

  /** One SigV4 signer per batch instead of the SDK's presigner (a middleware stack) per key. */
  async presignGetMany(keys: readonly string[], opts: { expiresInSec: number }): Promise<string[]> {
    if (keys.length === 0) return [];
    const signer = await batchGetSigner(this.client, this.bucket);
    if (signer) return signer.sign(keys, opts.expiresInSec);
    const presigned = [];
    for (const key of keys) presigned.push(await this.presignGet(key, opts));
    return presigned.map((p) => p.url);
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { sizeBytes: out.ContentLength ?? 0, contentType: out.ContentType };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      if (isForbidden(error) && !(await this.listedOrThrow(key, error))) return undefined;
      throw error;
    }
  }

  /**
   * S3 answers a HEAD of a missing key with 403 unless the caller may list the bucket without a
   * prefix, which no role may. A listing of the key's own prefix tells a missing key (undefined)
   * from one the caller may not read (the HEAD's error). A key sorts before every longer key it
   * prefixes, so one entry is enough.
   */
  private async listedOrThrow(key: string, headError: unknown): Promise<boolean> {
    try {
      const out = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: key, MaxKeys: 1 }),
      );
      return (out.Contents ?? []).some((o) => o.Key === key);
    } catch {
      throw headError;
    }
  }

  async readText(key: string): Promise<string> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if ((out.ContentLength ?? 0) > MAX_TEXT_BYTES)
        throw new Error(`${key} is too large to read as text`);
      return (await out.Body?.transformToString('utf8')) ?? '';
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey')
        throw new NotFoundError(`${key} not found`);
      throw error;
    }
  }

  async uploadFile(
    key: string,
    path: string,
    contentType: string,
    signal?: AbortSignal,
  ): Promise<ObjectInfo> {
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: this.bucket,
        Key: key,
        Body: createReadStream(path),
        ContentType: contentType,
      },
      partSize: PART_SIZE,
      queueSize: QUEUE_SIZE,
      leavePartsOnError: false,
    });
    const onAbort = () => void upload.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await upload.done();
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    return { sizeBytes: (await stat(path)).size, contentType };
  }

  /** Reaches the bucket with a prefixed listing (HeadBucket would need an unconditional ListBucket). */
  async ping(): Promise<void> {
    await this.client.send(
      new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.readinessPrefix, MaxKeys: 1 }),
    );
  }

  async createMultipartUpload(
    key: string,
    contentType: string,
    opts: { checksumAlgorithm?: PartChecksumAlgorithm } = {},
  ): Promise<string> {
    const out = await this.client.send(
      new CreateMultipartUploadCommand({
        Bucket: this.bucket,
        Key: key,
        ContentType: contentType,
        // COMPOSITE: S3 checks each part against its own checksum as it arrives.
        ...(opts.checksumAlgorithm && {
          ChecksumAlgorithm: opts.checksumAlgorithm,
          ChecksumType: 'COMPOSITE',
        }),
      }),
    );
    if (!out.UploadId) throw new Error('S3 answered CreateMultipartUpload without an upload id');
    return out.UploadId;
  }

  presignUploadPart(
    key: string,
    uploadId: string,
    part: SizedPart,
    expiresInSec: number,
  ): Promise<string> {
    const command = new UploadPartCommand({
      Bucket: this.bucket,
      Key: key,
      UploadId: uploadId,
      PartNumber: part.partNumber,
      ContentLength: part.sizeBytes,
    });
    // A signed Content-Length: a client cannot push more (or fewer) bytes than the plan says.
    return getSignedUrl(this.client, command, {
      expiresIn: expiresInSec,
      signableHeaders: new Set([CONTENT_LENGTH_HEADER]),
    });
  }

  async presignChecksumUploadPart(
    key: string,
    uploadId: string,
    part: PartChecksum & SizedPart,
    expiresInSec: number,
  ): Promise<PresignedRequest> {
    const command = new UploadPartCommand({
      Bucket: this.bucket,
      Key: key,
      UploadId: uploadId,
      PartNumber: part.partNumber,
      ContentLength: part.sizeBytes,
      ChecksumCRC32: part.checksumCRC32,
    });
    // The presigner would hoist the checksum into the query string, where S3 ignores it; kept a
    // signed header, the client must send it and S3 checks the body against it.
    const url = await getSignedUrl(this.client, command, {
      expiresIn: expiresInSec,
      signableHeaders: new Set([CONTENT_LENGTH_HEADER]),
      unhoistableHeaders: new Set([CRC32_HEADER]),
    });
    return {
      url,
      method: 'PUT',
      headers: {
        [CRC32_HEADER]: part.checksumCRC32,
        [CONTENT_LENGTH_HEADER]: String(part.sizeBytes),
      },
      expiresAt: expiresAt(expiresInSec),
    };
  }

  async listUploadedParts(key: string, uploadId: string): Promise<UploadedPart[]> {
    const parts: UploadedPart[] = [];
    let marker: string | undefined;
    do {
      const out = await this.client.send(
        new ListPartsCommand({
          Bucket: this.bucket,
          Key: key,
          UploadId: uploadId,
          PartNumberMarker: marker,
        }),
      );
      for (const p of out.Parts ?? []) {
        if (p.PartNumber && p.ETag)
          parts.push({
            partNumber: p.PartNumber,
            etag: p.ETag,
            sizeBytes: p.Size ?? 0,
            ...(p.ChecksumCRC32 && { checksumCRC32: p.ChecksumCRC32 }),
          });
      }
      marker = out.IsTruncated ? out.NextPartNumberMarker : undefined;
    } while (marker);
    return parts;
  }

  async completeMultipartUpload(
    key: string,
    uploadId: string,
    parts: readonly UploadedPart[],
  ): Promise<void> {
    await this.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.bucket,
        Key: key,
        UploadId: uploadId,
        // An upload created with checksums is only completed with each part's checksum.
        MultipartUpload: {
          Parts: parts.map((p) => ({
            PartNumber: p.partNumber,
            ETag: p.etag,
            ChecksumCRC32: p.checksumCRC32,
          })),
        },
      }),
    );
  }

  async abortMultipartUpload(key: string, uploadId: string): Promise<void> {
    await this.client.send(
      new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }),
    );
  }

  async deletePrefix(prefix: string): Promise<number> {
    let deleted = 0;
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : []));
      await this.deleteKeys(keys);
      deleted += keys.length;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return deleted;
  }

  async deleteKeys(keys: readonly string[]): Promise<void> {
    await this.deleteObjects(keys.map((Key) => ({ Key })));
  }

  async purgeVersions(target: {
    keys: readonly string[];
    prefixes: readonly string[];
  }): Promise<number> {
    const listings = await Promise.all([
      ...target.keys.map(async (key) =>
        (await this.versionsUnder(key)).filter((v) => v.Key === key),
      ),
      ...target.prefixes.map((prefix) => this.versionsUnder(prefix)),
    ]);
    const versions = listings.flat();
    await this.deleteObjects(versions);
    return versions.length;
  }

  /** Every version and delete marker whose key starts with `prefix`. */
  private async versionsUnder(prefix: string): Promise<Array<{ Key: string; VersionId: string }>> {
    const found: Array<{ Key: string; VersionId: string }> = [];
    let marker: { KeyMarker?: string; VersionIdMarker?: string } | undefined = {};
    while (marker) {
      const page: ListObjectVersionsCommandOutput = await this.client.send(
        new ListObjectVersionsCommand({ Bucket: this.bucket, Prefix: prefix, ...marker }),
      );
      for (const v of [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]) {
        if (v.Key && v.VersionId) found.push({ Key: v.Key, VersionId: v.VersionId });
      }
      marker = page.IsTruncated
        ? { KeyMarker: page.NextKeyMarker, VersionIdMarker: page.NextVersionIdMarker }
        : undefined;
    }
    return found;
  }

  private async deleteObjects(objects: ReadonlyArray<{ Key: string; VersionId?: string }>) {
    for (let i = 0; i < objects.length; i += DELETE_BATCH) {
      const batch = objects.slice(i, i + DELETE_BATCH);
      const out = await this.client.send(
        new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch, Quiet: true } }),
      );
      if (out.Errors?.length) {
        const first = out.Errors[0];
        throw new Error(
          `could not delete ${out.Errors.length} objects, first ${first?.Key}: ${first?.Message}`,
        );
      }
    }
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof NotFound || (error as { name?: string }).name === 'NotFound';
}

function isForbidden(error: unknown): boolean {
  const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return name === 'Forbidden' || name === 'AccessDenied' || $metadata?.httpStatusCode === 403;
}

function expiresAt(expiresInSec: number): string {
  return new Date(Date.now() + expiresInSec * 1000).toISOString();
}
