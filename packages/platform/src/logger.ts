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

/** JSON logs with the service name on every line (to stdout unless a destination is given). */
export function createLogger(
  service: string,
  level: string,
  destination?: DestinationStream,
): Logger {
  const options = {
    level,
    base: { service },
    redact: { paths: REDACT, censor },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}
