import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LocalStack, S3Event } from '../../src/index.ts';
import {
  EventRecorder,
  LogCapture,
  clientsFor,
  decodeEventKey,
  makeTempDir,
  removeDir,
  startTestStack,
} from './helpers.ts';

let dataDir: string;
let stack: LocalStack;
let s3: S3Client;
let bucket: string;
let recorder: EventRecorder;
const logs = new LogCapture();

beforeAll(async () => {
  dataDir = await makeTempDir();
  stack = await startTestStack(dataDir, { memcached: false, logger: logs.logger });
  s3 = clientsFor(stack.env).s3;
  bucket = stack.env.S3_BUCKET ?? '';
});

beforeEach(() => {
  recorder = new EventRecorder();
  stack.setObjectCreatedHandler(recorder.handler);
});

afterAll(async () => {
  await stack?.stop();
  await removeDir(dataDir);
});

const put = (Key: string, Body: string | Buffer) =>
  s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body }));
const eTagOf = async (Key: string) =>
  (await s3.send(new HeadObjectCommand({ Bucket: bucket, Key }))).ETag?.replaceAll('"', '');

function onlyRecord(events: S3Event[]) {
  expect(events).toHaveLength(1);
  expect(events[0]?.Records).toHaveLength(1);
  const record = events[0]?.Records[0];
  if (!record) throw new Error('no record');
  return record;
}

