import { describe, expect, it } from 'vitest';
import { Registry } from '@videoforge/platform';
import { createTranscodeMetrics } from '../../src/worker/metrics.ts';

describe('transcode metrics', () => {
  it('start every known series at 0, so a first job is an increase Prometheus can see', async () => {
    const registry = new Registry();
    createTranscodeMetrics(registry);
    const text = await registry.metrics();
    for (const quality of ['360p', '480p', '720p', '1080p', 'hls']) {
      for (const outcome of ['success', 'failure', 'skipped']) {
        expect(text).toContain(
          `videoforge_transcode_jobs_total{quality="${quality}",outcome="${outcome}"} 0`,
        );
      }
      expect(text).toContain(`videoforge_transcode_duration_seconds_count{quality="${quality}"} 0`);
      expect(text).toContain(`videoforge_transcode_speed_ratio_count{quality="${quality}"} 0`);
      expect(text).toContain(`videoforge_time_to_ready_seconds_count{quality="${quality}"} 0`);
    }
    expect(text).toContain('videoforge_transcode_stalls_total 0');
    expect(text).toContain('videoforge_transcode_jobs_in_progress 0');
  });

  it('record outcomes, speed by quality and time to ready', async () => {
    const registry = new Registry();
    const metrics = createTranscodeMetrics(registry);
    metrics.record('720p', 'done', 4, 8);
    metrics.record('720p', 'retry', 1);
    metrics.record('720p', 'returned', 1);
    metrics.ready('720p', 12);
    const text = await registry.metrics();
    expect(text).toContain('videoforge_transcode_jobs_total{quality="720p",outcome="success"} 1');
    expect(text).toContain('videoforge_transcode_jobs_total{quality="720p",outcome="failure"} 1');
    expect(text).toContain('videoforge_transcode_speed_ratio_sum{quality="720p"} 2');
    expect(text).toContain('videoforge_time_to_ready_seconds_sum{quality="720p"} 12');
    expect(text).toContain('videoforge_time_to_ready_seconds_bucket{le="10",quality="720p"} 0');
    expect(text).toContain('videoforge_time_to_ready_seconds_bucket{le="20",quality="720p"} 1');
  });
});
