import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { uploadMultipart, type MultipartPlan } from './multipart-upload.ts';

export interface ApiError {
  status: number;
  body: unknown;
}

export interface NewVideo {
  title: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  description?: string;
  renditions?: string[];
}

/** A tiny client for the VideoForge HTTP API, as a curl user would drive it. */
export class ApiClient {
  readonly baseUrl: string;
  token: string | undefined;

  constructor(baseUrl: string, token?: string) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T; headers: Headers }> {
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as T) : (undefined as T);
    return { status: response.status, body: parsed, headers: response.headers };
  }

  /** Like request, but throws unless the status is the expected one. */
  async expect<T = unknown>(
    status: number,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const response = await this.request<T>(method, path, body);
    if (response.status !== status) {
      throw new Error(
        `${method} ${path}: expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`,
      );
    }
    return response.body;
  }

  /**
   * Creates a video. Multipart plans come with per-part CRC32 checks unless `checksums` is false;
   * a single-PUT upload is the same either way.
   */
  createVideo<T = { video: { videoId: string }; upload: UploadInstructions | MultipartPlan }>(
    input: NewVideo,
    opts: { checksums?: boolean } = {},
  ): Promise<T> {
    const body = opts.checksums === false ? input : { ...input, checksumAlgorithm: 'CRC32' };
    return this.expect<T>(201, 'POST', '/api/videos', body);
  }

  async signUpAndLogin(
    email: string,
    password: string,
  ): Promise<{ userId: string; accessToken: string }> {
    const { userId } = await this.expect<{ userId: string }>(201, 'POST', '/api/auth/signup', {
      email,
      password,
    });
    return { userId, ...(await this.login(email, password)) };
  }

  async login(email: string, password: string): Promise<{ accessToken: string }> {
    const tokens = await this.expect<{ accessToken: string }>(200, 'POST', '/api/auth/login', {
      email,
      password,
    });
    this.token = tokens.accessToken;
    return tokens;
  }
}

export interface UploadInstructions {
  url: string;
  method: string;
  headers: Record<string, string>;
}

/**
 * Uploads a file the way the API asked: one presigned PUT, or a multipart plan (parts signed with
 * their checksums when the plan has them, then completed through `client`). Streams from disk:
 * the file is never read whole into memory.
 */
export function uploadFile(upload: UploadInstructions, path: string): Promise<number>;
export function uploadFile(
  upload: UploadInstructions | MultipartPlan,
  path: string,
  client: ApiClient,
): Promise<number>;
export async function uploadFile(
  upload: UploadInstructions | MultipartPlan,
  path: string,
  client?: ApiClient,
): Promise<number> {
  if (isMultipartPlan(upload)) {
    if (!client) throw new Error('a multipart upload needs the ApiClient to sign and complete it');
    return uploadMultipart(client, upload, path);
  }
  const { size } = await stat(path);
  const response = await fetch(upload.url, {
    method: upload.method,
    headers: upload.headers,
    body: Readable.toWeb(createReadStream(path)) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  await response.body?.cancel();
  if (!response.ok) throw new Error(`upload failed: HTTP ${response.status}`);
  return size;
}

function isMultipartPlan(upload: UploadInstructions | MultipartPlan): upload is MultipartPlan {
  return upload.method === 'MULTIPART';
}

/** Polls until `done(value)` holds, or throws with the last value seen. */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  opts: { timeoutMs: number; intervalMs?: number; onValue?: (value: T) => void },
): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  let value = await read();
  while (!done(value)) {
    opts.onValue?.(value);
    if (Date.now() > deadline)
      throw new Error(`timed out after ${opts.timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, opts.intervalMs ?? 200));
    value = await read();
  }
  opts.onValue?.(value);
  return value;
}