describe('S3 event bridge', () => {
  it('delivers a real ObjectCreated:Put event, key encoded the way S3 does it', async () => {
    const key = 'raw/u1/my vidéo.mp4';
    await put(key, 'fake video');
    const record = onlyRecord(await recorder.waitFor('raw/u1/my+vid%C3%A9o.mp4'));
    expect(record).toMatchObject({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      eventName: 'ObjectCreated:Put',
      s3: {
        s3SchemaVersion: '1.0',
        bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
        object: { size: 'fake video'.length, eTag: await eTagOf(key) },
      },
    });
    expect(decodeEventKey(record.s3.object.key)).toBe(key);
    expect(Date.parse(record.eventTime)).toBeGreaterThan(Date.now() - 10_000);
    expect(record.s3.object.sequencer).toMatch(/^[0-9A-F]{16}$/);
    expect(record.s3.configurationId).toBeTruthy();
    expect(record.responseElements['x-amz-request-id']).toMatch(/^[0-9A-F]{16}$/);
    expect(record.requestParameters.sourceIPAddress).toBe('127.0.0.1');
  });

  it('accepts a single PUT larger than the 11 MiB body limit fauxqs defaults to', async () => {
    const size = 12 * 1024 * 1024;
    await put('raw/u1/large.mp4', Buffer.alloc(size, 7));
    const record = onlyRecord(await recorder.waitFor('raw/u1/large.mp4'));
    expect(record.s3.object.size).toBe(size);
  });

  it('keeps a literal + in a key distinguishable from an encoded space', async () => {
    const key = 'raw/u1/a+b c&d.mp4';
    await put(key, 'x');
    const [event] = await recorder.waitFor('raw/u1/a%2Bb+c%26d.mp4');
    expect(decodeEventKey(event?.Records[0]?.s3.object.key ?? '')).toBe(key);
  });

  it('delivers ObjectCreated:CompleteMultipartUpload once, not per part', async () => {
    const Key = 'raw/u1/big.mp4';
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key }));
    const parts = [Buffer.alloc(5 * 1024 * 1024, 1), Buffer.from('tail')];
    const uploaded = [];
    for (const [index, Body] of parts.entries()) {
      const PartNumber = index + 1;
      const { ETag } = await s3.send(
        new UploadPartCommand({ Bucket: bucket, Key, UploadId, PartNumber, Body }),
      );
      uploaded.push({ PartNumber, ETag });
    }
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key,
        UploadId,
        MultipartUpload: { Parts: uploaded },
      }),
    );
    const record = onlyRecord(await recorder.waitFor(Key));
    expect(record.eventName).toBe('ObjectCreated:CompleteMultipartUpload');
    expect(record.s3.object.size).toBe(5 * 1024 * 1024 + 4);
    expect(record.s3.object.eTag).toBe(await eTagOf(Key));
  });

  it('delivers ObjectCreated:Copy for a copy into the prefix', async () => {
    await put('incoming/source.mp4', 'copied bytes');
    await s3.send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: 'raw/u1/copy.mp4',
        CopySource: `${bucket}/incoming/source.mp4`,
      }),
    );
    const record = onlyRecord(await recorder.waitFor('raw/u1/copy.mp4'));
    expect(record.eventName).toBe('ObjectCreated:Copy');
    expect(record.s3.object.size).toBe('copied bytes'.length);
  });

  it('delivers for an upload through a presigned PUT URL', async () => {
    const url = await getSignedUrl(
      s3,
      new PutObjectCommand({ Bucket: bucket, Key: 'raw/u1/presigned.mp4' }),
      { expiresIn: 60 },
    );
    const response = await fetch(url, { method: 'PUT', body: 'via presigned url' });
    expect(response.status).toBe(200);
    const record = onlyRecord(await recorder.waitFor('raw/u1/presigned.mp4'));
    expect(record.eventName).toBe('ObjectCreated:Put');
    expect(record.s3.object.size).toBe('via presigned url'.length);
  });

  it('ignores keys outside the prefix and requests that create nothing', async () => {
    await put('transcoded/720p/u1/v1.mp4', 'not raw');
    await put('raw/u1/tagged.mp4', 'raw');
    await s3
      .send(
        new PutObjectTaggingCommand({
          Bucket: bucket,
          Key: 'raw/u1/tagged.mp4',
          Tagging: { TagSet: [{ Key: 'a', Value: 'b' }] },
        }),
      )
      .catch(() => undefined);
    await put('raw/u1/marker.mp4', 'marker');
    await recorder.waitFor('raw/u1/marker.mp4');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(recorder.events.map((event) => event.Records[0]?.s3.object.key).sort()).toEqual([
      'raw/u1/marker.mp4',
      'raw/u1/tagged.mp4',
    ]);
  });

  it('delivers the events of one key in order, each with a greater sequencer', async () => {
    const order: string[] = [];
    stack.setObjectCreatedHandler(async (event) => {
      const record = event.Records[0];
      if (order.length === 0) await new Promise((resolve) => setTimeout(resolve, 150));
      order.push(`${record?.s3.object.size}:${record?.s3.object.sequencer}`);
      await recorder.handler(event);
    });
    await put('raw/u1/same.mp4', '1');
    await put('raw/u1/same.mp4', '22');
    await put('raw/u1/same.mp4', '333');
    await recorder.waitFor('raw/u1/same.mp4', 3);
    expect(order.map((entry) => entry.split(':')[0])).toEqual(['1', '2', '3']);
    const sequencers = order.map((entry) => entry.split(':')[1] ?? '');
    expect([...sequencers].sort()).toEqual(sequencers);
    expect(new Set(sequencers).size).toBe(3);
  });

  it('retries a failing handler like Lambda (3 tries in all), then logs and drops the event and carries on', async () => {
    const tries = new Map<string, number>();
    stack.setObjectCreatedHandler(async (event) => {
      const key = event.Records[0]?.s3.object.key ?? '';
      const attempt = (tries.get(key) ?? 0) + 1;
      tries.set(key, attempt);
      if (key.endsWith('always-fails.mp4') || attempt < 3)
        throw new Error(`handler failure ${attempt}`);
      await recorder.handler(event);
    });
    await put('raw/u1/flaky.mp4', 'x');
    await recorder.waitFor('raw/u1/flaky.mp4');
    expect(tries.get('raw/u1/flaky.mp4')).toBe(3);

    await put('raw/u1/always-fails.mp4', 'x');
    const dropped = await logs.waitFor(
      (line) =>
        line.key === 'raw/u1/always-fails.mp4' &&
        line.msg === 'S3 event dropped after failed deliveries',
    );
    expect(dropped).toMatchObject({
      level: 50,
      component: 's3-events',
      eventName: 'ObjectCreated:Put',
    });
    expect(tries.get('raw/u1/always-fails.mp4')).toBe(3);
    const failures = logs.lines.filter(
      (line) => line.key === 'raw/u1/always-fails.mp4' && line.attempt !== undefined,
    );
    expect(failures.map((line) => [line.attempt, line.msg])).toEqual([
      [1, 'S3 event handler failed; retrying'],
      [2, 'S3 event handler failed; retrying'],
      [3, 'S3 event handler failed'],
    ]);

    await put('raw/u1/after.mp4', 'x');
    tries.set('raw/u1/after.mp4', 2);
    await recorder.waitFor('raw/u1/after.mp4');
  });
});
