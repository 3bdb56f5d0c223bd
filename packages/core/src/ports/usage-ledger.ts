import type { HeldUsage, UserQuotas } from '../domain/quotas.ts';

export type Reservation = { reserved: true } | { reserved: false; held: HeldUsage };

/** Per-user usage counters that quotas are checked against. */
export interface UsageLedger {
  /**
   * Counts one more video of `bytes` in one atomic conditional write, unless that would pass
   * `limits`: then nothing is written and the usage that refused it comes back. Concurrent calls
   * (from any replica) can never all take the last slot.
   */
  reserveVideo(
    userId: string,
    bytes: number,
    limits: Pick<UserQuotas, 'maxVideos' | 'maxStoredBytes'>,
  ): Promise<Reservation>;
  /** Gives back what reserveVideo counted; the caller makes sure it happens once per video. */
  releaseVideo(userId: string, bytes: number): Promise<void>;
  held(userId: string): Promise<HeldUsage>;
  /** `day` is a usageDay() key. */
  addTranscodeSeconds(userId: string, day: string, seconds: number): Promise<void>;
  transcodeSeconds(userId: string, day: string): Promise<number>;
}
