/**
 * Rewrites every URI line of an HLS media playlist (the segments) with `sign`; tags and comments
 * stay as they are. Pure, so what players receive is unit-tested.
 */
export function rewriteMediaPlaylist(text: string, sign: (uri: string) => string): string {
  return text
    .split('\n')
    .map((line) => {
      const trimmed = line.trim();
      if (trimmed === '' || trimmed.startsWith('#')) return line;
      if (!isSafeRelativeUri(trimmed))
        throw new Error(`playlist names an unexpected URI: ${trimmed}`);
      return sign(trimmed);
    })
    .join('\n');
}

/** The rung folders a master playlist names (relative `<rung>/playlist.m3u8` lines). */
export function masterRungs(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.split('/')[0] ?? '');
}

/** Our own outputs only ever name plain relative files; anything else is refused, never followed. */
export function isSafeRelativeUri(uri: string): boolean {
  return /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)?$/.test(uri) && !uri.split('/').includes('..');
}
