/**
 * A signed HLS rung playlist of a 10-hour video (9,000 four-second segments) from the api as
 * `npm start` runs it: the first request (signs every segment) and p50/p99 over repeated ones
 * (served from the api's playlist cache). The video and its playlists are seeded straight into
 * the emulators, as the transcoder would have left them. Alone: `tsx scripts/bench/playlist.ts`.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { get } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createS3Client, createVideoRepository } from '@videoforge/adapters';
import { loadApiConfig } from '@videoforge/api';
import { hlsMasterKey, hlsPrefix } from '@videoforge/core';
import { ApiClient } from '@videoforge/testkit';
import { startBenchApi } from './api-hot-path.ts';
import { percentile, type BenchRow } from './stats.ts';

const SEGMENTS = 9_000;
const SEGMENT_SECONDS = 4;
const REPEATS = Number(process.env.PLAYLIST_BENCH_REPEATS ?? 200);
const GOAL_P50_MS = 5;
const RUNG = '720p';

export function rungPlaylist(segments: number, segmentSeconds: number): string {
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    `#EXT-X-TARGETDURATION:${segmentSeconds}`,
    '#EXT-X-MEDIA-SEQUENCE:0',
    '#EXT-X-PLAYLIST-TYPE:VOD',
  ];
  for (let i = 0; i < segments; i++) {
    lines.push(`#EXTINF:${segmentSeconds.toFixed(6)},`, `segment_${String(i).padStart(5, '0')}.ts`);
  }
  lines.push('#EXT-X-ENDLIST', '');
  return lines.join('\n');
}

const MASTER = [
  '#EXTM3U',
  '#EXT-X-VERSION:3',
  '#EXT-X-STREAM-INF:BANDWIDTH=2800000,RESOLUTION=1280x720',
  `${RUNG}/playlist.m3u8`,
  '',
].join('\n');

/** A user's video whose HLS ladder is READY, with its playlists in the bucket. */
async function seedLongVideo(apiUrl: string, env: Record<string, string>) {
  const client = new ApiClient(apiUrl);
  const { userId } = await client.signUpAndLogin(
    `playlist-${Date.now()}@example.com`,
    'Bench-Passw0rd!',
  );
  const { video } = await client.createVideo({
    title: 'ten hours',
    filename: 'long.mp4',
    contentType: 'video/mp4',
    sizeBytes: 1_000_000,
    renditions: ['hls'],
  });
  const config = loadApiConfig({ ...env, PORT: '0' });
  const s3 = createS3Client(config.aws);
  const put = (key: string, body: string) =>
    s3.send(
      new PutObjectCommand({
        Bucket: config.bucket,
        Key: key,
        Body: body,
        ContentType: 'application/vnd.apple.mpegurl',
      }),
    );
  await put(hlsMasterKey(userId, video.videoId), MASTER);
  const playlist = rungPlaylist(SEGMENTS, SEGMENT_SECONDS);
  await put(`${hlsPrefix(userId, video.videoId)}${RUNG}/playlist.m3u8`, playlist);
  // Through the cached repository, as a worker finishing the ladder would: the cache is invalidated.
  const repository = createVideoRepository({
    aws: config.aws,
    table: config.table,
    cache: config.cache,
  });
  const now = new Date().toISOString();
  await repository.videos.update(userId, video.videoId, (v) => ({
    ...v,
    status: 'READY',
    renditions: {
      ...v.renditions,
      hls: { status: 'READY', key: hlsMasterKey(userId, v.videoId), updatedAt: now },
    },
    updatedAt: now,
  }));
  repository.close();
  return { client, videoId: video.videoId, playlistBytes: playlist.length };
}

/**
 * One GET as a player makes it (gzip accepted), timed until the last byte arrived; the body is
 * counted as sent, not decompressed (that is the player's work, not the api's).
 */
function timedGet(url: string): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': 'gzip' } }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => {
        if (response.statusCode !== 200)
          return reject(new Error(`GET ${url} answered ${response.statusCode}`));
        resolve({ ms: performance.now() - started, bytes });
      });
    }).on('error', reject);
  });
}

/** The api's own `durationMs` of each playlist request, from its request log lines. */
function serverDurations(): { onLine: (line: string) => void; values: number[] } {
  const values: number[] = [];
  const onLine = (line: string) => {
    if (!line.includes('playlist.m3u8')) return;
    const parsed = JSON.parse(line) as { msg?: string; route?: string; durationMs?: number };
    if (parsed.msg === 'request' && parsed.route?.endsWith('/:rung/playlist.m3u8'))
      values.push(parsed.durationMs ?? NaN);
  };
  return { onLine, values };
}

export async function benchPlaylist(): Promise<BenchRow[]> {
  // Above the public routes' per-token throttle: this measures serving, not throttling.
  const server = serverDurations();
  const api = await startBenchApi(
    {
      PLAYBACK_RATE_LIMIT_PER_TOKEN_PER_MINUTE: String(REPEATS * 10),
      PLAYBACK_RATE_LIMIT_PER_ADDRESS_PER_MINUTE: String(REPEATS * 10),
    },
    server.onLine,
  );
  try {
    const { client, videoId, playlistBytes } = await seedLongVideo(api.url, api.stack.env);
    const { url } = await client.expect<{ url: string }>(
      200,
      'GET',
      `/api/videos/${videoId}/playback?quality=hls`,
    );
    const rungUrl = url.replace(/master\.m3u8$/, `${RUNG}/playlist.m3u8`);
    const first = await timedGet(rungUrl);
    const times: number[] = [];
    for (let i = 0; i < REPEATS; i++) times.push((await timedGet(rungUrl)).ms);
    // Log lines leave the api in batches (at most 100 ms apart).
    await new Promise((resolve) => setTimeout(resolve, 500));
    const [serverFirst, ...serverCached] = server.values;
    const p50 = percentile(times, 50);
    const p99 = percentile(times, 99);
    const ms = (v: number | undefined) => `${(v ?? NaN).toFixed(1)} ms`;
    console.log(
      `[playlist] first ${ms(first.ms)} (api ${ms(serverFirst)}), cached p50 ${ms(p50)}, p99 ${ms(p99)} (api p50 ${ms(percentile(serverCached, 50))}), ${first.bytes} bytes sent`,
    );
    return [
      {
        measure: `Signed rung playlist, ${SEGMENTS.toLocaleString('en-US')} segments (10 h)`,
        result: `p50 ${ms(p50)} from cache; first ${ms(first.ms)}`,
        goal: `p50 < ${GOAL_P50_MS} ms`,
        detail: `p99 ${ms(p99)} over ${REPEATS} sequential GETs (gzip); the api's own p50 ${ms(percentile(serverCached, 50))}, first ${ms(serverFirst)}; ${(first.bytes / 1e6).toFixed(2)} MB gzip of a ${(playlistBytes / 1e3).toFixed(0)} kB stored playlist`,
      },
    ];
  } finally {
    await api.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { printTable } = await import('./stats.ts');
  printTable('Signed playlists', await benchPlaylist());
  process.exit(0);
}
