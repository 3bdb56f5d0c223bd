import { describe, expect, it } from 'vitest';
import {
  createProgressReporter,
  createStderrTail,
  MediaUnreadableError,
  parseProgressLine,
  parseTimemark,
  pickTellingLine,
  redactSignedUrls,
  toMediaInfo,
  type FfmpegProgress,
  type RawProbe,
  type RawStream,
} from '../../src/index.ts';

describe('parseTimemark', () => {
  it.each([
    ['00:00:01.46', 1.46],
    ['01:02:03.50', 3723.5],
    ['02:03.5', 123.5],
    ['7.25', 7.25],
    ['12', 12],
    ['-00:00:00.04', -0.04],
  ])('%s is %d seconds', (timemark, seconds) => {
    expect(parseTimemark(timemark)).toBeCloseTo(seconds, 6);
  });

  it.each(['N/A', '', 'abc', '1:2:3:4'])('%j is not a timemark', (timemark) => {
    expect(parseTimemark(timemark)).toBeUndefined();
  });
});

describe('parseProgressLine', () => {
  it('reads time and speed from a stats line, spaces after "=" included', () => {
    const line =
      'frame=   45 fps=0.0 q=28.0 size=     256kB time=00:00:01.46 bitrate=1434.2kbits/s speed=2.91x    ';

    expect(parseProgressLine(line)).toEqual({ outTimeSec: 1.46, speed: 2.91 });
  });

  it('leaves speed undefined while ffmpeg reports N/A', () => {
    expect(
      parseProgressLine(
        'frame=    0 fps=0.0 q=0.0 size=       0kB time=00:00:00.00 bitrate=N/A speed=N/A',
      ),
    ).toEqual({ outTimeSec: 0, speed: undefined });
  });

  it('ignores lines that are not stats', () => {
    expect(parseProgressLine('Stream #0:0: Video: h264 (High), yuv420p, 1280x720')).toBeUndefined();
    expect(parseProgressLine('size=N/A time=N/A bitrate=N/A speed=N/A')).toBeUndefined();
  });
});

describe('createProgressReporter', () => {
  function recorder(durationSec: number | undefined, clock: { t: number }) {
    const calls: FfmpegProgress[] = [];
    const reporter = createProgressReporter(
      (p) => calls.push(p),
      durationSec,
      250,
      () => clock.t,
    );
    return { calls, reporter };
  }

  it('throttles to one call per interval and ends at 100 %', () => {
    const clock = { t: 0 };
    const { calls, reporter } = recorder(10, clock);

    reporter.sample(1, 2);
    clock.t = 100;
    reporter.sample(2, 2); // too soon
    clock.t = 300;
    reporter.sample(3, 2.5);
    reporter.finish();

    expect(calls).toEqual([
      { outTimeSec: 1, percent: 10, speed: 2 },
      { outTimeSec: 3, percent: 30, speed: 2.5 },
      { outTimeSec: 10, percent: 100, speed: 2.5 },
    ]);
  });

  it('uses a duration that only becomes known while ffmpeg runs', () => {
    const clock = { t: 0 };
    const probe: { durationSec?: number } = {};
    const calls: FfmpegProgress[] = [];
    const reporter = createProgressReporter(
      (p) => calls.push(p),
      () => probe.durationSec,
      250,
      () => clock.t,
    );

    reporter.sample(1, 2);
    probe.durationSec = 4;
    clock.t = 300;
    reporter.sample(2, 2);
    reporter.finish();

    expect(calls.map((c) => c.percent)).toEqual([undefined, 50, 100]);
    expect(calls.at(-1)?.outTimeSec).toBe(4);
  });

  it('never goes backwards and clamps past the end', () => {
    const clock = { t: 0 };
    const { calls, reporter } = recorder(2, clock);

    reporter.sample(1.5, undefined);
    clock.t = 1000;
    reporter.sample(1.0, undefined);
    clock.t = 2000;
    reporter.sample(2.2, undefined);

    expect(calls.map((c) => c.percent)).toEqual([75, 100]);
  });

  it('leaves percent undefined without a duration, except the final call', () => {
    const clock = { t: 0 };
    const { calls, reporter } = recorder(undefined, clock);

    reporter.sample(4, 1);
    reporter.finish();

    expect(calls).toEqual([
      { outTimeSec: 4, percent: undefined, speed: 1 },
      { outTimeSec: 4, percent: 100, speed: 1 },
    ]);
  });
});

describe('createStderrTail', () => {
  it('keeps only the last N lines, oldest first', () => {
    const tail = createStderrTail(3);
    for (const line of ['a', 'b', 'c', 'd', 'e']) tail.push(line);

    expect(tail.lines()).toEqual(['c', 'd', 'e']);
    expect(tail.toString()).toBe('c\nd\ne');
  });

  it('returns what it has before filling up', () => {
    const tail = createStderrTail(30);
    tail.push('only');

    expect(tail.lines()).toEqual(['only']);
  });

  it('needs a positive size', () => {
    expect(() => createStderrTail(0)).toThrow(RangeError);
  });
});

