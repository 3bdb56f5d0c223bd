import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError } from '@videoforge/core';
import { signPlaybackToken } from '../../src/playback/playback-token.ts';
import { signingKeyRing } from '../../src/playback/signing-keys.ts';
import { OWNER, SECRET, VIDEO, playbackFixture, tokenOf } from './hls-fakes.ts';

const SEGMENTS = 3;

describe('signed rung playlists', () => {
  it('signs every segment once, then serves the cached playlist without signing again', async () => {
    const { hls, objects } = playbackFixture({ segments: SEGMENTS });
    const token = await tokenOf(hls);
    const first = await hls.mediaPlaylist(token, '360p');
    expect(objects.presigned).toBe(SEGMENTS);
    expect(first.split('\n').filter((l) => l.startsWith('https://'))).toHaveLength(SEGMENTS);
    expect(await hls.mediaPlaylist(token, '360p')).toBe(first);
    expect(objects.presigned).toBe(SEGMENTS);
  });

  it('signs a rung in one batch, each segment line replaced by the URL of its own key', async () => {
    const { hls, objects, clock } = playbackFixture({ segments: SEGMENTS });
    const token = await tokenOf(hls);
    clock.now += 600_000;
    const urls = (await hls.mediaPlaylist(token, '360p'))
      .split('\n')
      .filter((l) => l.startsWith('https://'));
    expect(objects.batches).toBe(1);
    expect(urls).toEqual(
      [0, 1, 2].map(
        (i) =>
          `https://s3.test/hls/${OWNER}/${VIDEO}/360p/seg_${i}.ts?X-Amz-Expires=3000&n=${i + 1}`,
      ),
    );
  });

  it('signs on every request without a cache', async () => {
    const { hls, objects } = playbackFixture({ segments: SEGMENTS, cacheBytes: 0 });
    const token = await tokenOf(hls);
    await hls.mediaPlaylist(token, '360p');
    await hls.mediaPlaylist(token, '360p');
    expect(objects.presigned).toBe(2 * SEGMENTS);
  });

  it('shares one signing between concurrent requests for the same rung', async () => {
    const { hls, objects } = playbackFixture({ segments: SEGMENTS });
    const token = await tokenOf(hls);
    const texts = await Promise.all([1, 2, 3].map(() => hls.mediaPlaylist(token, '360p')));
    expect(new Set(texts).size).toBe(1);
    expect(objects.presigned).toBe(SEGMENTS);
  });

  it('keeps a cache entry per token: another link to the same rung signs its own URLs', async () => {
    const { hls, objects, clock } = playbackFixture({ segments: SEGMENTS });
    await hls.mediaPlaylist(await tokenOf(hls), '360p');
    clock.now += 1000;
    await hls.mediaPlaylist(await tokenOf(hls), '360p');
    expect(objects.presigned).toBe(2 * SEGMENTS);
  });

  it('signs again once the entry is older than five minutes', async () => {
    const { hls, objects, clock } = playbackFixture({ segments: SEGMENTS });
    const token = await tokenOf(hls);
    await hls.mediaPlaylist(token, '360p');
    clock.now += 5 * 60_000 - 1;
    await hls.mediaPlaylist(token, '360p');
    expect(objects.presigned).toBe(SEGMENTS);
    clock.now += 1;
    await hls.mediaPlaylist(token, '360p');
    expect(objects.presigned).toBe(2 * SEGMENTS);
  });

  it('lets an entry go a minute before its token (and URLs) expire', async () => {
    const { hls, objects, clock } = playbackFixture({ segments: SEGMENTS });
    const token = await tokenOf(hls);
    clock.now += (3600 - 120) * 1000;
    await hls.mediaPlaylist(token, '360p');
    clock.now += 60_000;
    await hls.mediaPlaylist(token, '360p');
    expect(objects.presigned).toBe(2 * SEGMENTS);
  });

  it('checks the token before answering from the cache', async () => {
    const { hls, clock } = playbackFixture({ segments: SEGMENTS });
    const token = await tokenOf(hls);
    await hls.mediaPlaylist(token, '360p');
    clock.now += 3600 * 1000;
    await expect(hls.mediaPlaylist(token, '360p')).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('refuses a rung the master does not name', async () => {
    const { hls } = playbackFixture();
    await expect(hls.mediaPlaylist(await tokenOf(hls), '999p')).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe('playback links', () => {
  it('refuses a validly signed link whose expiry is farther away than the maximum lifetime', async () => {
    const { hls, clock } = playbackFixture();
    const nowSeconds = clock.now / 1000;
    const key = signingKeyRing(SECRET).current;
    const within = signPlaybackToken(
      { userId: OWNER, videoId: VIDEO, expiresAt: nowSeconds + 12 * 3600 },
      key,
    );
    const beyond = signPlaybackToken(
      { userId: OWNER, videoId: VIDEO, expiresAt: nowSeconds + 12 * 3600 + 1 },
      key,
    );
    await expect(hls.masterPlaylist(within)).resolves.toMatch(/^#EXTM3U/);
    await expect(hls.masterPlaylist(beyond)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('keeps working across a key rotation: old links verify where the new key signs', async () => {
    const next = 'the-next-secret-that-is-long-enough-1';
    const before = await tokenOf(playbackFixture().hls);
    const { hls: rotated } = playbackFixture({ keys: signingKeyRing(next, SECRET) });
    await expect(rotated.masterPlaylist(before)).resolves.toMatch(/^#EXTM3U/);
    const after = await tokenOf(rotated);
    await expect(rotated.masterPlaylist(after)).resolves.toMatch(/^#EXTM3U/);
    const { hls: retired } = playbackFixture({ keys: signingKeyRing(next) });
    await expect(retired.masterPlaylist(before)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
