import { describe, expect, it } from 'vitest';
import { signPlaybackToken, verifyPlaybackToken } from '../../src/playback/playback-token.ts';
import { keyIdOf, signingKeyRing } from '../../src/playback/signing-keys.ts';
import {
  isSafeRelativeUri,
  masterRungs,
  rewriteMediaPlaylist,
} from '../../src/playback/playlists.ts';

const secret = 'a-test-secret-that-is-long-enough-000';
const nextSecret = 'the-next-secret-that-is-long-enough-1';

describe('playback tokens', () => {
  const claims = { userId: 'u1', videoId: 'v1', expiresAt: 2_000 };
  const keys = signingKeyRing(secret);
  const at = (nowSeconds: number) => ({ nowSeconds, maxLifetimeSeconds: 3_600 });

  it('verifies its own token until it expires', () => {
    const token = signPlaybackToken(claims, keys.current);
    expect(verifyPlaybackToken(token, keys, at(1_999))).toEqual(claims);
    expect(verifyPlaybackToken(token, keys, at(2_000))).toBeUndefined();
  });

  it('names its key: the id is derived from the secret and differs between secrets', () => {
    const token = signPlaybackToken(claims, keys.current);
    expect(token.split('.')[0]).toBe(keyIdOf(secret));
    expect(keyIdOf(secret)).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(keyIdOf(nextSecret)).not.toBe(keyIdOf(secret));
  });

  it('accepts links of the current and the previous key after a rotation, and signs with the current', () => {
    const before = signPlaybackToken(claims, signingKeyRing(secret).current);
    const rotated = signingKeyRing(nextSecret, secret);
    const after = signPlaybackToken(claims, rotated.current);
    expect(after.split('.')[0]).toBe(keyIdOf(nextSecret));
    expect(verifyPlaybackToken(before, rotated, at(1_000))).toEqual(claims);
    expect(verifyPlaybackToken(after, rotated, at(1_000))).toEqual(claims);
    expect(verifyPlaybackToken(before, signingKeyRing(nextSecret), at(1_000))).toBeUndefined();
  });

  it('refuses an unknown key id, and a known id on a token another secret signed', () => {
    const token = signPlaybackToken(claims, keys.current);
    const [, body, signature] = token.split('.');
    expect(verifyPlaybackToken(`AAAAAAAA.${body}.${signature}`, keys, at(1_000))).toBeUndefined();
    const foreign = signPlaybackToken(claims, { id: keys.current.id, secret: nextSecret });
    expect(verifyPlaybackToken(foreign, keys, at(1_000))).toBeUndefined();
  });

  it('refuses a token with its claims or signature changed, or of the wrong shape', () => {
    const token = signPlaybackToken(claims, keys.current);
    const [keyId, , signature] = token.split('.');
    const otherUser = Buffer.from(JSON.stringify(['u2', 'v1', 2_000])).toString('base64url');
    expect(
      verifyPlaybackToken(`${keyId}.${otherUser}.${signature}`, keys, at(1_000)),
    ).toBeUndefined();
    const flipped = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect(verifyPlaybackToken(flipped, keys, at(1_000))).toBeUndefined();
    expect(verifyPlaybackToken('garbage', keys, at(1_000))).toBeUndefined();
    expect(verifyPlaybackToken(`${token}.extra`, keys, at(1_000))).toBeUndefined();
    expect(
      verifyPlaybackToken(token.split('.').slice(1).join('.'), keys, at(1_000)),
    ).toBeUndefined();
  });

  it('refuses a signed token that expires farther away than the maximum lifetime', () => {
    const token = signPlaybackToken({ ...claims, expiresAt: 1_000 + 3_600 }, keys.current);
    expect(verifyPlaybackToken(token, keys, at(1_000))).toBeDefined();
    expect(verifyPlaybackToken(token, keys, at(999))).toBeUndefined();
    expect(
      verifyPlaybackToken(token, keys, { nowSeconds: 1_000, maxLifetimeSeconds: 3_599 }),
    ).toBeUndefined();
  });
});

describe('playlists', () => {
  const media = [
    '#EXTM3U',
    '#EXT-X-TARGETDURATION:4',
    '#EXTINF:4.000000,',
    'seg_000.ts',
    '#EXTINF:2.0,',
    'seg_001.ts',
    '#EXT-X-ENDLIST',
    '',
  ].join('\n');

  it('signs every segment line and keeps the tags', () => {
    const out = rewriteMediaPlaylist(media, (uri) => `https://s3/${uri}?sig=1`);
    expect(out.split('\n')).toEqual([
      '#EXTM3U',
      '#EXT-X-TARGETDURATION:4',
      '#EXTINF:4.000000,',
      'https://s3/seg_000.ts?sig=1',
      '#EXTINF:2.0,',
      'https://s3/seg_001.ts?sig=1',
      '#EXT-X-ENDLIST',
      '',
    ]);
  });

  it('refuses a playlist naming anything but plain relative files', () => {
    expect(() => rewriteMediaPlaylist('#EXTM3U\n../../other/seg.ts', (u) => u)).toThrow(
      /unexpected URI/,
    );
    expect(() => rewriteMediaPlaylist('#EXTM3U\nhttps://evil/seg.ts', (u) => u)).toThrow(
      /unexpected URI/,
    );
    expect(isSafeRelativeUri('360p/playlist.m3u8')).toBe(true);
    expect(isSafeRelativeUri('..')).toBe(false);
  });

  it('reads the rung folders of a master playlist', () => {
    const master =
      '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n360p/playlist.m3u8\n\n#EXT-X-STREAM-INF:BANDWIDTH=2\n720p/playlist.m3u8\n';
    expect(masterRungs(master)).toEqual(['360p', '720p']);
  });
});
