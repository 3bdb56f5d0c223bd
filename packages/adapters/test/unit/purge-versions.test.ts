import {
  DeleteObjectsCommand,
  ListObjectVersionsCommand,
  type ListObjectVersionsCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../src/s3-object-store.ts';

interface Version {
  Key: string;
  VersionId: string;
  marker?: boolean;
}

/** A versioned bucket as ListObjectVersions pages it (two entries a page) and DeleteObjects empties it. */
class FakeVersionedBucket {
  versions: Version[];
  readonly deleteCalls: Array<Array<{ Key?: string; VersionId?: string }>> = [];

  constructor(versions: Version[]) {
    this.versions = versions;
  }

  readonly client = {
    send: async (command: unknown) => {
      if (command instanceof ListObjectVersionsCommand) return this.list(command.input);
      if (command instanceof DeleteObjectsCommand) return this.delete(command.input);
      throw new Error('unexpected command');
    },
  } as unknown as S3Client;

  private list(input: ListObjectVersionsCommand['input']): ListObjectVersionsCommandOutput {
    const matching = this.versions.filter((v) => v.Key.startsWith(input.Prefix ?? ''));
    const after = input.KeyMarker
      ? matching.findIndex(
          (v) => v.Key === input.KeyMarker && v.VersionId === input.VersionIdMarker,
        ) + 1
      : 0;
    const page = matching.slice(after, after + 2);
    const truncated = after + 2 < matching.length;
    return {
      Versions: page.filter((v) => !v.marker),
      DeleteMarkers: page.filter((v) => v.marker),
      IsTruncated: truncated,
      NextKeyMarker: truncated ? page.at(-1)?.Key : undefined,
      NextVersionIdMarker: truncated ? page.at(-1)?.VersionId : undefined,
      $metadata: {},
    };
  }

  private delete(input: DeleteObjectsCommand['input']) {
    const objects = input.Delete?.Objects ?? [];
    this.deleteCalls.push(objects);
    this.versions = this.versions.filter(
      (v) => !objects.some((o) => o.Key === v.Key && o.VersionId === v.VersionId),
    );
    return { $metadata: {} };
  }
}

describe('S3ObjectStore.purgeVersions', () => {
  it('removes every version and delete marker of exact keys and of prefixes, page by page', async () => {
    const bucket = new FakeVersionedBucket([
      { Key: 'raw/u/v.mp4', VersionId: 'a' },
      { Key: 'raw/u/v.mp4', VersionId: 'b' },
      { Key: 'raw/u/v.mp4', VersionId: 'm', marker: true },
      // Shares the exact key's prefix, but is another object: it stays.
      { Key: 'raw/u/v.mp4.other', VersionId: 'c' },
      { Key: 'hls/u/v/master.m3u8', VersionId: 'd' },
      { Key: 'hls/u/v/720p/seg-0.ts', VersionId: 'e' },
      { Key: 'hls/u/v/720p/seg-0.ts', VersionId: 'f', marker: true },
      { Key: 'hls/u/v2/master.m3u8', VersionId: 'g' },
    ]);
    const store = new S3ObjectStore(bucket.client, 'videos');
    const removed = await store.purgeVersions({
      keys: ['raw/u/v.mp4', 'thumbnails/u/v.jpg'],
      prefixes: ['hls/u/v/'],
    });
    expect(removed).toBe(6);
    expect(bucket.versions.map((v) => `${v.Key}@${v.VersionId}`)).toEqual([
      'raw/u/v.mp4.other@c',
      'hls/u/v2/master.m3u8@g',
    ]);
    expect(bucket.deleteCalls.flat().every((o) => o.VersionId)).toBe(true);
  });

  it('deletes in batches of at most 1000, as DeleteObjects allows', async () => {
    const versions = Array.from({ length: 2500 }, (_, i) => ({
      Key: 'hls/u/v/seg.ts',
      VersionId: `v${i}`,
    }));
    const bucket = new FakeVersionedBucket(versions);
    const store = new S3ObjectStore(bucket.client, 'videos');
    expect(await store.purgeVersions({ keys: [], prefixes: ['hls/u/v/'] })).toBe(2500);
    expect(bucket.deleteCalls.map((c) => c.length)).toEqual([1000, 1000, 500]);
    expect(bucket.versions).toEqual([]);
  });
});
