import { describe, expect, it } from 'vitest';
import { createLogger, requestLineLogger } from '../../src/logger.ts';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const sink = { write: (chunk: string) => void lines.push(JSON.parse(chunk)) };
  return { logger: createLogger('test', 'debug', sink), lines };
}

describe('log redaction', () => {
  it('keeps credentials and presigned URLs out of every line, top level or nested', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        password: 'p1',
        body: { password: 'p2', refreshToken: 'r1', token: 't1' },
        accessToken: 'a1',
        idToken: 'i1',
        url: 'https://bucket.s3/raw/x?X-Amz-Signature=abc',
        upload: { url: 'https://bucket.s3/raw/y?X-Amz-Signature=def' },
        req: { headers: { authorization: 'Bearer eyJ.x.y', cookie: 'session=1' } },
        credentials: { secretAccessKey: 's1', sessionToken: 's2' },
      },
      'something happened',
    );
    const text = JSON.stringify(lines);
    for (const secret of [
      'p1',
      'p2',
      'r1',
      't1',
      'a1',
      'i1',
      'Signature',
      'eyJ',
      'session=1',
      's1',
      's2',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(lines[0]).toMatchObject({
      service: 'test',
      msg: 'something happened',
      password: '[redacted]',
    });
  });

  it('masks only the signed segment of an HLS playback path and leaves other paths alone', () => {
    const { logger, lines } = capture();
    const child = logger.child({ requestId: 'r-1' });
    child.info({ path: '/api/playback/hls/eyJhbGciOi.c2lnbmF0dXJl/720p/playlist.m3u8' }, 'request');
    child.info({ path: '/api/videos/0190a8f0-1111-7000-8000-000000000000' }, 'request');
    child.info({ job: { path: '/api/playback/hls/abc.def/master.m3u8' } }, 'nested');
    expect(lines.map((l) => l.path ?? (l.job as { path: string }).path)).toEqual([
      '/api/playback/hls/[redacted]/720p/playlist.m3u8',
      '/api/videos/0190a8f0-1111-7000-8000-000000000000',
      '/api/playback/hls/[redacted]/master.m3u8',
    ]);
    expect(lines[0]).toMatchObject({ requestId: 'r-1' });
  });

  it('masks the signed segment of a request line path, with the service and level of its parent', () => {
    const { logger, lines } = capture();
    const requests = requestLineLogger(logger);
    requests.info(
      { requestId: 'r-2', path: '/api/playback/hls/abc.def/720p/playlist.m3u8' },
      'request',
    );
    requests.debug({ path: '/healthz' }, 'request');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      service: 'test',
      requestId: 'r-2',
      path: '/api/playback/hls/[redacted]/720p/playlist.m3u8',
    });
    expect(lines[1]).toMatchObject({ path: '/healthz' });
  });
});
