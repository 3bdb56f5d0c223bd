/**
 * Runs cognito-local in place of its own start script. That script logs through pino 7, whose
 * sonic-boom counts a record's characters in but its bytes out: after a delivery box (multi-byte
 * border characters) the count goes negative and the next records wait in its buffer until
 * cognito-local writes again. Here pino 10 writes every record as one JSON line synchronously to
 * stdout, so the parent reads each delivery whole and at once. cognito-local itself reads HOST and
 * PORT from the environment.
 */
import { Server as HttpsServer } from 'node:https';
import { createDefaultServer } from 'cognito-local';
import pino from 'pino';

type CognitoLogger = Parameters<typeof createDefaultServer>[0];

const logger = pino(
  { level: process.env.DEBUG ? 'debug' : 'info' },
  pino.destination({ fd: 1, sync: true }),
);

try {
  // Typed against pino 7; it only logs, creates children and reads levels, which pino 10 keeps.
  const server = await (await createDefaultServer(logger as unknown as CognitoLogger)).start();
  const address = server.address();
  if (!address) throw new Error('Server started without address');
  const url = typeof address === 'string' ? address : `${address.address}:${address.port}`;
  const proto = server instanceof HttpsServer ? 'https' : 'http';
  logger.info(`Cognito Local running on ${proto}://${url}`);
} catch (error) {
  logger.error(error);
  process.exit(1);
}
