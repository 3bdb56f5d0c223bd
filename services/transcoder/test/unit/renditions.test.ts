import { describe, expect, it } from 'vitest';
import { QUALITIES } from '@videoforge/core';
import { buildMp4OutputOptions, hlsLadder } from '../../src/renditions.ts';

const valueAfter = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe('renditions in ffmpeg terms', () => {
  it('scales each quality to its own height', () => {
    expect(valueAfter(buildMp4OutputOptions('360p'), '-vf')).toBe('scale=-2:360');
    expect(valueAfter(buildMp4OutputOptions('1080p', { preset: 'fast' }), '-vf')).toBe(
      'scale=-2:1080',
    );
    expect(valueAfter(buildMp4OutputOptions('1080p', { preset: 'fast' }), '-preset')).toBe('fast');
  });

  it('names the HLS rungs after the qualities a source can fill', () => {
    expect(hlsLadder({ height: 2160 }).map((rung) => rung.name)).toEqual([...QUALITIES]);
    expect(hlsLadder({ height: 720 }).map((rung) => rung.name)).toEqual(['360p', '480p', '720p']);
  });
});
