import { describe, expect, it } from 'vitest';
import { CachedVideoRepository } from '../../src/app/cached-video-repository.ts';
import type { Cache } from '../../src/ports/cache.ts';
import type { VideoRepository } from '../../src/ports/video-repository.ts';
import type { Video } from '../../src/domain/video.ts';

const video = (title: string) =>
  ({
    userId: 'u1',
    videoId: 'v1',
    title,
    status: 'PENDING_UPLOAD',
    renditions: {},
  }) as unknown as Video;

/** A repository whose reads wait until released, counting them. */
function slowRepository() {
  let current = video('first');
  const waiting: (() => void)[] = [];
  const repo = {
    reads: 0,
    get: async () => {
      repo.reads += 1;
      const seen = current;
      await new Promise<void>((resolve) => waiting.push(resolve));
      return seen;
    },
    update: (_u: string, _v: string, mutate: (v: Video) => Video | undefined) => {
      current = mutate(current) ?? current;
      return Promise.resolve({ video: current, changed: true });
    },
    release: () => waiting.splice(0).forEach((resolve) => resolve()),
  };
  return repo;
}

const noCache: Cache = {
  get: () => Promise.resolve(undefined),
  set: () => Promise.resolve(),
  delete: () => Promise.resolve(),
};

function fixture() {
  const inner = slowRepository();
  const repository = new CachedVideoRepository(inner as unknown as VideoRepository, noCache, {
    ttlSeconds: 60,
    unsettledTtlSeconds: 5,
  });
  return { inner, repository };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('CachedVideoRepository misses', () => {
  it('share one repository read between concurrent misses, each caller with its own copy', async () => {
    const { inner, repository } = fixture();
    const reads = Promise.all([repository.get('u1', 'v1'), repository.get('u1', 'v1')]);
    await flush();
    inner.release();
    const [a, b] = await reads;
    expect(inner.reads).toBe(1);
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
  });

  it('never answer a read that starts after a write with a read from before it', async () => {
    const { inner, repository } = fixture();
    const before = repository.get('u1', 'v1');
    await flush();
    await repository.update('u1', 'v1', (v) => ({ ...v, title: 'second' }));
    const after = repository.get('u1', 'v1');
    await flush();
    inner.release();
    expect((await before)?.title).toBe('first');
    expect((await after)?.title).toBe('second');
    expect(inner.reads).toBe(2);
  });
});
