import { describe, expect, it } from 'vitest';
import { classifyObjectCreation } from '../../src/bridge/classify.ts';
import {
  buildObjectCreatedEvent,
  createSequencer,
  encodeEventKey,
} from '../../src/bridge/event-record.ts';
import { PerKeyQueue } from '../../src/bridge/per-key-queue.ts';
import { runWithRetry } from '../../src/bridge/retry.ts';
import type { S3ResponseFacts } from '../../src/emulators/s3-response.ts';

function facts(overrides: Partial<S3ResponseFacts>): S3ResponseFacts {
  return {
    method: 'PUT',
    bucket: 'videos',
    key: 'raw/u1/v1.mp4',
    queryNames: ['x-id'],
    copySource: undefined,
    statusCode: 200,
    sourceIp: '127.0.0.1',
    requestId: 'REQ',
    hostId: 'HOST',
    ...overrides,
  };
}

describe('classifyObjectCreation', () => {
  it.each([
    ['PutObject', {}, 'ObjectCreated:Put'],
    [
      'presigned PutObject',
      { queryNames: ['X-Amz-Algorithm', 'X-Amz-Signature', 'x-id'] },
      'ObjectCreated:Put',
    ],
    ['CopyObject', { copySource: 'videos/incoming/a.mp4' }, 'ObjectCreated:Copy'],
    [
      'CompleteMultipartUpload',
      { method: 'POST', queryNames: ['uploadId'] },
      'ObjectCreated:CompleteMultipartUpload',
    ],
    ['UploadPart', { queryNames: ['partNumber', 'uploadId', 'x-id'] }, undefined],
    ['CreateMultipartUpload', { method: 'POST', queryNames: ['uploads'] }, undefined],
    ['PutObjectTagging', { queryNames: ['tagging'] }, undefined],
    ['a failed PutObject', { statusCode: 403 }, undefined],
    ['HeadObject', { method: 'HEAD', queryNames: [] }, undefined],
    ['GetObject', { method: 'GET', queryNames: [] }, undefined],
  ] as const)('%s -> %s', (_name, overrides, expected) => {
    expect(classifyObjectCreation(facts(overrides))).toBe(expected);
  });
});

describe('S3 event records', () => {
  it('encodes keys like S3: spaces as +, a literal + as %2B, UTF-8 percent-encoded, slashes kept', () => {
    expect(encodeEventKey('raw/u1/my vidéo+1 (final).mp4')).toBe(
      'raw/u1/my+vid%C3%A9o%2B1+(final).mp4',
    );
  });

  it('builds a single-record event with the bucket ARN and the encoded key', () => {
    const event = buildObjectCreatedEvent({
      region: 'eu-west-1',
      eventName: 'ObjectCreated:Put',
      eventTime: new Date('2030-01-02T03:04:05.678Z'),
      bucket: 'videos',
      key: 'raw/u1/a b.mp4',
      size: 42,
      eTag: 'abc',
      sequencer: '0000000000000001',
      configurationId: 'cfg',
      sourceIp: '127.0.0.1',
      requestId: 'REQ',
      hostId: 'HOST',
    });
    expect(event).toEqual({
      Records: [
        {
          eventVersion: '2.1',
          eventSource: 'aws:s3',
          awsRegion: 'eu-west-1',
          eventTime: '2030-01-02T03:04:05.678Z',
          eventName: 'ObjectCreated:Put',
          userIdentity: { principalId: 'local' },
          requestParameters: { sourceIPAddress: '127.0.0.1' },
          responseElements: { 'x-amz-request-id': 'REQ', 'x-amz-id-2': 'HOST' },
          s3: {
            s3SchemaVersion: '1.0',
            configurationId: 'cfg',
            bucket: {
              name: 'videos',
              ownerIdentity: { principalId: 'local' },
              arn: 'arn:aws:s3:::videos',
            },
            object: { key: 'raw/u1/a+b.mp4', size: 42, eTag: 'abc', sequencer: '0000000000000001' },
          },
        },
      ],
    });
  });

  it('hands out strictly increasing fixed-width sequencers, even within one millisecond', () => {
    const next = createSequencer();
    const values = Array.from({ length: 1000 }, next);
    expect(values.every((value) => /^[0-9A-F]{16}$/.test(value))).toBe(true);
    expect([...values].sort()).toEqual(values);
    expect(new Set(values).size).toBe(values.length);
  });
});

describe('PerKeyQueue', () => {
  it('runs tasks of one key in order and other keys alongside, and survives a failing task', async () => {
    const queue = new PerKeyQueue();
    const log: string[] = [];
    const task =
      (name: string, ms: number, fail = false) =>
      async () => {
        await new Promise((resolve) => setTimeout(resolve, ms));
        log.push(name);
        if (fail) throw new Error(name);
      };
    queue.enqueue('a', task('a1', 30, true));
    queue.enqueue('a', task('a2', 0));
    queue.enqueue('b', task('b1', 0));
    await queue.drain();
    expect(log).toEqual(['b1', 'a1', 'a2']);
    expect(queue.size).toBe(0);
  });
});

describe('runWithRetry', () => {
  const policy = { attempts: 3, baseDelayMs: 1 };

  it('retries until success', async () => {
    let calls = 0;
    const failures: Array<[number, boolean]> = [];
    const ok = await runWithRetry(
      async () => {
        if (++calls < 3) throw new Error('not yet');
      },
      policy,
      {
        signal: new AbortController().signal,
        onFailure: (_e, attempt, willRetry) => failures.push([attempt, willRetry]),
      },
    );
    expect(ok).toBe(true);
    expect(failures).toEqual([
      [1, true],
      [2, true],
    ]);
  });

  it('gives up after the last attempt', async () => {
    let calls = 0;
    const ok = await runWithRetry(
      async () => {
        calls++;
        throw new Error('always');
      },
      policy,
      { signal: new AbortController().signal, onFailure: () => undefined },
    );
    expect(ok).toBe(false);
    expect(calls).toBe(3);
  });

  it('stops retrying once aborted', async () => {
    const abort = new AbortController();
    let calls = 0;
    const ok = await runWithRetry(
      async () => {
        calls++;
        abort.abort();
        throw new Error('fails');
      },
      { attempts: 5, baseDelayMs: 10_000 },
      { signal: abort.signal, onFailure: () => undefined },
    );
    expect(ok).toBe(false);
    expect(calls).toBe(1);
  });
});
