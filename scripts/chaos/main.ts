/**
 * `npm run chaos`: a bounded soak of the local platform under faults, printed as one table. Not a
 * test: it runs for minutes. The platform is what `npm start` runs (real child processes, so a
 * SIGKILL is real), on free ports; uploads of short generated clips, a random worker SIGKILLed
 * every few seconds (the supervisor restarts it), the S3/SQS emulator restarted once. `--help`.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import {
  freeServicePorts,
  startLocalPlatform,
  type LocalPlatform,
} from '@videoforge/local/platform';
import { createLogger, type Logger } from '@videoforge/platform';
import {
  ApiClient,
  makeTestClip,
  requireBinary,
  uploadFile,
  type UploadInstructions,
} from '@videoforge/testkit';
import { killWorkers, restartEmulatorOnce } from './faults.ts';
import { parseChaosOptions, type ChaosOptions } from './options.ts';
import {
  isSettled,
  printSummary,
  summarise,
  type ChaosSummary,
  type KillRecord,
  type UploadRecord,
  type VideoState,
} from './report.ts';
import { WorkerRecords, type JobRef } from './worker-records.ts';

const CLIP = { width: 1280, height: 720 };
const DURATIONS = [2, 3, 4, 5];
const ADMIN = { email: 'admin@videoforge.local', password: 'Chaos-Admin-Pass-1' };
const LOG_FILE = fileURLToPath(new URL('../../.local/chaos/last-run.log', import.meta.url));
const say = (line: string) => console.log(`[chaos] ${line}`);

interface Clip {
  path: string;
  size: number;
}

interface RunContext {
  platform: LocalPlatform;
  api: ApiClient;
  adminUrl: string;
  clips: Clip[];
  records: WorkerRecords;
  options: ChaosOptions;
  logger: Logger;
  interrupted: AbortSignal;
}

async function main(): Promise<number> {
  const options = parseChaosOptions(process.argv.slice(2));
  requireBinary('ffmpeg');
  const work = await mkdtemp(join(tmpdir(), 'videoforge-chaos-'));
  await mkdir(dirname(LOG_FILE), { recursive: true });
  const logger = createLogger('chaos', 'info', createWriteStream(LOG_FILE));
  const records = new WorkerRecords();
  const interrupted = new AbortController();
  process.once('SIGINT', () => interrupted.abort());
  let platform: LocalPlatform | undefined;
  try {
    say(
      `generating ${DURATIONS.length} clips (${DURATIONS.join(', ')} s, ${CLIP.width}x${CLIP.height})`,
    );
    const clips = await makeClips(work);
    say(`starting the platform with ${options.workers} workers (log: ${LOG_FILE})`);
    const ports = await freeServicePorts(options.workers);
    platform = await startLocalPlatform({
      dataDir: join(work, 'stack'),
      scratchDir: join(work, 'scratch'),
      stackPorts: { aws: 0, dynamodb: 0, cognito: 0, memcached: 0, redis: 0 },
      servicePorts: ports,
      adminPassword: ADMIN.password,
      logLevel: 'info',
      onStdoutLine: (service, line, pid) => {
        if (service.startsWith('transcoder') && pid !== undefined) records.ingest(line, pid);
      },
      logger,
    });
    const summary = await run({
      platform,
      api: new ApiClient(`http://127.0.0.1:${ports.api}`),
      adminUrl: `http://127.0.0.1:${ports.admin}`,
      clips,
      records,
      options,
      logger,
      interrupted: interrupted.signal,
    });
    printSummary(
      `VideoForge chaos run: ${options.uploads} uploads (${DURATIONS[0]}-${DURATIONS.at(-1)} s ` +
        `${CLIP.width}x${CLIP.height} clips, renditions 720p + hls), ${options.workers} workers, ` +
        `a random worker SIGKILLed every ${options.killEverySeconds} s` +
        `${options.preferBusy ? ' (a busy one when any is)' : ''}, ` +
        `the S3/SQS emulator restarted once (down ${options.downSeconds} s)`,
      summary,
    );
    return summary.goalsMet ? 0 : 1;
  } finally {
    await platform?.stop();
    await rm(work, { recursive: true, force: true });
  }
}

async function makeClips(work: string): Promise<Clip[]> {
  return Promise.all(
    DURATIONS.map(async (durationSec) => {
      const path = join(work, `clip-${durationSec}s.mp4`);
      await makeTestClip({ path, ...CLIP, durationSec });
      return { path, size: (await stat(path)).size };
    }),
  );
}

/** Uploads with the faults running, until every upload settled, the deadline, or Ctrl-C. */
async function run(context: RunContext): Promise<ChaosSummary> {
  const { api, options, records, logger, interrupted } = context;
  await api.signUpAndLogin(`chaos-${Date.now()}@example.com`, 'Chaos-Passw0rd!');
  const startedAt = Date.now();
  const deadline = startedAt + options.deadlineSeconds * 1000;
  const uploads: UploadRecord[] = [];
  const videos = new Map<string, VideoState>();
  const kills: KillRecord[] = [];
  const done = new AbortController();
  const faults = { ...context, say, stop: AbortSignal.any([done.signal, interrupted]) };

  const sending: Promise<void>[] = [];
  const uploading = (async () => {
    for (let i = 0; i < options.uploads && !faults.stop.aborted; i++) {
      const record: UploadRecord = {};
      uploads.push(record);
      sending.push(upload(api, context.clips[i % context.clips.length] as Clip, i, record));
      await sleep(options.uploadEverySeconds * 1000);
    }
  })();
  const killing = killWorkers(faults, kills);
  const restarting = restartEmulatorOnce(faults);

  let lastReport = 0;
  while (!interrupted.aborted && Date.now() < deadline) {
    await sleep(1000);
    await refresh(api, videos).catch((error: unknown) => {
      logger.warn({ err: error }, 'chaos: listing videos failed');
    });
    const settled = uploads.filter((u) => isSettled(videos.get(u.videoId ?? ''))).length;
    const failedUploads = uploads.filter((u) => u.error !== undefined).length;
    if (Date.now() - lastReport > 10_000) {
      lastReport = Date.now();
      const transcoding = [...videos.values()]
        .flatMap((v) => Object.values(v.renditions))
        .filter((r) => r?.status === 'PROCESSING').length;
      say(
        `t=${Math.round((Date.now() - startedAt) / 1000)} s: ${uploads.length}/${options.uploads} uploads, ` +
          `${settled} settled, ${transcoding} renditions transcoding, ${kills.length} kills`,
      );
    }
    if (uploads.length === options.uploads && settled + failedUploads === options.uploads) break;
  }
  done.abort();
  await Promise.all([uploading, killing, restarting, ...sending]);
  return summarise({
    uploads,
    videos,
    kills,
    doneTwice: records.doneTwice(),
    attempts: records.started,
    deadLettered: await deadLettered(api, context.adminUrl).catch((error: unknown) => {
      logger.warn({ err: error }, 'chaos: could not read the DLQ');
      return undefined;
    }),
    wallSeconds: (Date.now() - startedAt) / 1000,
  });
}

