/**
 * `npm run demo`: the README's curl walk-through, done by a script on a clip it generates.
 * Uses a running `npm start` (API_URL, default http://localhost:8080) or, when none answers,
 * starts the whole platform in this process. Exits 0 only when the 720p MP4 is READY and ffprobe
 * confirms it.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { startPipeline, type Pipeline } from '@videoforge/local/pipeline';
import {
  ApiClient,
  ffprobeJson,
  makeTestClip,
  pollUntil,
  requireBinary,
  uploadFile,
} from '@videoforge/testkit';

interface VideoJson {
  videoId: string;
  status: string;
  failure?: { code: string; message: string };
  renditions: Record<string, { status: string; error?: string; progress?: number }>;
  progress?: { percent: number; etaSeconds?: number };
  queuePosition?: number;
}

/** `[#########...........]  45 %  ETA 3 s` for the 720p rendition, or its place in the queue. */
function progressBar(video: VideoJson): string {
  const rendition = video.renditions['720p'];
  if (rendition?.status === 'QUEUED' && video.queuePosition !== undefined) {
    return `queued (about ${video.queuePosition} ahead)`;
  }
  const percent = rendition?.progress;
  if (percent === undefined) return '';
  const filled = Math.round(percent / 5);
  const eta =
    video.progress?.etaSeconds === undefined ? '' : `  ETA ${video.progress.etaSeconds} s`;
  return `[${'#'.repeat(filled)}${'.'.repeat(20 - filled)}] ${String(percent).padStart(3)} %${eta}`;
}

const say = (line: string) => console.log(`[demo] ${line}`);

async function apiAnswers(url: string): Promise<boolean> {
  return fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) }).then(
    (r) => r.ok,
    () => false,
  );
}

async function main(): Promise<void> {
  requireBinary('ffmpeg');
  const work = await mkdtemp(join(tmpdir(), 'videoforge-demo-'));
  let embedded: Pipeline | undefined;
  try {
    let apiUrl = process.env.API_URL ?? 'http://localhost:8080';
    if (!(await apiAnswers(apiUrl))) {
      say(`no API at ${apiUrl}: starting the platform inside this process`);
      embedded = await startPipeline();
      apiUrl = embedded.api.url;
    }
    say(`API: ${apiUrl}`);

    const source = join(work, 'demo-1080p.mp4');
    say('generating a 10 s 1920x1080 test clip with ffmpeg');
    await makeTestClip({ path: source, width: 1920, height: 1080, durationSec: 10 });
    const { size } = await stat(source);

    const client = new ApiClient(apiUrl);
    const email = `demo-${Date.now()}@example.com`;
    await client.signUpAndLogin(email, 'Demo-Passw0rd!');
    say(`signed up and logged in as ${email}`);

    const created = await client.expect<{
      video: VideoJson;
      upload: { url: string; method: string; headers: Record<string, string> };
    }>(201, 'POST', '/api/videos', {
      title: 'Demo clip',
      filename: 'demo-1080p.mp4',
      contentType: 'video/mp4',
      sizeBytes: size,
    });
    const id = created.video.videoId;
    say(
      `created video ${id} (${created.video.status}); uploading ${(size / 1e6).toFixed(1)} MB to its presigned URL`,
    );
    await uploadFile(created.upload, source);
    const uploadedAt = Date.now();

    let last = '';
    const ready = await pollUntil(
      () => client.expect<VideoJson>(200, 'GET', `/api/videos/${id}`),
      (v) => v.status === 'READY' || v.status === 'FAILED',
      {
        timeoutMs: 300_000,
        intervalMs: 250,
        onValue: (v) => {
          const line = `${v.status} (720p: ${v.renditions['720p']?.status ?? '-'}) ${progressBar(v)}`;
          if (line !== last)
            say(`${((Date.now() - uploadedAt) / 1000).toFixed(1).padStart(5)} s  ${line}`);
          last = line;
        },
      },
    );
    if (ready.status !== 'READY')
      throw new Error(`video failed: ${ready.failure?.code} ${ready.failure?.message}`);
    say(`720p READY ${((Date.now() - uploadedAt) / 1000).toFixed(1)} s after the upload finished`);

    await client.expect(202, 'POST', `/api/videos/${id}/renditions`, { quality: '480p' });
    say('asked for a 480p rendition too (202 QUEUED)');

    const playback = await client.expect<{ url: string }>(
      200,
      'GET',
      `/api/videos/${id}/playback?quality=720p`,
    );
    const downloaded = join(work, 'demo-720p.mp4');
    const response = await fetch(playback.url);
    if (!response.ok || !response.body) throw new Error(`download failed: HTTP ${response.status}`);
    await pipeline(Readable.fromWeb(response.body as never), createWriteStream(downloaded));
    const probe = await ffprobeJson(downloaded);
    const video = probe.streams.find((s) => s.codec_type === 'video');
    if (video?.codec_name !== 'h264' || video.height !== 720) {
      throw new Error(`downloaded file is not a 720p H.264 video: ${JSON.stringify(video)}`);
    }
    say(
      `downloaded through the presigned URL and verified with ffprobe: ${video.codec_name} ${video.width}x${video.height}, ${Number(probe.format.duration).toFixed(1)} s`,
    );

    await pollUntil(
      () => client.expect<VideoJson>(200, 'GET', `/api/videos/${id}`),
      (v) => ['READY', 'FAILED'].includes(v.renditions['480p']?.status ?? ''),
      { timeoutMs: 300_000, intervalMs: 250 },
    ).then((v) => say(`480p ${v.renditions['480p']?.status}`));
    say('demo passed');
  } finally {
    await embedded?.stop();
    await rm(work, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`[demo] FAILED: ${(error as Error).message}`);
    process.exit(1);
  },
);
