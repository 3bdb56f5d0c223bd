import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createS3Client, type AwsSettings } from '../../src/aws-clients.ts';
import { S3ObjectStore } from '../../src/s3-object-store.ts';

const BUCKET = 'videos-bucket';
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'a-secret-access-key' };
const emulator: AwsSettings = {
  region: 'eu-west-1',
  endpoints: { s3: 'http://localhost:4566' },
  s3ForcePathStyle: true,
  credentials,
};
const aws: AwsSettings = {
  region: 'eu-west-1',
  endpoints: {},
  s3ForcePathStyle: false,
  credentials,
};

/** Keys whose characters the SDK escapes in a path: spaces, sub-delimiters, non-ASCII. */
const ODD_KEYS = [
  'hls/u1/v1/720p/segment_00001.ts',
  "a b/c!'()*+=&?é~.ts",
  'deep/er/still/../x;y,z@$:.ts',
];

async function presignedOneByOne(store: S3ObjectStore, keys: readonly string[]) {
  const urls: string[] = [];
  for (const key of keys) urls.push((await store.presignGet(key, { expiresInSec: 3600 })).url);
  return urls;
}

describe('presignGetMany', () => {
  beforeEach(() => {
    // Same signing date for both signers; setImmediate (the batch's yields) stays real.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-04T05:06:07Z'));
  });
  afterEach(() => vi.useRealTimers());

  it.each([
    ['path-style (the emulators)', emulator],
    ['virtual-hosted (AWS)', aws],
    ['with a session token', { ...aws, credentials: { ...credentials, sessionToken: 'a/token+' } }],
  ])('signs the same URL as the SDK presigner, %s', async (_, settings) => {
    const store = new S3ObjectStore(createS3Client(settings), BUCKET);
    const batch = await store.presignGetMany(ODD_KEYS, { expiresInSec: 3600 });
    expect(batch).toEqual(await presignedOneByOne(store, ODD_KEYS));
  });

  it('keeps the keys in order across chunks, all signed at one date', async () => {
    const store = new S3ObjectStore(createS3Client(emulator), BUCKET);
    const keys = Array.from({ length: 1_201 }, (_, i) => `hls/u1/v1/720p/segment_${i}.ts`);
    const batch = await store.presignGetMany(keys, { expiresInSec: 600 });
    expect(batch).toHaveLength(keys.length);
    batch.forEach((url, i) => expect(new URL(url).pathname).toBe(`/${BUCKET}/${keys[i]}`));
    const sample = [0, 99, 100, 249, 250, 500, 1_200];
    const expected = await Promise.all(
      sample.map(async (i) => (await store.presignGet(keys[i] ?? '', { expiresInSec: 600 })).url),
    );
    expect(sample.map((i) => batch[i])).toEqual(expected);
  });

  it('answers an empty batch without signing', async () => {
    const store = new S3ObjectStore(createS3Client(emulator), BUCKET);
    await expect(store.presignGetMany([], { expiresInSec: 60 })).resolves.toEqual([]);
  });

  it('lets other work run between chunks of a large batch', async () => {
    const store = new S3ObjectStore(createS3Client(emulator), BUCKET);
    const keys = Array.from({ length: 2_000 }, (_, i) => `k/${i}`);
    let othersRan = 0;
    const other = () => {
      othersRan += 1;
      if (othersRan < 100) setImmediate(other);
    };
    const signing = store.presignGetMany(keys, { expiresInSec: 60 });
    setImmediate(other);
    await signing;
    // Callbacks queued by others ran at the yields between chunks, before the batch was done.
    expect(othersRan).toBeGreaterThanOrEqual(3);
  });
});
