/**
 * ffmpeg names its input in messages, and a presigned URL's query is a credential: keep the
 * address, drop the query, before a line can reach a log, a failure reason or the DLQ.
 */
export function redactSignedUrls(text: string): string {
  return text.replace(/(https?:\/\/[^\s?'"]+)\?[^\s'":]*/g, '$1?<redacted>');
}

/** Bounded memory of ffmpeg's last stderr lines, however long the run. */
export interface StderrTail {
  push(line: string): void;
  lines(): string[];
  toString(): string;
}

export function createStderrTail(maxLines: number): StderrTail {
  if (!Number.isInteger(maxLines) || maxLines < 1) {
    throw new RangeError(`maxLines must be a positive integer, got ${maxLines}`);
  }
  const ring: string[] = new Array<string>(maxLines);
  let next = 0;
  let size = 0;

  const lines = (): string[] => {
    const start = (next - size + maxLines) % maxLines;
    return Array.from({ length: size }, (_, i) => ring[(start + i) % maxLines] ?? '');
  };

  return {
    push(line) {
      ring[next] = line;
      next = (next + 1) % maxLines;
      size = Math.min(size + 1, maxLines);
    },
    lines,
    toString: () => lines().join('\n'),
  };
}

/**
 * Patterns that name the actual cause. ffmpeg ends most failures with the generic
 * "Conversion failed!" or "Error while ...", so those are only a fallback.
 */
const CAUSE_PATTERNS: readonly RegExp[] = [
  /moov atom not found/i,
  /invalid data found when processing input/i,
  /no such file or directory/i,
  /permission denied/i,
  /no space left on device/i,
  /does not contain any stream|matches no streams/i,
  /unknown encoder|encoder not found|unrecognized option|invalid argument/i,
  /error|invalid|failed|unsupported|not found/i,
];

/** The stderr line that best explains a failure, for error messages and logs. */
export function pickTellingLine(lines: readonly string[]): string {
  const candidates = lines.map((line) => line.trim()).filter((line) => line !== '');
  for (const pattern of CAUSE_PATTERNS) {
    const match = candidates.findLast((line) => pattern.test(line));
    if (match !== undefined) return match;
  }
  return candidates.at(-1) ?? 'no output on stderr';
}
