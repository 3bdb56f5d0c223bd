/**
 * What ffmpeg's own words say about why it stopped, when that is a property of the media (so
 * another attempt cannot help) rather than of the network or the machine.
 */
export type MediaRefusal =
  /** Not a container we open: a playlist, a manifest, an image sequence, or not media at all. */
  | { kind: 'format' }
  /** The file names another URL or a local file: refused by the protocol allow-list. */
  | { kind: 'protocol' }
  /** A frame over the pixel limit, refused by the decoder before it allocated it. */
  | { kind: 'frame-size'; width: number; height: number }
  /** A container we open, but broken or truncated. */
  | { kind: 'damaged' }
  /** Readable, but there is no video in it (audio only, or a still image as cover art). */
  | { kind: 'no-video' };

const FRAME_SIZE = /Picture size (\d+)x(\d+) exceeds specified max pixel count/;

/** In order: the most specific cause first ("Invalid data" follows most of the others). */
const SIGNATURES: ReadonlyArray<[RegExp, MediaRefusal['kind']]> = [
  [/Format not on whitelist/, 'format'],
  [/Protocol '?[\w+.-]*'? not on whitelist|not in allowed_(segment_)?extensions/, 'protocol'],
  [/moov atom not found|EBML header parsing failed/, 'damaged'],
  [/Invalid data found when processing input/, 'format'],
];

/** The first refusal ffmpeg or ffprobe reported in these stderr lines, if any. */
export function findRefusal(lines: readonly string[]): MediaRefusal | undefined {
  for (const line of lines) {
    const frame = FRAME_SIZE.exec(line);
    if (frame) return { kind: 'frame-size', width: Number(frame[1]), height: Number(frame[2]) };
  }
  for (const [pattern, kind] of SIGNATURES) {
    if (lines.some((line) => pattern.test(line))) return { kind } as MediaRefusal;
  }
  return undefined;
}
