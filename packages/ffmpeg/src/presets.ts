/**
 * The libx264 presets VideoForge encodes with, fastest first. The slower ones libx264 also knows
 * (slower, veryslow, placebo) are left out: several times the encode time of `slow` for files a
 * few percent smaller, which no attempt deadline is sized for.
 */
export const X264_PRESETS = [
  'ultrafast',
  'superfast',
  'veryfast',
  'faster',
  'fast',
  'medium',
  'slow',
] as const;

export type X264Preset = (typeof X264_PRESETS)[number];

export const DEFAULT_X264_PRESET: X264Preset = 'veryfast';

export function isX264Preset(value: string): value is X264Preset {
  return (X264_PRESETS as readonly string[]).includes(value);
}
