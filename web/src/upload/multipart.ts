import { completeUpload, signParts } from '../api/videos.ts';
import type { MultipartUpload, SignedPart } from '../api/types.ts';
import { crc32OfBlob } from './crc32.ts';
import { putBlob, type OnBytes } from './put-blob.ts';

interface FilePart {
  partNumber: number;
  blob: Blob;
  checksumCRC32?: string;
}

/** Tries per part: a dropped connection or a refused part is sent again before giving up. */
const ATTEMPTS_PER_PART = 3;

/**
 * Sends what S3 still lacks of the file (per the plan's `uploadedParts`), then completes the
 * upload. With a CRC32 plan each part is summed in the browser and S3 checks it.
 */
export async function sendMultipart(
  videoId: string,
  plan: MultipartUpload,
  file: File,
  onBytes: OnBytes,
  signal: AbortSignal,
): Promise<void> {
  const parts = await missingParts(plan, file, signal);
  let done = file.size - parts.reduce((sum, p) => sum + p.blob.size, 0);
  onBytes(done);
  for (const part of parts) {
    await sendPart(videoId, plan, part, (sent) => onBytes(done + sent), signal);
    done += part.blob.size;
    onBytes(done);
  }
  await completeUpload(videoId);
}

async function missingParts(
  plan: MultipartUpload,
  file: File,
  signal: AbortSignal,
): Promise<FilePart[]> {
  const stored = new Map(plan.uploadedParts.map((p) => [p.partNumber, p]));
  const missing: FilePart[] = [];
  for (const { partNumber, sizeBytes } of plan.parts) {
    signal.throwIfAborted();
    const start = (partNumber - 1) * plan.partSize;
    const blob = file.slice(start, start + sizeBytes);
    const checksumCRC32 = plan.checksumAlgorithm === 'CRC32' ? await crc32OfBlob(blob) : undefined;
    const held = stored.get(partNumber);
    if (held?.sizeBytes === sizeBytes && held.checksumCRC32 === checksumCRC32) continue;
    missing.push({ partNumber, blob, checksumCRC32 });
  }
  return missing;
}

async function sendPart(
  videoId: string,
  plan: MultipartUpload,
  part: FilePart,
  onBytes: OnBytes,
  signal: AbortSignal,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await putBlob(await partRequest(videoId, plan, part), part.blob, onBytes, signal);
      return;
    } catch (error) {
      if (signal.aborted || attempt >= ATTEMPTS_PER_PART) throw error;
      onBytes(0);
    }
  }
}

async function partRequest(
  videoId: string,
  plan: MultipartUpload,
  part: FilePart,
): Promise<Pick<SignedPart, 'method' | 'url' | 'headers'>> {
  if (part.checksumCRC32 === undefined) {
    const url = plan.parts.find((p) => p.partNumber === part.partNumber)?.url;
    if (!url) throw new Error(`part ${part.partNumber} has no URL`);
    return { method: 'PUT', url, headers: {} };
  }
  const signed = await signParts(videoId, [
    { partNumber: part.partNumber, checksumCRC32: part.checksumCRC32 },
  ]);
  const request = signed.parts[0];
  if (!request) throw new Error(`part ${part.partNumber} was not signed`);
  return request;
}
