import { describe, expect, it } from 'vitest';
import {
  ACCEPTED_DEMUXERS,
  buildSourceInputOptions,
  findRefusal,
  SourceRefusedError,
  toMediaInfo,
  type SourceGuard,
} from '../../src/index.ts';

const guard: SourceGuard = {
  maxFramePixels: 1_000_000,
  ioTimeoutSeconds: 7,
  allowPlainHttp: false,
};
const valueAfter = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe('buildSourceInputOptions', () => {
  it('lets an https source use only https over TLS, with a timeout, reconnects and certificate checks', () => {
    const args = buildSourceInputOptions(
      'https://b.s3.amazonaws.com/raw/u/v.mp4?X-Amz-Signature=1',
      guard,
    );
    expect(valueAfter(args, '-protocol_whitelist')).toBe('https,tls,tcp');
    expect(valueAfter(args, '-rw_timeout')).toBe('7000000');
    expect(valueAfter(args, '-tls_verify')).toBe('1');
    expect(valueAfter(args, '-reconnect')).toBe('1');
  });

  it('opens only the containers we accept: no playlist, manifest, concat or image demuxer', () => {
    const formats = valueAfter(
      buildSourceInputOptions('https://s3/x.mp4', guard),
      '-format_whitelist',
    );
    expect(formats?.split(',')).toEqual([...ACCEPTED_DEMUXERS]);
    for (const dangerous of ['hls', 'dash', 'concat', 'image2', 'lavfi', 'data', 'subfile'])
      expect(formats?.split(',')).not.toContain(dangerous);
  });

  it('passes the frame-size limit to the decoder', () => {
    expect(valueAfter(buildSourceInputOptions('https://s3/x.mp4', guard), '-max_pixels')).toBe(
      '1000000',
    );
  });

  it('refuses plain http unless the object store itself speaks it (a local emulator)', () => {
    expect(() => buildSourceInputOptions('http://127.0.0.1:4566/b/raw/u/v.mp4', guard)).toThrow(
      SourceRefusedError,
    );
    const local = buildSourceInputOptions('http://127.0.0.1:4566/b/raw/u/v.mp4', {
      ...guard,
      allowPlainHttp: true,
    });
    expect(valueAfter(local, '-protocol_whitelist')).toBe('http,tcp');
    expect(local).not.toContain('-tls_verify');
  });

  it('refuses any other scheme, and reads a local path through the file protocol only', () => {
    for (const input of [
      'ftp://h/x.mp4',
      'concat:a.mp4|b.mp4',
      'data:video/mp4;base64,AA',
      'file:/etc/passwd',
    ])
      expect(() => buildSourceInputOptions(input, guard)).toThrow(SourceRefusedError);
    const local = buildSourceInputOptions('/scratch/in.mp4', guard);
    expect(valueAfter(local, '-protocol_whitelist')).toBe('file');
    expect(local).not.toContain('-rw_timeout');
  });
});

describe('findRefusal', () => {
  it.each([
    ["[hls @ 0x1] Format not on whitelist 'mov,matroska'", { kind: 'format' }],
    ['x.mp4: Invalid data found when processing input', { kind: 'format' }],
    ["[tcp @ 0x1] Protocol 'file' not on whitelist 'https,tls,tcp'!", { kind: 'protocol' }],
    ['URL file:///etc/passwd is not in allowed_segment_extensions', { kind: 'protocol' }],
    ['[mov @ 0x1] moov atom not found', { kind: 'damaged' }],
    [
      '[IMGUTILS @ 0x1] Picture size 8192x8192 exceeds specified max pixel count 35389440',
      { kind: 'frame-size', width: 8192, height: 8192 },
    ],
  ])('reads %j as a refusal of the media', (line, refusal) => {
    expect(findRefusal(['some noise', line])).toEqual(refusal);
  });

  it('names the damage rather than the generic "Invalid data" that follows it', () => {
    expect(
      findRefusal([
        '[mov @ 0x1] moov atom not found',
        'x.mp4: Invalid data found when processing input',
      ]),
    ).toEqual({ kind: 'damaged' });
  });

  it('does not blame the media for network or machine trouble', () => {
    for (const line of [
      'Server returned 503 Service Unavailable',
      'Connection to tcp://127.0.0.1:4566 failed: Connection refused',
      'No space left on device',
    ])
      expect(findRefusal([line])).toBeUndefined();
  });
});

describe('toMediaInfo, what the limits read', () => {
  it('reads frame rate, stream count and the most audio channels', () => {
    const info = toMediaInfo({
      format: { duration: '10' },
      streams: [
        { codec_type: 'video', width: 640, height: 360, avg_frame_rate: '30000/1001' },
        { codec_type: 'audio', channels: 2 },
        { codec_type: 'audio', channels: 6 },
        { codec_type: 'subtitle' },
      ],
    });
    expect(info.frameRate).toBeCloseTo(29.97, 2);
    expect(info.streamCount).toBe(4);
    expect(info.audioChannels).toBe(6);
  });

  it('falls back to the base rate when the average is unknown, and to 0 when both are', () => {
    const video = { codec_type: 'video', width: 640, height: 360 };
    expect(
      toMediaInfo({ streams: [{ ...video, avg_frame_rate: '0/0', r_frame_rate: '25/1' }] })
        .frameRate,
    ).toBe(25);
    expect(toMediaInfo({ streams: [{ ...video, avg_frame_rate: '0/0' }] }).frameRate).toBe(0);
  });
});
