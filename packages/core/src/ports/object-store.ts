export interface PresignedRequest {
  url: string;
  method: 'PUT' | 'GET';
  /** Headers the client must send unchanged (the signature covers them). */
  headers: Record<string, string>;
  expiresAt: string;
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
  head(key: string): Promise<ObjectInfo | undefined>;
  downloadToFile(key: string, path: string, signal?: AbortSignal): Promise<ObjectInfo>;
  uploadFile(
    key: string,
    path: string,
    contentType: string,
    signal?: AbortSignal,
  ): Promise<ObjectInfo>;
  deletePrefix(prefix: string): Promise<number>;
  deleteKeys(keys: readonly string[]): Promise<void>;
}
