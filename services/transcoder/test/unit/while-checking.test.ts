import { describe, expect, it } from 'vitest';
import { runWhileChecking } from '../../src/worker/while-checking.ts';

/** Work that runs until its signal aborts, then rejects with the abort reason. */
function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    signal.addEventListener('abort', () => reject(new Error('work aborted')), { once: true });
  });
}

const never = new AbortController().signal;

describe('runWhileChecking', () => {
  it('returns the work result once the check has passed too', async () => {
    let checked = false;
    const check = new Promise<void>((resolve) =>
      setTimeout(() => {
        checked = true;
        resolve();
      }, 20),
    );

    await expect(runWhileChecking(check, never, async () => 'done')).resolves.toBe('done');
    expect(checked).toBe(true);
  });

  it('aborts the work when the check fails, and throws the check error', async () => {
    const check = Promise.reject(new Error('source would upscale'));

    await expect(runWhileChecking(check, never, untilAborted)).rejects.toThrow(
      'source would upscale',
    );
  });

  it('prefers the check error when the work failed first on the same bad source', async () => {
    const check = new Promise((_resolve, reject) =>
      setTimeout(() => reject(new Error('ffprobe: no video stream')), 20),
    );
    const work = () => Promise.reject(new Error('ffmpeg: exit code 1'));

    await expect(runWhileChecking(check, never, work)).rejects.toThrow('no video stream');
  });

  it('throws the work error when the check passes', async () => {
    const work = () => Promise.reject(new Error('ffmpeg: exit code 1'));

    await expect(runWhileChecking(Promise.resolve(), never, work)).rejects.toThrow('exit code 1');
  });

  it('passes the parent abort on to the work', async () => {
    const parent = new AbortController();
    const running = runWhileChecking(new Promise(() => undefined), parent.signal, untilAborted);
    parent.abort();

    await expect(running).rejects.toThrow('work aborted');
  });
});
