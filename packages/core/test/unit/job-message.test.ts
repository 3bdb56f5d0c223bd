import { describe, expect, it } from 'vitest';
import { newJobMessage, parseJobMessage } from '../../src/index.ts';

const valid = newJobMessage({
  jobId: 'j1',
  video: { videoId: 'v1', userId: 'u1', sourceKey: 'raw/u1/v1.mp4' },
  target: '720p',
  bucket: 'videos',
  now: '2026-01-01T00:00:00.000Z',
});

describe('job message', () => {
  it('round-trips the SPEC shape', () => {
    expect(valid).toEqual({
      version: 1,
      jobId: 'j1',
      videoId: 'v1',
      userId: 'u1',
      bucket: 'videos',
      key: 'raw/u1/v1.mp4',
      quality: '720p',
      requestedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(parseJobMessage(JSON.stringify(valid))).toEqual({
      ok: true,
      job: valid,
      target: { kind: 'mp4', name: '720p', height: 720 },
    });
  });

  it('parses the target into its kind at the edge, the wire string left as it was', () => {
    const hls = parseJobMessage(JSON.stringify({ ...valid, quality: 'hls' }));
    expect(hls).toMatchObject({ ok: true, job: { quality: 'hls' }, target: { kind: 'hls' } });
    const low = parseJobMessage(JSON.stringify({ ...valid, quality: '360p' }));
    expect(low).toMatchObject({ target: { kind: 'mp4', name: '360p', height: 360 } });
  });

  it.each([
    ['not json', '{', 'not JSON'],
    ['an unknown version', JSON.stringify({ ...valid, version: 2 }), 'version'],
    ['an unknown quality', JSON.stringify({ ...valid, quality: '4k' }), 'quality'],
    ['a key of another video', JSON.stringify({ ...valid, key: 'raw/u1/v2.mp4' }), 'key'],
    ['a key of another user', JSON.stringify({ ...valid, key: 'raw/u2/v1.mp4' }), 'key'],
    ['a traversal key', JSON.stringify({ ...valid, key: 'raw/u1/../v1.mp4' }), 'key'],
    ['a bad timestamp', JSON.stringify({ ...valid, requestedAt: 'yesterday' }), 'requestedAt'],
  ])('rejects %s with a reason', (_name, body, where) => {
    const result = parseJobMessage(body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(where);
  });

  it('salvages safe ids from a malformed body so the video can be marked FAILED', () => {
    const result = parseJobMessage(JSON.stringify({ ...valid, version: 9 }));
    expect(result).toMatchObject({
      ok: false,
      ids: { videoId: 'v1', userId: 'u1', quality: '720p' },
    });
  });
});
