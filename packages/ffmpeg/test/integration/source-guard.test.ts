import { join } from 'node:path';
import { descendantsOf, requireBinary, startTarpit, type Trap } from '@videoforge/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_SOURCE_GUARD,
  FfmpegFailedError,
  MediaUnreadableError,
  ProbeTimedOutError,
  buildMp4OutputOptions,
  ffprobeRaw,
  runFfmpeg,
} from '../../src/index.ts';

// Sources on loopback speak plain http, as the local S3 does.
const guard = { ...DEFAULT_SOURCE_GUARD, allowPlainHttp: true, ioTimeoutSeconds: 1 };

let tarpit: Trap;

beforeAll(async () => {
  requireBinary('ffprobe');
  tarpit = await startTarpit();
});
afterAll(() => tarpit?.close());

async function toolsLeft(): Promise<string[]> {
  const tools = new Set(['ffmpeg', 'ffprobe']);
  return (await descendantsOf())
    .filter((p) => tools.has(p.command))
    .map((p) => `${p.command} (${p.state})`);
}

async function timed<T>(run: () => Promise<T>): Promise<{ error: unknown; seconds: number }> {
  const started = performance.now();
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, seconds: (performance.now() - started) / 1000 };
}

describe('a source server that accepts and never answers', () => {
  it('ends ffprobe at the I/O timeout, as a failure to read (not a fault of the media)', async () => {
    const { error, seconds } = await timed(() =>
      ffprobeRaw(`${tarpit.url}/raw/u/v.mp4`, { guard, timeoutSeconds: 60 }),
    );
    expect(error).toBeInstanceOf(MediaUnreadableError);
    expect((error as MediaUnreadableError).refusal).toBeUndefined();
    expect(seconds).toBeLessThan(10);
    expect(tarpit.hits.length).toBeGreaterThan(0);
    expect(await toolsLeft()).toEqual([]);
  });

  it('ends ffprobe at its own timeout when the I/O timeout is longer, and kills it', async () => {
    const { error, seconds } = await timed(() =>
      ffprobeRaw(`${tarpit.url}/raw/u/v.mp4`, {
        guard: { ...guard, ioTimeoutSeconds: 600 },
        timeoutSeconds: 1,
      }),
    );
    expect(error).toBeInstanceOf(ProbeTimedOutError);
    expect(seconds).toBeLessThan(5);
    expect(await toolsLeft()).toEqual([]);
  });

  it('ends ffmpeg at the I/O timeout', async () => {
    const { error, seconds } = await timed(() =>
      runFfmpeg({
        input: `${tarpit.url}/raw/u/v.mp4`,
        output: join('/tmp', `never-${process.pid}.mp4`),
        outputOptions: buildMp4OutputOptions(360),
        guard,
      }),
    );
    expect(error).toBeInstanceOf(FfmpegFailedError);
    expect(seconds).toBeLessThan(30);
    expect(await toolsLeft()).toEqual([]);
  });
});
