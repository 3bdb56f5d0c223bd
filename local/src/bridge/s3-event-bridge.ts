import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@videoforge/platform';
import type { S3ResponseFacts, StoredObject } from '../emulators/s3-response.ts';
import type { S3EventHandler } from '../s3-event.ts';
import { classifyObjectCreation, type ObjectCreatedEventName } from './classify.ts';
import { buildObjectCreatedEvent, createSequencer } from './event-record.ts';
import { PerKeyQueue } from './per-key-queue.ts';
import { LAMBDA_LIKE_RETRY, runWithRetry, type RetryPolicy } from './retry.ts';

export interface S3EventBridgeOptions {
  region: string;
  /** Like a bucket notification's prefix filter. */
  prefix: string;
  /** Must answer synchronously with the object as the observed request left it. */
  describeObject: (bucket: string, key: string) => StoredObject | undefined;
  logger: Logger;
  handler?: S3EventHandler | undefined;
  retry?: RetryPolicy;
}

/** Stands in for the bucket notification fauxqs accepts but never delivers. */
export interface S3EventBridge {
  /** Fed every answered S3 object request; returns at once, delivery happens in the background. */
  observe(facts: S3ResponseFacts): void;
  setHandler(handler: S3EventHandler): void;
  /** Stops taking events, cancels pending retries and waits (bounded) for deliveries in progress. */
  close(timeoutMs?: number): Promise<void>;
}

const CONFIGURATION_ID = 'videoforge-local-object-created';

interface Observed {
  facts: S3ResponseFacts;
  eventName: ObjectCreatedEventName;
  eventTime: Date;
  sequencer: string;
  object: StoredObject;
}

export function createS3EventBridge(options: S3EventBridgeOptions): S3EventBridge {
  const { logger } = options;
  const retry = options.retry ?? LAMBDA_LIKE_RETRY;
  const queue = new PerKeyQueue();
  const nextSequencer = createSequencer();
  const closing = new AbortController();
  let handler = options.handler;

  async function deliver(observed: Observed): Promise<void> {
    const { facts, eventName } = observed;
    const log = logger.child({ bucket: facts.bucket, key: facts.key, eventName });
    const event = buildObjectCreatedEvent({
      ...observed.object,
      bucket: facts.bucket,
      key: facts.key,
      sourceIp: facts.sourceIp,
      requestId: facts.requestId,
      hostId: facts.hostId,
      region: options.region,
      eventName,
      eventTime: observed.eventTime,
      sequencer: observed.sequencer,
      configurationId: CONFIGURATION_ID,
    });
    const target = handler;
    if (!target) {
      log.debug('no S3 event handler wired; event dropped');
      return;
    }
    const delivered = await runWithRetry(() => target(event), retry, {
      signal: closing.signal,
      onFailure: (error, attempt, willRetry) =>
        log.error(
          { err: error, attempt },
          willRetry ? 'S3 event handler failed; retrying' : 'S3 event handler failed',
        ),
    });
    if (delivered) log.debug('S3 event delivered');
    else log.error('S3 event dropped after failed deliveries');
  }

  return {
    observe(facts) {
      const eventName = classifyObjectCreation(facts);
      if (!eventName || !facts.key.startsWith(options.prefix) || closing.signal.aborted) return;
      const object = options.describeObject(facts.bucket, facts.key);
      if (!object) {
        logger.warn(
          { bucket: facts.bucket, key: facts.key, eventName },
          'created object not found; event dropped',
        );
        return;
      }
      const observed = {
        facts,
        eventName,
        object,
        eventTime: new Date(),
        sequencer: nextSequencer(),
      };
      queue.enqueue(`${facts.bucket}/${facts.key}`, () => deliver(observed));
    },
    setHandler(next) {
      handler = next;
    },
    async close(timeoutMs = 5_000) {
      closing.abort();
      const timer = new AbortController();
      const timedOut = sleep(timeoutMs, true, { signal: timer.signal }).catch(() => false);
      const drained = queue.drain().then(() => false);
      if (await Promise.race([drained, timedOut])) {
        logger.warn(
          { pending: queue.size },
          'S3 event deliveries still running at stop; abandoned',
        );
      }
      timer.abort();
    },
  };
}
