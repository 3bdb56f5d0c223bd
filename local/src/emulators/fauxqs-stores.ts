import type { BuildAppOptions } from 'fauxqs';

export type FauxqsStores = NonNullable<BuildAppOptions['stores']>;

type StoreClass = new () => unknown;

/**
 * fauxqs names queues `http://sqs.<region>.<host>:<port>/…` whenever its SQS store has a host, and
 * `buildApp` defaults that host to "localhost": `sqs.us-east-1.localhost` does not resolve, and SDK
 * clients configured only through AWS_ENDPOINT_URL_SQS send requests to the queue URL's host. With an
 * empty host fauxqs uses the request's Host header instead, giving `http://127.0.0.1:<port>/…`.
 * `buildApp` cannot be given an empty host, so we construct its stores ourselves; they are not part
 * of the package's public exports, hence the path import (checked against fauxqs 2.4.x).
 */
export async function createFauxqsStores(): Promise<FauxqsStores> {
  const [SqsStore, SnsStore, S3Store] = await Promise.all([
    loadStoreClass('sqs/sqsStore.js', 'SqsStore'),
    loadStoreClass('sns/snsStore.js', 'SnsStore'),
    loadStoreClass('s3/s3Store.js', 'S3Store'),
  ]);
  const stores = {
    sqsStore: new SqsStore(),
    snsStore: new SnsStore(),
    s3Store: new S3Store(),
  } as FauxqsStores;
  stores.sqsStore.host = '';
  return stores;
}

async function loadStoreClass(relativePath: string, exportName: string): Promise<StoreClass> {
  const url = new URL(relativePath, import.meta.resolve('fauxqs'));
  const module: Record<string, unknown> = await import(url.href);
  const value = module[exportName];
  if (typeof value !== 'function') {
    throw new Error(
      `fauxqs internals changed: ${exportName} not found in ${url.pathname}; the local stack expects fauxqs 2.4.x`,
    );
  }
  return value as StoreClass;
}

/** A part as fauxqs's S3 store holds it (checked against fauxqs 2.4.x). */
export interface StoredPart {
  partNumber: number;
  etag: string;
  body: Uint8Array;
  lastModified: Date;
  /** The x-amz-checksum-* header value the part was sent with, unchecked by fauxqs. */
  checksumValue?: string;
}

export interface StoredUpload {
  bucket: string;
  key: string;
  parts: Map<number, StoredPart>;
  /** Upper case, as CreateMultipartUpload's x-amz-checksum-algorithm named it ("CRC32"). */
  checksumAlgorithm?: string;
}

/** fauxqs's open multipart uploads by upload id: not public API, so read structurally. */
export function multipartUploadsOf(stores: FauxqsStores): Map<string, StoredUpload> {
  return (stores.s3Store as unknown as { multipartUploads: Map<string, StoredUpload> })
    .multipartUploads;
}

interface PollingQueue {
  pollWaiters: Array<{ timer: NodeJS.Timeout }>;
  pollTimer?: NodeJS.Timeout;
}

/**
 * Forgets every pending long poll without answering it, as a crashed server would (checked against
 * fauxqs 2.4.x, where each queue keeps its waiters in `pollWaiters`). Answering them instead would
 * take messages off the queue for connections that are already gone.
 */
export function dropPollWaiters(stores: FauxqsStores): void {
  for (const queue of stores.sqsStore.allQueues() as unknown as Iterable<PollingQueue>) {
    for (const waiter of queue.pollWaiters) clearTimeout(waiter.timer);
    queue.pollWaiters = [];
    if (queue.pollTimer) clearInterval(queue.pollTimer);
    queue.pollTimer = undefined;
  }
}
