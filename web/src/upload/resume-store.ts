/**
 * Open multipart uploads, remembered across page reloads so choosing the same file again resumes
 * it. Only ids and the file's identity are kept, never tokens.
 */
export interface PendingUpload {
  videoId: string;
  title: string;
  name: string;
  size: number;
  lastModified: number;
}

const KEY = 'videoforge.pendingUploads';

export function fileIdentity(file: File): string {
  return `${file.name}|${file.size}|${file.lastModified}`;
}

function readAll(): Record<string, PendingUpload> {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '{}') as Record<string, PendingUpload>;
  } catch {
    return {};
  }
}

function writeAll(all: Record<string, PendingUpload>): void {
  localStorage.setItem(KEY, JSON.stringify(all));
}

export function pendingUploadFor(file: File): PendingUpload | undefined {
  return readAll()[fileIdentity(file)];
}

export function listPendingUploads(): PendingUpload[] {
  return Object.values(readAll());
}

export function rememberUpload(file: File, videoId: string, title: string): void {
  const all = readAll();
  all[fileIdentity(file)] = {
    videoId,
    title,
    name: file.name,
    size: file.size,
    lastModified: file.lastModified,
  };
  writeAll(all);
}

export function forgetUpload(file: File): void {
  const all = readAll();
  delete all[fileIdentity(file)];
  writeAll(all);
}
