import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import type { ApiClient } from './api-client.ts';

/** The API's multipart plan, as `POST /api/videos` and `GET /api/videos/:id/upload` return it. */
export interface MultipartPlan {
  method: 'MULTIPART';
  partSize: number;
  checksumAlgorithm?: 'CRC32';
  parts: { partNumber: number; sizeBytes: number; url?: string }[];
  uploadedParts: { partNumber: number; sizeBytes: number; checksumCRC32?: string }[];
  signParts?: { path: string };
  status: { path: string };
  complete: { path: string };
}

export interface SignedPart {
  partNumber: number;
  method: string;
  url: string;
  headers: Record<string, string>;
}

/** A byte range of the file that is one part, with the CRC32 of its bytes (S3's base64 form). */
export interface FilePart {
  partNumber: number;
  start: number;
  sizeBytes: number;
  checksumCRC32: string;
}

/** Parts signed per API call: few enough that no URL waits long for its turn. */
const SIGN_BATCH = 8;

/**
 * Sends what S3 still lacks of the file and completes the upload. With a CRC32 plan every part is
 * summed from disk, and only parts S3 lacks or holds with another checksum are signed and sent.
 * Parts stream from the file, so memory stays bounded whatever the size.
 */
export async function uploadMultipart(
  client: ApiClient,
  plan: MultipartPlan,
  path: string,
): Promise<number> {
  const { size } = await stat(path);
  if (plan.checksumAlgorithm === 'CRC32') await sendChecksummedParts(client, plan, path, size);
  else await sendUncheckedParts(plan, path);
  await client.expect(202, 'POST', plan.complete.path);
  return size;
}

/** The file's parts S3 does not hold with the same size and checksum. */
export async function partsToSend(
  plan: MultipartPlan,
  path: string,
  size: number,
): Promise<FilePart[]> {
  const stored = new Map(plan.uploadedParts.map((p) => [p.partNumber, p]));
  const toSend: FilePart[] = [];
  for (let start = 0, partNumber = 1; start < size; start += plan.partSize, partNumber++) {
    const sizeBytes = Math.min(plan.partSize, size - start);
    const checksumCRC32 = await crc32OfRange(path, start, sizeBytes);
    const held = stored.get(partNumber);
    if (held?.sizeBytes === sizeBytes && held.checksumCRC32 === checksumCRC32) continue;
    toSend.push({ partNumber, start, sizeBytes, checksumCRC32 });
  }
  return toSend;
}

/** CRC32 of `length` bytes from `start`, summed chunk by chunk as they stream from disk. */
export async function crc32OfRange(path: string, start: number, length: number): Promise<string> {
  let value = 0;
  if (length > 0) {
    for await (const chunk of createReadStream(path, { start, end: start + length - 1 })) {
      value = crc32(chunk as Buffer, value);
    }
  }
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value >>> 0);
  return bytes.toString('base64');
}

export async function signParts(
  client: ApiClient,
  plan: MultipartPlan,
  parts: readonly FilePart[],
): Promise<Map<number, SignedPart>> {
  if (!plan.signParts) throw new Error('this plan has no signParts link: no checksum upload');
  const signed = await client.expect<{ parts: SignedPart[] }>(200, 'POST', plan.signParts.path, {
    parts: parts.map(({ partNumber, checksumCRC32 }) => ({ partNumber, checksumCRC32 })),
  });
  return new Map(signed.parts.map((p) => [p.partNumber, p]));
}

/** PUTs one part's bytes, streamed from the file with an exact Content-Length. */
export async function putPart(
  request: Pick<SignedPart, 'method' | 'url' | 'headers'>,
  path: string,
  part: Pick<FilePart, 'partNumber' | 'start' | 'sizeBytes'>,
): Promise<Response> {
  const body = createReadStream(path, { start: part.start, end: part.start + part.sizeBytes - 1 });
  return fetch(request.url, {
    method: request.method,
    headers: { ...request.headers, 'content-length': String(part.sizeBytes) },
    body: Readable.toWeb(body) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
}

async function sendChecksummedParts(
  client: ApiClient,
  plan: MultipartPlan,
  path: string,
  size: number,
): Promise<void> {
  const toSend = await partsToSend(plan, path, size);
  for (let i = 0; i < toSend.length; i += SIGN_BATCH) {
    const batch = toSend.slice(i, i + SIGN_BATCH);
    const signed = await signParts(client, plan, batch);
    for (const part of batch) {
      const request = signed.get(part.partNumber);
      if (!request) throw new Error(`part ${part.partNumber} was not signed`);
      await expectOk(await putPart(request, path, part), part.partNumber);
    }
  }
}

async function sendUncheckedParts(plan: MultipartPlan, path: string): Promise<void> {
  for (const part of plan.parts) {
    if (!part.url) throw new Error(`part ${part.partNumber} has no URL`);
    const start = (part.partNumber - 1) * plan.partSize;
    const request = { method: 'PUT', url: part.url, headers: {} };
    await expectOk(await putPart(request, path, { ...part, start }), part.partNumber);
  }
}

async function expectOk(response: Response, partNumber: number): Promise<void> {
  const text = await response.text();
  if (!response.ok) throw new Error(`part ${partNumber}: HTTP ${response.status}: ${text}`);
}
