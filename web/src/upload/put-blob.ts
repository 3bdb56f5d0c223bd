/** Bytes sent so far, for a progress bar. */
export type OnBytes = (sent: number) => void;

export class TransferError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'TransferError';
    this.status = status;
  }
}

/**
 * PUTs a blob straight to its presigned S3 URL. XMLHttpRequest rather than fetch: only it reports
 * upload progress. Resolves with the response's ETag.
 */
export function putBlob(
  request: { method: string; url: string; headers: Record<string, string> },
  blob: Blob,
  onBytes: OnBytes,
  signal: AbortSignal,
): Promise<string | null> {
  return new Promise((resolve, reject) => {
    // An XHR aborted before send() fires no event: refuse up front instead.
    if (signal.aborted) {
      reject(new DOMException('upload cancelled', 'AbortError'));
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open(request.method, request.url);
    for (const [name, value] of Object.entries(request.headers)) {
      // The browser sets Content-Length from the body itself and refuses it as a header.
      if (name.toLowerCase() !== 'content-length') xhr.setRequestHeader(name, value);
    }
    xhr.upload.onprogress = (event) => onBytes(event.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.getResponseHeader('ETag'));
      else reject(new TransferError(xhr.status, `storage answered HTTP ${xhr.status}`));
    };
    xhr.onerror = () => reject(new TransferError(0, 'the upload connection failed'));
    xhr.onabort = () => reject(new DOMException('upload cancelled', 'AbortError'));
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(blob);
  });
}
