import { describe, expect, it } from 'vitest';
import {
  buildHlsOutputOptions,
  buildPosterOptions,
  hlsLadder,
  posterSeekSeconds,
  type MediaInfo,
} from '../../src/index.ts';

const source = (height: number, hasAudio = true): MediaInfo => ({
  durationSec: 60,
  width: Math.round((height * 16) / 9),
  height,
  hasAudio,
  videoCodec: 'h264',
  formatName: 'mov,mp4',
  frameRate: 30,
  streamCount: hasAudio ? 2 : 1,
  audioChannels: hasAudio ? 2 : 0,
});

/** The standard heights a caller passes, lowest first. */
const HEIGHTS = [360, 480, 720, 1080];
const ladderFor = (info: MediaInfo) => hlsLadder(info.height, HEIGHTS);

const valueAfter = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe('HLS ladder', () => {
  it('caps the rungs at the source height (never upscales)', () => {
    expect(ladderFor(source(1080)).map((r) => r.name)).toEqual(['360p', '480p', '720p', '1080p']);
    expect(ladderFor(source(720)).map((r) => r.name)).toEqual(['360p', '480p', '720p']);
    expect(ladderFor(source(500)).map((r) => r.name)).toEqual(['360p', '480p']);
  });

  it('gives a source below 360p one rung at its own (even) height', () => {
    expect(ladderFor(source(241))).toEqual([{ name: '240p', height: 240, videoKbps: 600 }]);
  });

  it('decodes once: one split feeding one scale per rung', () => {
    const rungs = ladderFor(source(720));
    const args = buildHlsOutputOptions(source(720), rungs, '/out');
    expect(valueAfter(args, '-filter_complex')).toBe(
      '[0:V:0]split=3[s0][s1][s2];[s0]scale=-2:360[v0];[s1]scale=-2:480[v1];[s2]scale=-2:720[v2]',
    );
    expect(args.filter((a) => a === '-filter_complex')).toHaveLength(1);
    expect(valueAfter(args, '-var_stream_map')).toBe(
      'v:0,a:0,name:360p v:1,a:1,name:480p v:2,a:2,name:720p',
    );
  });

  it('aligns keyframes across rungs on the segment grid and writes a VOD playlist', () => {
    const args = buildHlsOutputOptions(source(1080), ladderFor(source(1080)), '/out');
    expect(valueAfter(args, '-force_key_frames')).toBe('expr:gte(t,n_forced*4)');
    expect(valueAfter(args, '-sc_threshold')).toBe('0');
    expect(valueAfter(args, '-hls_playlist_type')).toBe('vod');
    expect(valueAfter(args, '-hls_segment_filename')).toBe('/out/%v/seg_%03d.ts');
    expect(valueAfter(args, '-b:v:3')).toBe('5000k');
  });

  it('maps no audio for a silent source', () => {
    const args = buildHlsOutputOptions(source(480, false), ladderFor(source(480, false)), '/out');
    expect(args).not.toContain('0:a:0');
    expect(args).not.toContain('aac');
    expect(valueAfter(args, '-var_stream_map')).toBe('v:0,name:360p v:1,name:480p');
  });
});

describe('poster', () => {
  it('seeks a tenth into the video (at most 30 s) and lets the thumbnail filter choose', () => {
    expect(posterSeekSeconds({ ...source(720), durationSec: 10 })).toBe(1);
    expect(posterSeekSeconds({ ...source(720), durationSec: 3600 })).toBe(30);
    const { inputOptions, outputOptions } = buildPosterOptions(source(1080));
    expect(inputOptions).toEqual(['-ss', '6']);
    expect(valueAfter(outputOptions, '-vf')).toBe('thumbnail=50,scale=-2:720');
    expect(valueAfter(outputOptions, '-frames:v')).toBe('1');
  });

  it('never scales a small source up', () => {
    expect(valueAfter(buildPosterOptions(source(360)).outputOptions, '-vf')).toBe(
      'thumbnail=50,scale=-2:360',
    );
  });
});
