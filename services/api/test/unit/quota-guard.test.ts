import { describe, expect, it } from 'vitest';
import {
  QuotaExceededError,
  type HeldUsage,
  type Reservation,
  type UsageLedger,
} from '@videoforge/core';
import { QuotaGuard } from '../../src/videos/quota-guard.ts';

/** An in-memory ledger with the adapter's contract: a refused reservation writes nothing. */
class MemoryLedger implements UsageLedger {
  held_: HeldUsage = { videoCount: 0, storedBytes: 0 };
  readonly seconds = new Map<string, number>();

  async reserveVideo(
    _userId: string,
    bytes: number,
    limits: { maxVideos: number; maxStoredBytes: number },
  ): Promise<Reservation> {
    const { videoCount, storedBytes } = this.held_;
    if (videoCount >= limits.maxVideos || storedBytes + bytes > limits.maxStoredBytes)
      return { reserved: false, held: { ...this.held_ } };
    this.held_ = { videoCount: videoCount + 1, storedBytes: storedBytes + bytes };
    return { reserved: true };
  }
  async releaseVideo(_userId: string, bytes: number) {
    this.held_ = {
      videoCount: this.held_.videoCount - 1,
      storedBytes: this.held_.storedBytes - bytes,
    };
  }
  async held() {
    return this.held_;
  }
  async addTranscodeSeconds(userId: string, day: string, seconds: number) {
    this.seconds.set(`${userId}/${day}`, (this.seconds.get(`${userId}/${day}`) ?? 0) + seconds);
  }
  async transcodeSeconds(userId: string, day: string) {
    return this.seconds.get(`${userId}/${day}`) ?? 0;
  }
}

const quotas = { maxVideos: 2, maxStoredBytes: 1000, transcodeMinutesPerDay: 1 };
const noon = () => new Date('2026-05-04T12:00:00Z');

function guard() {
  const usage = new MemoryLedger();
  return { usage, quotas: new QuotaGuard({ usage, quotas, clock: noon }) };
}

async function refusalOf(action: Promise<unknown>): Promise<QuotaExceededError> {
  const error = await action.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(QuotaExceededError);
  return error as QuotaExceededError;
}

describe('the quota guard', () => {
  it('takes videos up to the quota, then refuses with the count; a release frees the slot', async () => {
    const { usage, quotas: g } = guard();
    await g.reserveVideo('u', 100);
    await g.reserveVideo('u', 100);
    const refused = await refusalOf(g.reserveVideo('u', 100));
    expect(refused.message).toBe('you have 2 of 2 videos; delete some to make room');
    expect(usage.held_).toEqual({ videoCount: 2, storedBytes: 200 });
    await g.releaseVideo('u', 100);
    await expect(g.reserveVideo('u', 100)).resolves.toBeUndefined();
  });

  it('refuses bytes over the quota, saying how large the upload would make the total', async () => {
    const { quotas: g } = guard();
    await g.reserveVideo('u', 600);
    const refused = await refusalOf(g.reserveVideo('u', 500));
    expect(refused.message).toMatch(
      /upload of 500 B would bring your videos to 1.1 KiB, over your quota of 1000 B/,
    );
  });

  it("refuses new transcoding once today's minutes are used, counting only today", async () => {
    const { usage, quotas: g } = guard();
    await usage.addTranscodeSeconds('u', '2026-05-03', 3600);
    await usage.addTranscodeSeconds('u', '2026-05-04', 59);
    await expect(g.checkTranscodeAllowance('u')).resolves.toBeUndefined();
    await usage.addTranscodeSeconds('u', '2026-05-04', 1);
    const refused = await refusalOf(g.checkTranscodeAllowance('u'));
    expect(refused.message).toBe(
      'you have used 1 of your 1 transcode minutes today; the allowance resets at 00:00 UTC',
    );
  });

  it('still answers clearly when the room came back between the refusal and the read', async () => {
    const usage = new MemoryLedger();
    usage.reserveVideo = async () => ({
      reserved: false,
      held: { videoCount: 0, storedBytes: 0 },
    });
    const refused = await refusalOf(new QuotaGuard({ usage, quotas }).reserveVideo('u', 1));
    expect(refused.message).toMatch(/at your quota of 2 videos or 1000 B a moment ago; try again/);
  });
});
