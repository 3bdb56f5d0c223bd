import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

/** One encoding of a playlist: its bytes and their validator. */
export interface EncodedPlaylist {
  readonly body: Buffer;
  readonly etag: string;
}

/**
 * A signed playlist ready to send, worked out once when it is made: a 10-hour rung is megabytes
 * of presigned URLs, too much to encode, hash (ETag) and compress again on every request.
 */
export interface ServedPlaylist {
  readonly identity: EncodedPlaylist;
  /** The same bytes gzip-compressed: presigned URLs share most of their text. */
  readonly gzip: EncodedPlaylist;
}

export async function servePlaylist(text: string): Promise<ServedPlaylist> {
  const body = Buffer.from(text, 'utf8');
  // Off the event loop: compressing megabytes must not stall other requests.
  const gzipped = await gzipAsync(body);
  return { identity: encoded(body), gzip: encoded(gzipped) };
}

/** What a served playlist holds in memory. */
export function servedBytes(playlist: ServedPlaylist): number {
  return playlist.identity.body.length + playlist.gzip.body.length;
}

/** A weak validator like Express's own (`W/"<length>-<sha1>"`), computed once. */
function encoded(body: Buffer): EncodedPlaylist {
  const hash = createHash('sha1').update(body).digest('base64').slice(0, 27);
  return { body, etag: `W/"${body.length.toString(16)}-${hash}"` };
}
