import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import parseRange from 'range-parser';
import { NotFoundError, type ByteRange, type ObjectStore } from '@videoforge/core';
import type { Logger } from '@videoforge/platform';
import type { SourceAccess, SourceHandle } from '../worker/source-access.ts';

export interface SourceServer extends SourceAccess {
  close(): Promise<void>;
}

interface OpenSource {
  key: string;
  sizeBytes: number;
  responses: Set<ServerResponse>;
}

/**
 * ffmpeg reads each source from S3 as it decodes, through this loopback HTTP server: no copy on
 * local disk before the first frame, and Node only passes bytes along. It answers ffmpeg's Range
 * requests with ranged GetObjects made by the SDK, so credentials refresh and retries follow the
 * SDK's rules, and no presigned URL can expire under a long job.
 */
export async function startSourceServer(
  objects: ObjectStore,
  logger: Logger,
): Promise<SourceServer> {
  const open = new Map<string, OpenSource>();
  const server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      logger.warn({ err: error }, 'source stream failed');
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const source = open.get(tokenOf(req.url));
    if (source === undefined) return void res.writeHead(404).end();
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end();
    const range = requestedRange(source.sizeBytes, req.headers.range);
    if (range === 'unsatisfiable') {
      return void res.writeHead(416, { 'content-range': `bytes */${source.sizeBytes}` }).end();
    }
    const length = range ? range.end - range.start + 1 : source.sizeBytes;
    const headers: Record<string, string> = {
      'accept-ranges': 'bytes',
      'content-type': 'application/octet-stream',
      'content-length': String(length),
    };
    if (range) headers['content-range'] = `bytes ${range.start}-${range.end}/${source.sizeBytes}`;
    if (req.method === 'HEAD' || length === 0) {
      return void res.writeHead(range ? 206 : 200, headers).end();
    }
    // ffmpeg drops a connection whenever it seeks: stop reading from S3 at once.
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    const object = await objects.openRead(source.key, { range, signal: abort.signal });
    res.writeHead(range ? 206 : 200, headers);
    source.responses.add(res);
    try {
      await pipeline(object.body, res);
    } catch (error) {
      if (!abort.signal.aborted) throw error;
    } finally {
      source.responses.delete(res);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('source server has no port');
  const base = `http://127.0.0.1:${address.port}/sources/`;

  return {
    async open(key: string): Promise<SourceHandle> {
      const info = await objects.head(key);
      if (info === undefined) throw new NotFoundError(`source ${key} is missing`);
      const token = randomBytes(16).toString('hex');
      const source: OpenSource = { key, sizeBytes: info.sizeBytes, responses: new Set() };
      open.set(token, source);
      return {
        url: base + token,
        sizeBytes: info.sizeBytes,
        close: () => {
          open.delete(token);
          for (const res of source.responses) res.destroy();
        },
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        open.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function tokenOf(url: string | undefined): string {
  const match = /^\/sources\/([0-9a-f]{32})$/.exec(url ?? '');
  return match?.[1] ?? '';
}

/** One range, or the whole object (no header, or several ranges, which ffmpeg never asks for). */
function requestedRange(
  sizeBytes: number,
  header: string | undefined,
): ByteRange | undefined | 'unsatisfiable' {
  if (header === undefined) return undefined;
  const ranges = parseRange(sizeBytes, header, { combine: true });
  if (ranges === -1) return 'unsatisfiable';
  if (ranges === -2 || ranges.type !== 'bytes' || ranges.length !== 1) return undefined;
  const [range] = ranges;
  return range && { start: range.start, end: range.end };
}
