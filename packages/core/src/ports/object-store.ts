import type { PartChecksumAlgorithm } from '../domain/part-checksum.ts';

export interface PresignedRequest {
  url: string;
  method: 'PUT' | 'GET';
  /** Headers the client must send unchanged (the signature covers them). */
  headers: Record<string, string>;
  expiresAt: string;
}

export interface UploadedPart {
  partNumber: number;
  etag: string;
  sizeBytes: number;
  /** What S3 recorded for a part of an upload created with CRC32 checksums. */
  checksumCRC32?: string;
}

/** A part the client has read and summed, to be signed with that sum. */
export interface PartChecksum {
  partNumber: number;
  /** Base64 of the part's big-endian CRC32. */
  checksumCRC32: string;
}

/** A part of a multipart upload as planned: its URL is signed for exactly this many bytes. */
export interface SizedPart {
  partNumber: number;
  sizeBytes: number;
}

export interface ObjectInfo {
  sizeBytes: number;
  contentType?: string;
}

/** Blob storage for sources and outputs. Implementations stream; nothing holds a whole file in memory. */
export interface ObjectStore {
  readonly bucket: string;
  presignPut(
    key: string,
    opts: { contentType: string; contentLength: number; expiresInSec: number },
  ): Promise<PresignedRequest>;
  presignGet(
    key: string,
    opts: { expiresInSec: number; downloadName?: string },
  ): Promise<PresignedRequest>;
  /**
   * The URLs of plain GETs (as presignGet without a download name) of many keys, in their order,
   * all valid for `expiresInSec`: a 10-hour playlist signs thousands at once.
   */
  presignGetMany(keys: readonly string[], opts: { expiresInSec: number }): Promise<string[]>;
  head(key: string): Promise<ObjectInfo | undefined>;
  /** A small text object (a playlist); throws NotFoundError when absent. */
  readText(key: string): Promise<string>;
  uploadFile(
    key: string,
    path: string,
    contentType: string,
    signal?: AbortSignal,
  ): Promise<ObjectInfo>;
  deletePrefix(prefix: string): Promise<number>;
  /** Multipart upload straight from clients: start, presign each part, see what arrived, finish or abort. */
  createMultipartUpload(
    key: string,
    contentType: string,
    opts?: { checksumAlgorithm?: PartChecksumAlgorithm },
  ): Promise<string>;
  /** A part PUT bound to the part's size: Content-Length is signed, so S3 refuses any other. */
  presignUploadPart(
    key: string,
    uploadId: string,
    part: SizedPart,
    expiresInSec: number,
  ): Promise<string>;
  /**
   * A part PUT bound to the part's size and CRC32: S3 refuses another Content-Length (signature)
   * and a body that does not match the checksum (BadDigest).
   */
  presignChecksumUploadPart(
    key: string,
    uploadId: string,
    part: PartChecksum & SizedPart,
    expiresInSec: number,
  ): Promise<PresignedRequest>;
  listUploadedParts(key: string, uploadId: string): Promise<UploadedPart[]>;
  completeMultipartUpload(
    key: string,
    uploadId: string,
    parts: readonly UploadedPart[],
  ): Promise<void>;
  abortMultipartUpload(key: string, uploadId: string): Promise<void>;
  deleteKeys(keys: readonly string[]): Promise<void>;
  /**
   * Removes for good every version and delete marker of these exact keys and of every key under
   * these prefixes: in the versioned bucket a plain delete only hides an object behind a marker.
   * Answers how many versions and markers went.
   */
  purgeVersions(target: { keys: readonly string[]; prefixes: readonly string[] }): Promise<number>;
}
