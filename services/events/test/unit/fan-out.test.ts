import { describe, expect, it } from 'vitest';
import type { Delivery, DeliveryLog, PlatformEvent, Webhook, WebhookStore } from '@videoforge/core';
import { createFanOut, type DeliveryJobData } from '../../src/relay/fan-out.ts';

const hook = (id: string, overrides: Partial<Webhook> = {}): Webhook => ({
  webhookId: id,
  userId: 'u1',
  url: 'https://example.com/hook',
  events: ['video.ready'],
  description: '',
  enabled: true,
  secrets: [{ value: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', createdAt: 'x' }],
  consecutiveFailures: 0,
  createdAt: 'x',
  updatedAt: 'x',
  version: 1,
  ...overrides,
});

const event = (type: PlatformEvent['type'], webhookId?: string): PlatformEvent => ({
  id: 'evt_0193a0000000700080000000000000aa',
  type,
  timestamp: '2026-11-30T10:00:00.000Z',
  userId: 'u1',
  data: { videoId: 'v1' },
  webhookId,
});

function setup(hooks: Webhook[]) {
  const logged = new Map<string, Delivery>();
  const scheduled: { jobId: string; data: DeliveryJobData }[] = [];
  const webhooks = { listByUser: async () => hooks } as unknown as WebhookStore;
  const deliveries = {
    create: async (d: Delivery) => {
      const key = `${d.webhookId}/${d.deliveryId}`;
      if (logged.has(key)) return false;
      logged.set(key, d);
      return true;
    },
  } as unknown as DeliveryLog;
  const fanOut = createFanOut({
    webhooks,
    deliveries,
    scheduler: { schedule: async (jobs) => void scheduled.push(...jobs) },
    now: () => new Date('2026-11-30T10:00:01.000Z'),
  });
  return { fanOut, logged, scheduled };
}

describe('fan-out', () => {
  it('schedules one delivery per subscribed, enabled webhook, keyed by webhook and event', async () => {
    const { fanOut, logged, scheduled } = setup([
      hook('wh_a'),
      hook('wh_b', { events: ['video.failed'] }),
      hook('wh_c', { enabled: false }),
    ]);
    expect(await fanOut.publish(event('video.ready'))).toBe(1);
    expect(scheduled).toEqual([
      {
        jobId: 'wh_a.dlv_0193a0000000700080000000000000aa',
        data: {
          userId: 'u1',
          webhookId: 'wh_a',
          deliveryId: 'dlv_0193a0000000700080000000000000aa',
        },
      },
    ]);
    const delivery = [...logged.values()][0];
    expect(delivery).toMatchObject({ status: 'PENDING', attempts: 0 });
    // Kept 7 days from when it was created.
    expect(delivery?.expiresAtEpoch).toBe(
      Date.parse('2026-11-30T10:00:01.000Z') / 1000 + 7 * 86_400,
    );
  });

  it('sends webhook.test only to the webhook it names, even a disabled one', async () => {
    const { fanOut, scheduled } = setup([hook('wh_a', { enabled: false }), hook('wh_b')]);
    expect(await fanOut.publish(event('webhook.test', 'wh_a'))).toBe(1);
    expect(scheduled.map((s) => s.data.webhookId)).toEqual(['wh_a']);
  });

  it('gives a repeated pass the same job ids (BullMQ adds nothing for an id it holds)', async () => {
    const { fanOut, scheduled, logged } = setup([hook('wh_a')]);
    await fanOut.publish(event('video.ready'));
    await fanOut.publish(event('video.ready'));
    expect(new Set(scheduled.map((s) => s.jobId)).size).toBe(1);
    expect(logged.size).toBe(1);
  });
});
