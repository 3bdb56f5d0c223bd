import { requireBinary } from './binaries.ts';
import { runTool } from './run-tool.ts';

/** The parts of `ffprobe -show_streams -show_format` that tests assert on. */
export interface ProbeJson {
  streams: Array<{ codec_type: string; codec_name: string; width?: number; height?: number }>;
  format: { duration: string; format_name: string };
}

/** Independent check of an output file: plain ffprobe, not the code under test. */
export async function ffprobeJson(path: string): Promise<ProbeJson> {
  const stdout = await runTool(requireBinary('ffprobe'), [
    '-v',
    'error',
    '-print_format',
    'json',
    '-show_streams',
    '-show_format',
    path,
  ]);
  const parsed: unknown = JSON.parse(stdout);
  if (!isProbeJson(parsed))
    throw new Error(`unexpected ffprobe output for ${path}: ${stdout.slice(0, 200)}`);
  return parsed;
}

function isProbeJson(value: unknown): value is ProbeJson {
  if (typeof value !== 'object' || value === null) return false;
  const { streams, format } = value as Record<string, unknown>;
  return Array.isArray(streams) && typeof format === 'object' && format !== null;
}
