import type { Quality } from './qualities.ts';

/** Upload extensions we accept; the key's extension always comes from this list, never from user text. */
export const UPLOAD_EXTENSIONS = ['mp4', 'mov', 'mkv', 'webm', 'avi', 'm4v'] as const;
export type UploadExtension = (typeof UPLOAD_EXTENSIONS)[number];

const ID_PATTERN = '[A-Za-z0-9_-]{1,128}';
const ID_REGEX = new RegExp(`^${ID_PATTERN}$`);
const RAW_KEY_REGEX = new RegExp(
  `^raw/(${ID_PATTERN})/(${ID_PATTERN})\\.(${UPLOAD_EXTENSIONS.join('|')})$`,
);

export function isSafeId(value: string): boolean {
  return ID_REGEX.test(value);
}

export function isUploadExtension(value: string): value is UploadExtension {
  return (UPLOAD_EXTENSIONS as readonly string[]).includes(value);
}

/** The allow-listed extension of a filename, lower-cased, or undefined when it is not a video we take. */
export function uploadExtensionOf(filename: string): UploadExtension | undefined {
  const dot = filename.lastIndexOf('.');
  if (dot < 0) return undefined;
  const ext = filename.slice(dot + 1).toLowerCase();
  return isUploadExtension(ext) ? ext : undefined;
}

export function rawKey(userId: string, videoId: string, ext: UploadExtension): string {
  return `raw/${userId}/${videoId}.${ext}`;
}

export interface RawKeyParts {
  userId: string;
  videoId: string;
  ext: UploadExtension;
}

export function parseRawKey(key: string): RawKeyParts | undefined {
  const match = RAW_KEY_REGEX.exec(key);
  if (!match) return undefined;
  const [, userId, videoId, ext] = match as unknown as [string, string, string, UploadExtension];
  return { userId, videoId, ext };
}

export function renditionKey(quality: Quality, userId: string, videoId: string): string {
  return `transcoded/${quality}/${userId}/${videoId}.mp4`;
}

export function hlsPrefix(userId: string, videoId: string): string {
  return `hls/${userId}/${videoId}/`;
}

export function hlsMasterKey(userId: string, videoId: string): string {
  return `${hlsPrefix(userId, videoId)}master.m3u8`;
}

export function posterKey(userId: string, videoId: string): string {
  return `thumbnails/${userId}/${videoId}.jpg`;
}
