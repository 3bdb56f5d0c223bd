import { PutObjectCommand } from '@aws-sdk/client-s3';
import { S3ObjectStore, createS3Client } from '@videoforge/adapters';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  presignedQueryOf,
  verifyPresigned,
  type SignatureVerdict,
} from '../../src/emulators/presigned-signature.ts';
import type { LocalStack } from '../../src/index.ts';
import { makeTempDir, removeDir, startTestStack } from './helpers.ts';

/** Segments as a rung leaves them, and a key with characters the URL must escape. */
const SEGMENTS: Record<string, string> = {
  'hls/user-1/video-1/720p/segment_00000.ts': 'first segment',
  'hls/user-1/video-1/720p/segment_00001.ts': 'second segment',
  "hls/user-1/video-1/odd name (1)!'*.ts": 'escaped key',
};

let dir: string;
let stack: LocalStack;
let store: S3ObjectStore;

beforeAll(async () => {
  dir = await makeTempDir();
  stack = await startTestStack(dir, { memcached: false });
  const env = stack.env;
  // The api's own client configuration, from the env the stack hands to the services.
  const s3 = createS3Client({
    region: env.AWS_REGION ?? '',
    endpoints: { s3: env.AWS_ENDPOINT_URL_S3 },
    s3ForcePathStyle: env.S3_FORCE_PATH_STYLE === 'true',
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID ?? '',
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '',
    },
  });
  const bucket = env.S3_BUCKET ?? '';
  for (const [Key, Body] of Object.entries(SEGMENTS))
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body }));
  store = new S3ObjectStore(s3, bucket);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  await removeDir(dir);
});

async function download(url: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.text() };
}

/** What S3's SigV4 check says of a GET of this URL, as a player would send it. */
function verdictOf(url: string): SignatureVerdict {
  const { host, pathname, search } = new URL(url);
  const request = { method: 'GET', url: pathname + search, headers: { host } };
  const presigned = presignedQueryOf(request.url);
  if (!presigned) throw new Error(`not a presigned URL: ${url}`);
  return verifyPresigned(request, presigned, {
    accessKeyId: stack.env.AWS_ACCESS_KEY_ID ?? '',
    secretAccessKey: stack.env.AWS_SECRET_ACCESS_KEY ?? '',
  });
}

/** The same URL with one hex digit of its signature changed. */
function withAlteredSignature(url: string): string {
  return url.replace(/(X-Amz-Signature=[0-9a-f]*)([0-9a-f])/, (_, head: string, last: string) => {
    return head + (last === '0' ? '1' : '0');
  });
}

describe('GET URLs signed in one batch', () => {
  it('download each object, escaped keys included', async () => {
    const keys = Object.keys(SEGMENTS);
    const urls = await store.presignGetMany(keys, { expiresInSec: 300 });
    const downloads = await Promise.all(urls.map(download));
    expect(downloads).toEqual(keys.map((key) => ({ status: 200, body: SEGMENTS[key] })));
    expect(urls.map(verdictOf)).toEqual(keys.map(() => 'valid'));
  });

  // The local S3 checks signatures only of URLs that sign Content-Length (uploads); GETs are
  // checked here with the same SigV4 verifier, against the credentials the stack runs with.
  it('carry a signature S3 accepts, and refuse another signature, key or lifetime', async () => {
    const [first = '', second = ''] = Object.keys(SEGMENTS);
    const [url = ''] = await store.presignGetMany([first], { expiresInSec: 300 });
    const tampered = [
      withAlteredSignature(url),
      url.replace(encodeURI(first), encodeURI(second)),
      url.replace('X-Amz-Expires=300', 'X-Amz-Expires=600'),
    ];
    expect(tampered.every((t) => t !== url)).toBe(true);
    expect([url, ...tampered].map(verdictOf)).toEqual([
      'valid',
      'mismatch',
      'mismatch',
      'mismatch',
    ]);
  });
});
