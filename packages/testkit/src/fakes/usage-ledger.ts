import type { HeldUsage, Reservation, UsageLedger, UserQuotas } from '@videoforge/core';

/** Per-user usage in memory, with the adapter's contract: a refused reservation writes nothing. */
export class InMemoryUsageLedger implements UsageLedger {
  private readonly heldByUser = new Map<string, HeldUsage>();
  private readonly secondsByDay = new Map<string, number>();

  async reserveVideo(
    userId: string,
    bytes: number,
    limits: Pick<UserQuotas, 'maxVideos' | 'maxStoredBytes'>,
  ): Promise<Reservation> {
    const held = await this.held(userId);
    if (held.videoCount >= limits.maxVideos || held.storedBytes + bytes > limits.maxStoredBytes)
      return { reserved: false, held };
    this.heldByUser.set(userId, {
      videoCount: held.videoCount + 1,
      storedBytes: held.storedBytes + bytes,
    });
    return { reserved: true };
  }

  async releaseVideo(userId: string, bytes: number): Promise<void> {
    const held = await this.held(userId);
    this.heldByUser.set(userId, {
      videoCount: held.videoCount - 1,
      storedBytes: held.storedBytes - bytes,
    });
  }

  async held(userId: string): Promise<HeldUsage> {
    return { ...(this.heldByUser.get(userId) ?? { videoCount: 0, storedBytes: 0 }) };
  }

  async addTranscodeSeconds(userId: string, day: string, seconds: number): Promise<void> {
    const key = `${userId}/${day}`;
    this.secondsByDay.set(key, (this.secondsByDay.get(key) ?? 0) + seconds);
  }

  async transcodeSeconds(userId: string, day: string): Promise<number> {
    return this.secondsByDay.get(`${userId}/${day}`) ?? 0;
  }
}
