import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/** Keys whose values never reach a log line. */
const REDACT = [
  'password',
  '*.password',
  'accessToken',
  '*.accessToken',
  'idToken',
  '*.idToken',
  'refreshToken',
  '*.refreshToken',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'req.headers.authorization',
  'cookie',
  '*.cookie',
  'req.headers.cookie',
  'secretAccessKey',
  '*.secretAccessKey',
  'sessionToken',
  '*.sessionToken',
  'url',
  '*.url',
  // Request paths are kept, but an HLS playback link carries its signed token in the path.
  'path',
  '*.path',
];

/** `/api/playback/hls/<signed token>/…`: the token is a capability, like a presigned URL. */
const SIGNED_PATH_SEGMENT = /^(\/api\/playback\/[^/]+\/)[^/]+/;

/** Paths lose only their signed segment (so a request line still says what was asked); the rest goes. */
function censor(value: unknown, path: string[]): unknown {
  if (path.at(-1) === 'path') {
    return typeof value === 'string' ? value.replace(SIGNED_PATH_SEGMENT, '$1[redacted]') : value;
  }
  return '[redacted]';
}

/**
 * JSON logs with the service name on every line (to stdout unless a destination is given).
 * Each stdout line is written at once (pino's default), unless the process asked for
 * `bufferStdoutLogs()`.
 */
export function createLogger(
  service: string,
  level: string,
  destination: DestinationStream = stdoutLogs,
): Logger {
  const options = {
    level,
    base: { service },
    redact: { paths: REDACT, censor },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return pino(options, destination);
}

/**
 * A logger for the one line every request writes. Its fields are fixed by the HTTP frame and none
 * is a secret but `path` (a playback link's signed segment), so only that path is redacted: the
 * full rule set, walked for every request, cost more than the rest of the line.
 */
export function requestLineLogger(logger: Logger): Logger {
  return logger.child({}, { redact: { paths: ['path'], censor } });
}

/** Lines wait at most this long in memory before they are written. */
const FLUSH_EVERY_MS = 100;
/** A busy process writes once this much has gathered, without waiting for the timer (< 16 KiB). */
const WRITE_AT_BYTES = 8 * 1024;

/**
 * This process's stdout, shared by every logger writing to it so that their lines never
 * interleave mid-write: a write per line by default, batched once `bufferStdoutLogs()` is called.
 */
class StdoutLogs implements DestinationStream {
  private direct: ReturnType<typeof pino.destination> | undefined;
  private batched: ReturnType<typeof pino.destination> | undefined;
  private pending = false;

  write(line: string): void {
    if (!this.batched) {
      // pino's own default: every line handed to an asynchronous write of its own at once.
      this.direct ??= pino.destination({ dest: 1, sync: false });
      this.direct.write(line);
      return;
    }
    this.pending = true;
    this.batched.write(line);
  }

  /** pino calls it after `fatal`, so the last words are out before the process ends. */
  flushSync(): void {
    (this.batched ?? this.direct)?.flushSync();
  }

  buffer(): void {
    if (this.batched) return;
    // pino flushes an asynchronous destination synchronously when the process exits.
    const batched = pino.destination({ dest: 1, sync: false, minLength: WRITE_AT_BYTES });
    setInterval(() => {
      if (!this.pending) return;
      this.pending = false;
      batched.flush();
    }, FLUSH_EVERY_MS).unref();
    this.batched = batched;
  }
}

const stdoutLogs = new StdoutLogs();

/**
 * From now on this process writes its stdout log lines asynchronously and in batches: a request
 * no longer waits for its line to reach the pipe, and a busy process makes one write for many
 * lines. Lines reach stdout within FLUSH_EVERY_MS; what is left is written on exit and after every
 * `fatal`. For long-running services only: a Lambda, frozen as soon as its handler returns, keeps
 * the default, which hands every line to the pipe at once.
 */
export function bufferStdoutLogs(): void {
  stdoutLogs.buffer();
}