/** Creates the video, then PUTs the clip, retrying as a client would when no answer comes. */
async function upload(api: ApiClient, clip: Clip, index: number, record: UploadRecord) {
  try {
    const created = await api.createVideo<{
      video: { videoId: string };
      upload: UploadInstructions;
    }>(
      {
        title: `chaos ${index}`,
        filename: `chaos-${index}.mp4`,
        contentType: 'video/mp4',
        sizeBytes: clip.size,
      },
      { checksums: false },
    );
    record.videoId = created.video.videoId;
    for (let attempt = 1; ; attempt++) {
      try {
        await uploadFile(created.upload, clip.path);
        record.uploadedAt = Date.now();
        return;
      } catch (error) {
        if (attempt >= 10) throw error;
        await sleep(1000);
      }
    }
  } catch (error) {
    record.error = (error as Error).message;
  }
}

async function refresh(api: ApiClient, videos: Map<string, VideoState>): Promise<void> {
  let cursor: string | undefined;
  do {
    const query = `/api/videos?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await api.expect<{ items: VideoState[]; nextCursor?: string }>(200, 'GET', query);
    for (const video of page.items) videos.set(video.videoId, video);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** The dead-lettered jobs, through the admin service as an operator would see them. */
async function deadLettered(api: ApiClient, adminUrl: string): Promise<JobRef[]> {
  const operator = new ApiClient(api.baseUrl);
  await operator.login(ADMIN.email, ADMIN.password);
  const admin = new ApiClient(adminUrl, operator.token);
  const { items } = await admin.expect<{
    items: Array<{ job: { videoId: string; quality: string } | null }>;
  }>(200, 'GET', '/api/admin/dlq?limit=100');
  return items.flatMap((item) => (item.job ? [item.job] : []));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
