import {
  HeadObjectCommand,
  ListObjectsV2Command,
  S3ServiceException,
  type S3Client,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../src/s3-object-store.ts';

function s3Error(name: string, status: number): S3ServiceException {
  return new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status } });
}

/**
 * A bucket behind the IAM the AWS stack grants: s3:GetObject on `readable` prefixes and
 * s3:ListBucket only with an `s3:prefix` below `listable` ones (StringLike). As on AWS, a HEAD of a
 * missing key answers 403 (the caller cannot list the whole bucket), and a listing without an
 * allowed prefix is denied.
 */
class PolicyBucket {
  readonly sent: unknown[] = [];

  private readonly keys: readonly string[];
  private readonly readable: readonly string[];
  private readonly listable: readonly string[];

  constructor(keys: readonly string[], readable: readonly string[], listable: readonly string[]) {
    this.keys = keys;
    this.readable = readable;
    this.listable = listable;
  }

  readonly client = {
    send: async (command: unknown) => {
      this.sent.push(command);
      if (command instanceof HeadObjectCommand) return this.head(command.input.Key ?? '');
      if (command instanceof ListObjectsV2Command) return this.list(command.input);
      throw new Error('unexpected command');
    },
  } as unknown as S3Client;

  private head(key: string) {
    if (!this.readable.some((p) => key.startsWith(p))) throw s3Error('Forbidden', 403);
    if (!this.keys.includes(key)) throw s3Error('Forbidden', 403);
    return { ContentLength: 7, ContentType: 'video/mp4', $metadata: {} };
  }

  private list(input: ListObjectsV2Command['input']) {
    const prefix = input.Prefix;
    if (prefix === undefined || !this.listable.some((p) => prefix.startsWith(p)))
      throw s3Error('AccessDenied', 403);
    const contents = this.keys
      .filter((k) => k.startsWith(prefix))
      .sort()
      .slice(0, input.MaxKeys ?? 1000)
      .map((Key) => ({ Key }));
    return { Contents: contents, $metadata: {} };
  }
}

const keys = ['raw/u1/v1', 'raw/u1/v1-copy', 'transcoded/u1/v1/720p.mp4', 'hls/u1/v1/master.m3u8'];

describe('S3ObjectStore under prefix-only ListBucket grants', () => {
  it('reads an existing object with one HEAD', async () => {
    const bucket = new PolicyBucket(keys, ['raw/'], ['raw/']);
    const store = new S3ObjectStore(bucket.client, 'videos');
    expect(await store.head('raw/u1/v1')).toEqual({ sizeBytes: 7, contentType: 'video/mp4' });
    expect(bucket.sent).toHaveLength(1);
  });

  it('answers undefined for a missing key, telling it from a denial by a listing of the key itself', async () => {
    const bucket = new PolicyBucket(keys, ['raw/'], ['raw/']);
    const store = new S3ObjectStore(bucket.client, 'videos');
    expect(await store.head('raw/u1/missing')).toBeUndefined();
    // A longer key sharing the prefix does not make a missing key exist.
    expect(await store.head('raw/u1/v')).toBeUndefined();
    const listings = bucket.sent.filter((c) => c instanceof ListObjectsV2Command);
    expect(listings.map((c) => c.input)).toEqual([
      { Bucket: 'videos', Prefix: 'raw/u1/missing', MaxKeys: 1 },
      { Bucket: 'videos', Prefix: 'raw/u1/v', MaxKeys: 1 },
    ]);
  });

  it('keeps the 403 of an existing key the caller may not read', async () => {
    const bucket = new PolicyBucket(keys, ['hls/'], ['raw/', 'transcoded/']);
    const store = new S3ObjectStore(bucket.client, 'videos');
    await expect(store.head('transcoded/u1/v1/720p.mp4')).rejects.toMatchObject({
      name: 'Forbidden',
    });
  });

  it('keeps the 403 when the key cannot be listed either', async () => {
    const bucket = new PolicyBucket(keys, ['raw/'], ['hls/']);
    const store = new S3ObjectStore(bucket.client, 'videos');
    await expect(store.head('raw/u1/missing')).rejects.toMatchObject({ name: 'Forbidden' });
  });

  it('pings with a listing of the readiness prefix, never of the whole bucket', async () => {
    const bucket = new PolicyBucket(keys, [], ['hls/']);
    await new S3ObjectStore(bucket.client, 'videos').ping();
    expect(bucket.sent.map((c) => (c as ListObjectsV2Command).input)).toEqual([
      { Bucket: 'videos', Prefix: 'hls/', MaxKeys: 1 },
    ]);
    const denied = new PolicyBucket(keys, [], ['raw/']);
    await expect(new S3ObjectStore(denied.client, 'videos').ping()).rejects.toMatchObject({
      name: 'AccessDenied',
    });
    await new S3ObjectStore(denied.client, 'videos', { readinessPrefix: 'raw/' }).ping();
  });
});
