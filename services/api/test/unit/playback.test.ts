import { describe, expect, it } from 'vitest';
import { signPlaybackToken, verifyPlaybackToken } from '../../src/playback/playback-token.ts';
import {
  isSafeRelativeUri,
  masterRungs,
  rewriteMediaPlaylist,
} from '../../src/playback/playlists.ts';

const secret = 'a-test-secret-that-is-long-enough-000';

describe('playback tokens', () => {
  const claims = { userId: 'u1', videoId: 'v1', expiresAt: 2_000 };

  it('verifies its own token until it expires', () => {
    const token = signPlaybackToken(claims, secret);
    expect(verifyPlaybackToken(token, secret, 1_999)).toEqual(claims);
    expect(verifyPlaybackToken(token, secret, 2_000)).toBeUndefined();
  });

  it('refuses a token signed with another secret, or with its claims changed', () => {
    const token = signPlaybackToken(claims, secret);
    expect(verifyPlaybackToken(token, `${secret}x`, 1_000)).toBeUndefined();
    const [, signature] = token.split('.');
    const otherUser = Buffer.from(JSON.stringify(['u2', 'v1', 2_000])).toString('base64url');
    expect(verifyPlaybackToken(`${otherUser}.${signature}`, secret, 1_000)).toBeUndefined();
    expect(verifyPlaybackToken('garbage', secret, 1_000)).toBeUndefined();
    expect(verifyPlaybackToken(`${token}.extra`, secret, 1_000)).toBeUndefined();
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
