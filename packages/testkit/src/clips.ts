import { requireBinary } from './binaries.ts';
import { runTool } from './run-tool.ts';

export interface TestClipOptions {
  /** Output file; its extension should be .mp4. */
  readonly path: string;
  readonly width: number;
  readonly height: number;
  readonly durationSec: number;
  /** Adds a 440 Hz stereo AAC track. Default true. */
  readonly audio?: boolean;
  /** Default 25. */
  readonly fps?: number;
}

/** Generates an H.264/AAC MP4 from ffmpeg's synthetic sources (no fixture files in git). */
export async function makeTestClip(opts: TestClipOptions): Promise<void> {
  await runTool(requireBinary('ffmpeg'), testClipArgs(opts));
}

function testClipArgs(opts: TestClipOptions): string[] {
  const { width, height, durationSec } = opts;
  const fps = opts.fps ?? 25;
  const withAudio = opts.audio !== false;
  const videoIn = `testsrc2=size=${width}x${height}:rate=${fps}:duration=${durationSec}`;
  const audioIn = `sine=frequency=440:sample_rate=48000:duration=${durationSec}`;
  // prettier-ignore
  return [
    '-hide_banner', '-nostdin', '-y', '-loglevel', 'error',
    '-f', 'lavfi', '-i', videoIn,
    ...(withAudio ? ['-f', 'lavfi', '-i', audioIn] : []),
    '-map', '0:v', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
    ...(withAudio ? ['-map', '1:a', '-c:a', 'aac', '-b:a', '96k', '-ac', '2'] : ['-an']),
    '-movflags', '+faststart',
    '-f', 'mp4',
    opts.path,
  ];
}