describe('redactSignedUrls', () => {
  it('keeps the address and drops the signed query, wherever the URL sits in the line', () => {
    const url =
      'https://b.s3.eu-west-1.amazonaws.com/raw/u/v.mp4?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F&X-Amz-Signature=abc123';
    const line = `[http @ 0x1] HTTP error 403 Forbidden\n${url}: Server returned 403 Forbidden (access denied)`;

    const redacted = redactSignedUrls(line);

    expect(redacted).toContain('https://b.s3.eu-west-1.amazonaws.com/raw/u/v.mp4?<redacted>:');
    expect(redacted).toContain('Server returned 403 Forbidden');
    expect(redacted).not.toMatch(/X-Amz-|abc123/);
    expect(redactSignedUrls(`Input #0, mov, from '${url}':`)).toBe(
      "Input #0, mov, from 'https://b.s3.eu-west-1.amazonaws.com/raw/u/v.mp4?<redacted>':",
    );
  });

  it('leaves lines without a URL alone', () => {
    expect(redactSignedUrls('/scratch/in.mp4: Invalid data found')).toBe(
      '/scratch/in.mp4: Invalid data found',
    );
  });
});

describe('pickTellingLine', () => {
  it('prefers the cause over the generic last words', () => {
    const lines = [
      "Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'in.mp4':",
      '[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55d0] moov atom not found',
      'in.mp4: Invalid data found when processing input',
      'Conversion failed!',
    ];

    expect(pickTellingLine(lines)).toBe('[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55d0] moov atom not found');
  });

  it('falls back to the last non-empty line', () => {
    expect(pickTellingLine(['starting', 'Killed', ''])).toBe('Killed');
    expect(pickTellingLine([])).toBe('no output on stderr');
  });
});

describe('toMediaInfo', () => {
  const video: RawStream = {
    codec_type: 'video',
    codec_name: 'h264',
    width: 1920,
    height: 1080,
    avg_frame_rate: '25/1',
  };
  const audio: RawStream = { codec_type: 'audio', codec_name: 'aac', channels: 2 };
  const format = { duration: '12.480000', format_name: 'mov,mp4,m4a,3gp,3g2,mj2' };

  it('maps ffprobe output to MediaInfo', () => {
    expect(toMediaInfo({ streams: [video, audio], format })).toEqual({
      durationSec: 12.48,
      width: 1920,
      height: 1080,
      hasAudio: true,
      videoCodec: 'h264',
      formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
      frameRate: 25,
      streamCount: 2,
      audioChannels: 2,
    });
  });

  it('reports a silent video and an unknown duration as such', () => {
    const info = toMediaInfo({ streams: [video], format: { format_name: 'matroska,webm' } });

    expect(info.hasAudio).toBe(false);
    expect(info.durationSec).toBe(0);
  });

  it('falls back to the stream duration when the container has none', () => {
    expect(toMediaInfo({ streams: [{ ...video, duration: '3.5' }], format: {} }).durationSec).toBe(
      3.5,
    );
  });

  it.each([
    [
      'display-matrix rotation -90',
      { side_data_list: [{ side_data_type: 'Display Matrix', rotation: -90 }] },
    ],
    [
      'display-matrix rotation 270',
      { side_data_list: [{ side_data_type: 'Display Matrix', rotation: 270 }] },
    ],
    ['rotate tag 90', { tags: { rotate: '90' } }],
  ])('swaps width and height for %s (phone portrait video)', (_, rotation) => {
    const info = toMediaInfo({ streams: [{ ...video, ...rotation }], format });

    expect([info.width, info.height]).toEqual([1080, 1920]);
  });

  it('keeps width and height for a 180 degree rotation', () => {
    const info = toMediaInfo({ streams: [{ ...video, tags: { rotate: '180' } }], format });

    expect([info.width, info.height]).toEqual([1920, 1080]);
  });

  it('takes the real video, not the cover art', () => {
    const coverArt: RawStream = {
      codec_type: 'video',
      codec_name: 'mjpeg',
      width: 600,
      height: 600,
      disposition: { attached_pic: 1 },
    };

    expect(toMediaInfo({ streams: [coverArt, video, audio], format }).videoCodec).toBe('h264');
  });

  it.each<[string, RawProbe]>([
    ['audio only', { streams: [audio], format }],
    ['cover art only', { streams: [{ ...video, disposition: { attached_pic: 1 } }], format }],
    ['no streams at all', { format }],
    [
      'a video stream without frame size',
      { streams: [{ codec_type: 'video', codec_name: 'h264' }], format },
    ],
  ])('rejects %s as unreadable', (_, raw) => {
    expect(() => toMediaInfo(raw)).toThrow(MediaUnreadableError);
    expect(() => toMediaInfo(raw)).toThrow(/^ffprobe cannot read the source: /);
  });

  it('says why each unreadable probe is the media itself', () => {
    const refusal = (raw: RawProbe) => {
      try {
        toMediaInfo(raw);
      } catch (error) {
        return (error as MediaUnreadableError).refusal;
      }
      return undefined;
    };
    expect(refusal({ format })).toEqual({ kind: 'no-video' });
    expect(refusal({ streams: [{ codec_type: 'video' }], format })).toEqual({ kind: 'damaged' });
  });
});
