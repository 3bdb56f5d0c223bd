import { ApiError } from '../api/errors.ts';
import { createVideo, deleteVideo, uploadStatus } from '../api/videos.ts';
import type { MultipartUpload } from '../api/types.ts';
import { sendMultipart } from './multipart.ts';
import { putBlob, type OnBytes } from './put-blob.ts';
import { forgetUpload, pendingUploadFor, rememberUpload } from './resume-store.ts';

export interface UploadOutcome {
  videoId: string;
  resumed: boolean;
}

/**
 * Uploads one file as a new video, or resumes the open multipart upload of the same file (same
 * name, size and modification time) started earlier, even before a page reload.
 */
export async function uploadFile(
  file: File,
  title: string,
  onBytes: OnBytes,
  signal: AbortSignal,
  onVideo: (videoId: string) => void,
): Promise<UploadOutcome> {
  const resumed = await resumeIfOpen(file, onBytes, signal, onVideo);
  if (resumed) return { videoId: resumed, resumed: true };
  const { video, upload } = await createVideo({
    title,
    filename: file.name,
    contentType: file.type || 'video/mp4',
    sizeBytes: file.size,
    checksumAlgorithm: 'CRC32',
  });
  onVideo(video.videoId);
  if (upload.method === 'PUT') {
    await putBlob(upload, file, onBytes, signal);
    return { videoId: video.videoId, resumed: false };
  }
  rememberUpload(file, video.videoId, title);
  await sendMultipart(video.videoId, upload, file, onBytes, signal);
  forgetUpload(file);
  return { videoId: video.videoId, resumed: false };
}

async function resumeIfOpen(
  file: File,
  onBytes: OnBytes,
  signal: AbortSignal,
  onVideo: (videoId: string) => void,
): Promise<string | undefined> {
  const pending = pendingUploadFor(file);
  if (!pending) return undefined;
  onVideo(pending.videoId);
  let plan: MultipartUpload;
  try {
    plan = await uploadStatus(pending.videoId);
  } catch (error) {
    // Gone, finished or no longer open: start afresh.
    if (error instanceof ApiError && [404, 409].includes(error.status)) {
      forgetUpload(file);
      return undefined;
    }
    throw error;
  }
  await sendMultipart(pending.videoId, plan, file, onBytes, signal);
  forgetUpload(file);
  return pending.videoId;
}

/**
 * Gives up an upload: the video is deleted, which also aborts its open multipart upload, so
 * nothing half-made is left in the library or in S3.
 */
export async function discardUpload(file: File, videoId: string | undefined): Promise<void> {
  forgetUpload(file);
  if (videoId) await deleteVideo(videoId).catch(() => undefined);
}
