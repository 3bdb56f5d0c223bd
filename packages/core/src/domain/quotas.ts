import type { Video } from './video.ts';

/** Per-user limits, the same for every user (set by the operators). */
export interface UserQuotas {
  maxVideos: number;
  /** Declared source bytes over all of a user's videos. */
  maxStoredBytes: number;
  /** Media minutes transcoded for a user per UTC day. */
  transcodeMinutesPerDay: number;
}

/** What a user holds now: counted when a video is created, released when it is deleted. */
export interface HeldUsage {
  videoCount: number;
  storedBytes: number;
}

export interface Allowance {
  used: number;
  limit: number;
}

/** Usage against quota, as operators see it. */
export interface QuotaReport {
  videos: Allowance;
  storedBytes: Allowance;
  transcodeMinutesToday: Allowance;
}

/** The UTC day a daily counter belongs to, e.g. `2026-01-31`: the allowance resets at 00:00 UTC. */
export function usageDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Why one more video of `bytes` would pass a quota, or undefined when it fits. */
export function videoQuotaRefusal(
  held: HeldUsage,
  bytes: number,
  quotas: Pick<UserQuotas, 'maxVideos' | 'maxStoredBytes'>,
): string | undefined {
  if (held.videoCount >= quotas.maxVideos) {
    return `you have ${held.videoCount} of ${quotas.maxVideos} videos; delete some to make room`;
  }
  const after = held.storedBytes + bytes;
  if (after > quotas.maxStoredBytes) {
    return (
      `this upload of ${formatBytes(bytes)} would bring your videos to ${formatBytes(after)}, ` +
      `over your quota of ${formatBytes(quotas.maxStoredBytes)}; delete some videos to make room`
    );
  }
  return undefined;
}

/** Why no more transcoding is accepted today, or undefined while minutes are left. */
export function transcodeRefusal(
  secondsToday: number,
  quotas: Pick<UserQuotas, 'transcodeMinutesPerDay'>,
): string | undefined {
  const limit = quotas.transcodeMinutesPerDay;
  if (secondsToday < limit * 60) return undefined;
  return (
    `you have used ${minutes(secondsToday)} of your ${limit} transcode minutes today; ` +
    'the allowance resets at 00:00 UTC'
  );
}

export function quotaReport(
  held: HeldUsage,
  secondsToday: number,
  quotas: UserQuotas,
): QuotaReport {
  return {
    videos: { used: held.videoCount, limit: quotas.maxVideos },
    storedBytes: { used: held.storedBytes, limit: quotas.maxStoredBytes },
    transcodeMinutesToday: { used: minutes(secondsToday), limit: quotas.transcodeMinutesPerDay },
  };
}

/**
 * The video stops counting against its owner's quota: undefined when it never counted or was
 * released already, so of two concurrent deletes only the one whose write lands gives it back.
 */
export function clearReservation(video: Video, now: string): Video | undefined {
  if (video.reservedBytes === undefined) return undefined;
  const { reservedBytes: _released, ...rest } = video;
  return { ...rest, updatedAt: now };
}

/** Seconds as minutes with at most two decimals (0.05, 12.5, 600). */
function minutes(seconds: number): number {
  return Math.round((seconds / 60) * 100) / 100;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** Bytes for people: `512 B`, `1.5 GiB`. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 ? String(value) : String(Math.round(value * 10) / 10);
  return `${shown} ${UNITS[unit]}`;
}
