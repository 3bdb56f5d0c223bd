import { buildApp } from 'fauxqs';
import type { Logger } from '@videoforge/platform';
import { LOOPBACK, PortInUseError } from '../net.ts';
import { addBucketVersioning } from './bucket-versioning.ts';
import { createFauxqsStores } from './fauxqs-stores.ts';
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
  stop(): Promise<void>;
}

export async function startAwsEmulator(options: AwsEmulatorOptions): Promise<AwsEmulator> {
  const { logger } = options;
  const listeners = new Set<(facts: S3ResponseFacts) => void>();
  // Not startFauxqs(): it binds 0.0.0.0.
  const stores = await createFauxqsStores();
  const app = buildApp({ logger: false, defaultRegion: options.region, stores });
  addListParts(app, stores);
  addBucketVersioning(app, stores);
  addSignedLengthCheck(app, options.credentials);
  addChecksumChecks(app, stores);
  allowLargeObjects(app);

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
    stop: () => app.close(),
  };
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
