import { describe, expect, it } from 'vitest';
import {
  QuotaExceededError,
  clearReservation,
  formatBytes,
  quotaReport,
  transcodeRefusal,
  usageDay,
  videoQuotaRefusal,
  type Video,
} from '../../src/index.ts';

const GiB = 1024 ** 3;
const quotas = { maxVideos: 3, maxStoredBytes: 10 * GiB, transcodeMinutesPerDay: 60 };

describe('usage days', () => {
  it('keys a counter by the UTC calendar day, whatever the local time', () => {
    expect(usageDay(new Date('2026-03-01T23:59:59.999Z'))).toBe('2026-03-01');
    expect(usageDay(new Date('2026-03-02T00:00:00.000Z'))).toBe('2026-03-02');
    expect(usageDay(new Date('2026-03-02T01:30:00+05:00'))).toBe('2026-03-01');
  });
});

describe('video quota', () => {
  it('lets a video in while both the count and the bytes stay within the quota', () => {
    expect(videoQuotaRefusal({ videoCount: 2, storedBytes: 9 * GiB }, GiB, quotas)).toBeUndefined();
  });

  it('refuses the video past the count, naming how many the user has of how many', () => {
    expect(videoQuotaRefusal({ videoCount: 3, storedBytes: 0 }, 1, quotas)).toBe(
      'you have 3 of 3 videos; delete some to make room',
    );
  });

  it('refuses an upload that would pass the stored bytes, with sizes people can read', () => {
    const refusal = videoQuotaRefusal({ videoCount: 1, storedBytes: 9.5 * GiB }, GiB, quotas);
    expect(refusal).toBe(
      'this upload of 1 GiB would bring your videos to 10.5 GiB, over your quota of 10 GiB; ' +
        'delete some videos to make room',
    );
  });
});

describe('transcode allowance', () => {
  it("allows work until the day's minutes are used, then says when they come back", () => {
    expect(transcodeRefusal(59 * 60 + 59, quotas)).toBeUndefined();
    expect(transcodeRefusal(61.5 * 60, quotas)).toBe(
      'you have used 61.5 of your 60 transcode minutes today; the allowance resets at 00:00 UTC',
    );
  });

  it('supports fractions of a minute', () => {
    expect(transcodeRefusal(2, { transcodeMinutesPerDay: 0.05 })).toBeUndefined();
    expect(transcodeRefusal(3, { transcodeMinutesPerDay: 0.05 })).toMatch(/used 0.05 of your 0.05/);
  });
});

describe('quota report', () => {
  it('puts each usage beside its limit, minutes rounded to two decimals', () => {
    expect(quotaReport({ videoCount: 2, storedBytes: 500 }, 90.4, quotas)).toEqual({
      videos: { used: 2, limit: 3 },
      storedBytes: { used: 500, limit: 10 * GiB },
      transcodeMinutesToday: { used: 1.51, limit: 60 },
    });
  });
});

describe('clearing a reservation', () => {
  const video = { videoId: 'v', reservedBytes: 42, updatedAt: 'then' } as unknown as Video;

  it('clears it once; a second clear writes nothing, so a quota is never given back twice', () => {
    const cleared = clearReservation(video, 'now');
    expect(cleared).toMatchObject({ videoId: 'v', updatedAt: 'now' });
    expect(cleared).not.toHaveProperty('reservedBytes');
    expect(clearReservation(cleared as Video, 'later')).toBeUndefined();
  });
});

describe('bytes for people', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1536, '1.5 KiB'],
    [100 * GiB, '100 GiB'],
    [3 * 1024 * GiB, '3 TiB'],
  ])('%i bytes read as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('the quota error', () => {
  it('carries the QUOTA_EXCEEDED code and the sentence it was given', () => {
    const error = new QuotaExceededError('you have 3 of 3 videos');
    expect(error).toMatchObject({ code: 'QUOTA_EXCEEDED' });
    // The HTTP status is the transport's to choose (packages/http), not the domain's.
    expect(error).not.toHaveProperty('status');
    expect(error.message).toBe('you have 3 of 3 videos');
  });
});
