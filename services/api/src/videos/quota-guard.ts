import {
  QuotaExceededError,
  formatBytes,
  transcodeRefusal,
  usageDay,
  videoQuotaRefusal,
  type UsageLedger,
  type UserQuotas,
} from '@videoforge/core';

export interface QuotaGuardDeps {
  usage: UsageLedger;
  quotas: UserQuotas;
  clock?: () => Date;
}

/** The API's side of the per-user quotas: refuses with QuotaExceededError, says what frees room. */
export class QuotaGuard {
  private readonly deps: QuotaGuardDeps;

  constructor(deps: QuotaGuardDeps) {
    this.deps = deps;
  }

  /**
   * Before new transcoding work is accepted. A read, not a reservation: the minutes a job takes
   * are known only once it is done, so work accepted just under the limit may end a little over.
   */
  async checkTranscodeAllowance(userId: string): Promise<void> {
    const day = usageDay(this.deps.clock?.() ?? new Date());
    const refusal = transcodeRefusal(
      await this.deps.usage.transcodeSeconds(userId, day),
      this.deps.quotas,
    );
    if (refusal) throw new QuotaExceededError(refusal);
  }

  /** Counts one more video of `bytes`, atomically: at the last slot only one request wins it. */
  async reserveVideo(userId: string, bytes: number): Promise<void> {
    const { quotas } = this.deps;
    const result = await this.deps.usage.reserveVideo(userId, bytes, quotas);
    if (result.reserved) return;
    throw new QuotaExceededError(
      videoQuotaRefusal(result.held, bytes, quotas) ??
        // Full when it was written, room again when read back (a delete in between).
        `you were at your quota of ${quotas.maxVideos} videos or ` +
          `${formatBytes(quotas.maxStoredBytes)} a moment ago; try again`,
    );
  }

  releaseVideo(userId: string, bytes: number): Promise<void> {
    return this.deps.usage.releaseVideo(userId, bytes);
  }
}
