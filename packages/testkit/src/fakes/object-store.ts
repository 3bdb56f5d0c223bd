import { stat } from 'node:fs/promises';
import type {
  ObjectInfo,
  ObjectStore,
  PartChecksum,
  PresignedRequest,
  SizedPart,
  UploadedPart,
} from '@videoforge/core';

type Method = Exclude<keyof ObjectStore, 'bucket'>;

interface OpenUpload {
  key: string;
  contentType: string;
  checksumAlgorithm?: string;
  /** Parts that "arrived": tests add them as a client's PUTs would. */
  parts: UploadedPart[];
}

/**
 * A bucket in memory. Objects are sizes and content types (uploads take the size of the local
 * file); presigned URLs are predictable strings; multipart uploads and purges are recorded.
 */
export class InMemoryObjectStore implements ObjectStore {
  readonly objects = new Map<string, ObjectInfo>();
  readonly uploads = new Map<string, OpenUpload>();
  readonly aborted: string[] = [];
  readonly completed: Array<{ uploadId: string; parts: readonly UploadedPart[] }> = [];
  readonly purged: Array<{ keys: readonly string[]; prefixes: readonly string[] }> = [];
  /** Calls of each method from now on throw this error, until set back to undefined. */
  readonly failing: Partial<Record<Method, Error>> = {};
  readonly bucket: string;
  private nextUploadId = 1;

  constructor(bucket = 'videos-test') {
    this.bucket = bucket;
  }

  async presignPut(
    key: string,
    opts: { contentType: string; contentLength: number; expiresInSec: number },
  ): Promise<PresignedRequest> {
    this.throwIfFailing('presignPut');
    return this.presigned('PUT', key, opts.expiresInSec, {
      'content-type': opts.contentType,
      'content-length': String(opts.contentLength),
    });
  }

  async presignGet(key: string, opts: { expiresInSec: number }): Promise<PresignedRequest> {
    this.throwIfFailing('presignGet');
    return this.presigned('GET', key, opts.expiresInSec, {});
  }

  async presignGetMany(keys: readonly string[], opts: { expiresInSec: number }): Promise<string[]> {
    this.throwIfFailing('presignGetMany');
    return keys.map((key) => this.presigned('GET', key, opts.expiresInSec, {}).url);
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    this.throwIfFailing('head');
    const info = this.objects.get(key);
    return info && { ...info };
  }

  async readText(key: string): Promise<string> {
    this.throwIfFailing('readText');
    throw new Error(`no text stored for ${key}`);
  }

  async uploadFile(key: string, path: string, contentType: string): Promise<ObjectInfo> {
    this.throwIfFailing('uploadFile');
    const info = { sizeBytes: (await stat(path)).size, contentType };
    this.objects.set(key, info);
    return { ...info };
  }

  async deletePrefix(prefix: string): Promise<number> {
    this.throwIfFailing('deletePrefix');
    const keys = [...this.objects.keys()].filter((k) => k.startsWith(prefix));
    for (const key of keys) this.objects.delete(key);
    return keys.length;
  }

  async createMultipartUpload(
    key: string,
    contentType: string,
    opts?: { checksumAlgorithm?: string },
  ): Promise<string> {
    this.throwIfFailing('createMultipartUpload');
    const uploadId = `upload-${this.nextUploadId++}`;
    const upload: OpenUpload = { key, contentType, parts: [] };
    if (opts?.checksumAlgorithm) upload.checksumAlgorithm = opts.checksumAlgorithm;
    this.uploads.set(uploadId, upload);
    return uploadId;
  }

  async presignUploadPart(
    key: string,
    uploadId: string,
    part: SizedPart,
    expiresInSec: number,
  ): Promise<string> {
    this.throwIfFailing('presignUploadPart');
    const query = `uploadId=${uploadId}&partNumber=${part.partNumber}`;
    return `https://${this.bucket}.s3.test/${key}?${query}&expires=${expiresInSec}`;
  }

  async presignChecksumUploadPart(
    key: string,
    uploadId: string,
    part: PartChecksum & SizedPart,
    expiresInSec: number,
  ): Promise<PresignedRequest> {
    this.throwIfFailing('presignChecksumUploadPart');
    const url = await this.presignUploadPart(key, uploadId, part, expiresInSec);
    return {
      url,
      method: 'PUT',
      headers: {
        'content-length': String(part.sizeBytes),
        'x-amz-checksum-crc32': part.checksumCRC32,
      },
      expiresAt: new Date(Date.now() + expiresInSec * 1000).toISOString(),
    };
  }

  async listUploadedParts(_key: string, uploadId: string): Promise<UploadedPart[]> {
    this.throwIfFailing('listUploadedParts');
    return (this.uploads.get(uploadId)?.parts ?? []).map((p) => ({ ...p }));
  }

  async completeMultipartUpload(
    key: string,
    uploadId: string,
    parts: readonly UploadedPart[],
  ): Promise<void> {
    this.throwIfFailing('completeMultipartUpload');
    const upload = this.uploads.get(uploadId);
    if (!upload) throw new Error(`no open upload ${uploadId}`);
    this.uploads.delete(uploadId);
    this.completed.push({ uploadId, parts });
    const sizeBytes = parts.reduce((sum, p) => sum + p.sizeBytes, 0);
    this.objects.set(key, { sizeBytes, contentType: upload.contentType });
  }

  async abortMultipartUpload(_key: string, uploadId: string): Promise<void> {
    this.throwIfFailing('abortMultipartUpload');
    this.uploads.delete(uploadId);
    this.aborted.push(uploadId);
  }

  async deleteKeys(keys: readonly string[]): Promise<void> {
    this.throwIfFailing('deleteKeys');
    for (const key of keys) this.objects.delete(key);
  }

  async purgeVersions(target: {
    keys: readonly string[];
    prefixes: readonly string[];
  }): Promise<number> {
    this.throwIfFailing('purgeVersions');
    this.purged.push(target);
    const gone = [...this.objects.keys()].filter(
      (k) => target.keys.includes(k) || target.prefixes.some((p) => k.startsWith(p)),
    );
    for (const key of gone) this.objects.delete(key);
    return gone.length;
  }

  private presigned(
    method: 'PUT' | 'GET',
    key: string,
    expiresInSec: number,
    headers: Record<string, string>,
  ): PresignedRequest {
    return {
      url: `https://${this.bucket}.s3.test/${key}?method=${method}&expires=${expiresInSec}`,
      method,
      headers,
      expiresAt: new Date(Date.now() + expiresInSec * 1000).toISOString(),
    };
  }

  private throwIfFailing(method: Method): void {
    const error = this.failing[method];
    if (error) throw error;
  }
}
