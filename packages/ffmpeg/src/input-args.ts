/**
 * The containers we open, by ffmpeg demuxer name. Playlists and manifests (hls, dash, concat,
 * image2 and friends) are not on it: they make ffmpeg open further URLs or files by name.
 */
export const ACCEPTED_DEMUXERS = [
  'mov', // MP4, MOV, M4V, 3GP
  'matroska', // MKV, WebM
  'avi',
  'mpegts', // TS, M2TS
  'flv',
  'mpeg', // MPEG program streams: MPG, VOB
  'asf', // WMV
  'ogg', // OGV
] as const;

/** What the source guard needs to know; every source read by ffmpeg or ffprobe goes through it. */
export interface SourceGuard {
  /** Decoders refuse frames larger than this, before allocating them. */
  maxFramePixels: number;
  /** A read or connect that waits longer than this fails (a server that accepts and never answers). */
  ioTimeoutSeconds: number;
  /** Plain http sources are refused unless the object store itself speaks http (a local emulator). */
  allowPlainHttp: boolean;
}

/** Strict defaults for tools and tests; the worker passes its configured guard. */
export const DEFAULT_SOURCE_GUARD: SourceGuard = {
  maxFramePixels: 8192 * 4320,
  ioTimeoutSeconds: 30,
  allowPlainHttp: false,
};

/** The source is not something the guard lets ffmpeg open. */
export class SourceRefusedError extends Error {
  constructor(reason: string) {
    super(`source refused: ${reason}`);
    this.name = new.target.name;
  }
}

const RECONNECT = ['-reconnect', '1', '-reconnect_delay_max', '10'];

/**
 * Options placed before `-i` for every source: only the protocols its own URL needs (so nothing it
 * contains can reach another host or a local file), only the containers we accept, an I/O timeout,
 * and the frame-size limit. A dropped connection resumes at the byte ffmpeg had reached, and over
 * HTTPS the server's certificate is checked (ffmpeg does not by default).
 */
export function buildSourceInputOptions(input: string, guard: SourceGuard): string[] {
  // prettier-ignore
  const common = [
    '-protocol_whitelist', protocolsFor(input, guard),
    '-format_whitelist', ACCEPTED_DEMUXERS.join(','),
    '-max_pixels', String(guard.maxFramePixels),
  ];
  const timeout = ['-rw_timeout', String(Math.round(guard.ioTimeoutSeconds * 1e6))];
  if (input.startsWith('https://'))
    return [...common, ...timeout, ...RECONNECT, '-tls_verify', '1'];
  if (input.startsWith('http://')) return [...common, ...timeout, ...RECONNECT];
  return common;
}

function protocolsFor(input: string, guard: SourceGuard): string {
  if (input.startsWith('https://')) return 'https,tls,tcp';
  if (input.startsWith('http://')) {
    if (!guard.allowPlainHttp) throw new SourceRefusedError('plain http is not allowed');
    return 'http,tcp';
  }
  // A local path: tests and benchmarks only; the worker always reads a presigned URL.
  if (/^[a-z][a-z0-9+.-]*:/i.test(input)) throw new SourceRefusedError('unknown scheme');
  return 'file';
}
