import { setTimeout as sleep } from 'node:timers/promises';
import { buildApp } from 'fauxqs';
import type { Logger } from '@videoforge/platform';
import { LOOPBACK, PortInUseError } from '../net.ts';
import { addBucketVersioning } from './bucket-versioning.ts';
import { addBucketCors } from '../provision/bucket-cors.ts';
import { createFauxqsStores, dropPollWaiters, type FauxqsStores } from './fauxqs-stores.ts';
import { addListParts } from './list-parts.ts';
import { addChecksumChecks } from './part-checksums.ts';
import type { SigningCredentials } from './presigned-signature.ts';
import { addSignedLengthCheck } from './signed-length.ts';
import { toS3ResponseFacts, type S3ResponseFacts, type StoredObject } from './s3-response.ts';

type FauxqsApp = ReturnType<typeof buildApp>;

export interface AwsEmulatorOptions {
  port: number;
  region: string;
  /** The keys the services sign with: presigned URLs that sign Content-Length are checked. */
  credentials: SigningCredentials;
  logger: Logger;
}

/** fauxqs: S3 and SQS (and SNS) on one port. */
export interface AwsEmulator {
  readonly endpoint: string;
  readonly port: number;
  /**
   * Called for every answered S3 object request, synchronously right after the operation ran and
   * before the response is sent (the bucket-notification hook).
   */
  onS3Response(listener: (facts: S3ResponseFacts) => void): void;
  /** The object's current size and ETag; read synchronously, so it is exactly what the request wrote. */
  describeObject(bucket: string, key: string): StoredObject | undefined;
  /**
   * A crash and restart on the same port (chaos runs): every connection is cut, the port refuses
   * connections for `downMs`, then a new server answers with the same queues, messages (visible or
   * in flight, receive counts kept) and objects. The state lives in this process's memory, so it
   * survives the restart as SQS and S3 would; fauxqs's own SQLite persistence is not used.
   */
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startAwsEmulator(options: AwsEmulatorOptions): Promise<AwsEmulator> {
  const { logger } = options;
  const listeners = new Set<(facts: S3ResponseFacts) => void>();
  // Not startFauxqs(): it binds 0.0.0.0.
  const stores = await createFauxqsStores();
  let app = buildEmulatorApp(stores, options, listeners);
  let stopped = false;
  const port = await listen(app, options.port);
  const endpoint = `http://${LOOPBACK}:${port}`;
  logger.info({ endpoint }, 'S3 and SQS emulator (fauxqs) listening');
  return {
    endpoint,
    port,
    onS3Response: (listener) => void listeners.add(listener),
    describeObject(bucket, key) {
      try {
        const object = stores.s3Store.headObject(bucket, key);
        return { size: object.contentLength, eTag: object.etag.replaceAll('"', '') };
      } catch {
        return undefined;
      }
    },
    async restart(downMs = 0) {
      logger.warn({ downMs }, 'S3 and SQS emulator going down (restart)');
      await crash(app, stores);
      await sleep(downMs);
      if (stopped) return;
      app = buildEmulatorApp(stores, options, listeners);
      await listen(app, port);
      logger.warn({ endpoint }, 'S3 and SQS emulator back, with the same queues and objects');
    },
    stop: () => {
      stopped = true;
      return app.close();
    },
  };
}

/** fauxqs with the local stack's additions, serving `stores`; built again by each restart. */
function buildEmulatorApp(
  stores: FauxqsStores,
  options: AwsEmulatorOptions,
  listeners: ReadonlySet<(facts: S3ResponseFacts) => void>,
): FauxqsApp {
  const { logger } = options;
  const app = buildApp({ logger: false, defaultRegion: options.region, stores });
  addListParts(app, stores);
  addBucketVersioning(app, stores);
  addSignedLengthCheck(app, options.credentials);
  addChecksumChecks(app, stores);
  allowLargeObjects(app);
  addBucketCors(app, stores, logger);

  // onSend, not onResponse: it runs before any other request can touch the object again, so what
  // the listener reads is what this request wrote (a HEAD afterwards could see a later overwrite).
  app.addHook('onSend', async (request, reply, payload) => {
    const facts = toS3ResponseFacts(request, reply);
    if (facts) notify(listeners, facts, logger);
    return payload;
  });
  app.addHook('onError', async (request, _reply, error) => {
    logger.error(
      { err: error, method: request.method, route: request.routeOptions.url },
      'request failed',
    );
  });
  return app;
}

/**
 * What a dying emulator process does to its clients: every connection is cut at once, requests in
 * flight get no answer, and long polls end without taking a message (a receive the caller never
 * sees would hide that message for a whole visibility timeout).
 */
async function crash(app: FauxqsApp, stores: FauxqsStores): Promise<void> {
  dropPollWaiters(stores);
  const closed = app.close();
  app.server.closeAllConnections();
  await closed;
}

/** The SPEC's upload limit; a single S3 PUT may be up to 5 GiB. */
const MAX_OBJECT_BYTES = 5 * 1024 ** 3;

/**
 * fauxqs caps every request body at 11 MiB (enough for multipart parts), which answers a plain
 * presigned PUT of a real video with 413. Its S3 bodies come through the catch-all parser, so that
 * parser is replaced by an identical one with a higher limit. The body is still held in memory.
 */
function allowLargeObjects(app: FauxqsApp): void {
  app.removeContentTypeParser('*');
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: MAX_OBJECT_BYTES },
    (_request, body, done) => {
      done(null, body);
    },
  );
}

function notify(
  listeners: Iterable<(facts: S3ResponseFacts) => void>,
  facts: S3ResponseFacts,
  logger: Logger,
): void {
  for (const listener of listeners) {
    try {
      listener(facts);
    } catch (error) {
      logger.error({ err: error }, 'S3 response listener failed');
    }
  }
}

async function listen(app: FauxqsApp, port: number): Promise<number> {
  try {
    await app.listen({ port, host: LOOPBACK });
  } catch (error) {
    await app.close();
    if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
      throw new PortInUseError(port, 'S3/SQS emulator');
    }
    throw error;
  }
  const address = app.server.address();
  if (address === null || typeof address === 'string')
    throw new Error('fauxqs is not listening on a TCP port');
  return address.port;
}
