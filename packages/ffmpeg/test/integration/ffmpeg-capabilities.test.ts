import { requireBinary } from '@videoforge/testkit';
import { describe, expect, it } from 'vitest';
import { loadFfmpegCapabilities } from '../../src/index.ts';

// fluent-ffmpeg keeps the binary's path and its answers process-wide: this file has its own
// process, and the failing case runs first, before any answer is kept.
describe('loading ffmpeg capabilities at start-up', () => {
  it('fails when the ffmpeg binary is missing', async () => {
    await expect(loadFfmpegCapabilities('/nonexistent/bin/ffmpeg')).rejects.toThrow(/ENOENT/);
  });

  it('answers for a working ffmpeg', async () => {
    await expect(loadFfmpegCapabilities(requireBinary('ffmpeg'))).resolves.toBeUndefined();
  });
});
