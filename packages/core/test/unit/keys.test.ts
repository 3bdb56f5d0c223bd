import { describe, expect, it } from 'vitest';
import {
  parseRawKey,
  rawKey,
  renditionKey,
  uploadExtensionOf,
  posterKey,
  hlsMasterKey,
} from '../../src/index.ts';

describe('S3 keys', () => {
  it('builds and parses raw upload keys', () => {
    const key = rawKey('user-1', '0190a0b0-0000-7000-8000-000000000001', 'mov');
    expect(key).toBe('raw/user-1/0190a0b0-0000-7000-8000-000000000001.mov');
    expect(parseRawKey(key)).toEqual({
      userId: 'user-1',
      videoId: '0190a0b0-0000-7000-8000-000000000001',
      ext: 'mov',
    });
  });

  it.each([
    'raw/u1/v1.exe',
    'raw/u1/../v1.mp4',
    'raw/u1/v1.mp4/extra',
    'transcoded/720p/u1/v1.mp4',
    'raw/u 1/v1.mp4',
    'raw//v1.mp4',
    'raw/u1/v1.MP4',
  ])('rejects %s', (key) => {
    expect(parseRawKey(key)).toBeUndefined();
  });

  it('takes the extension from an allow-list, case-insensitively, never the rest of the filename', () => {
    expect(uploadExtensionOf('Holiday.Final.MP4')).toBe('mp4');
    expect(uploadExtensionOf('../../etc/passwd')).toBeUndefined();
    expect(uploadExtensionOf('clip.mp4.exe')).toBeUndefined();
    expect(uploadExtensionOf('noext')).toBeUndefined();
  });

  it('lays out outputs as SPEC says', () => {
    expect(renditionKey('720p', 'u', 'v')).toBe('transcoded/720p/u/v.mp4');
    expect(hlsMasterKey('u', 'v')).toBe('hls/u/v/master.m3u8');
    expect(posterKey('u', 'v')).toBe('thumbnails/u/v.jpg');
  });
});
