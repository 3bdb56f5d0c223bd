import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { uploadFile, type ApiClient } from '@videoforge/testkit';

interface SingleUpload {
  url: string;
  method: string;
  headers: Record<string, string>;
}
interface MultipartUpload {
  method: 'MULTIPART';
  partSize: number;
  parts: { partNumber: number; sizeBytes: number; url: string }[];
  complete: { path: string };
}

/** Uploads a file the way the API asks: one presigned PUT, or parts streamed from the file. */
export async function uploadAny(
  client: ApiClient,
  upload: SingleUpload | MultipartUpload,
  path: string,
): Promise<void> {
  if (upload.method !== 'MULTIPART') {
    await uploadFile(upload as SingleUpload, path);
    return;
  }
  const plan = upload as MultipartUpload;
  for (const part of plan.parts) {
    const start = (part.partNumber - 1) * plan.partSize;
    const body = Readable.toWeb(
      createReadStream(path, { start, end: start + part.sizeBytes - 1 }),
    ) as ReadableStream;
    const response = await fetch(part.url, {
      method: 'PUT',
      headers: { 'content-length': String(part.sizeBytes) },
      body,
      duplex: 'half',
    } as RequestInit);
    if (!response.ok) throw new Error(`part ${part.partNumber}: HTTP ${response.status}`);
  }
  await client.expect(202, 'POST', plan.complete.path);
}
