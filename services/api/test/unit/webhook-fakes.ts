import {
  ConflictError,
  type Delivery,
  type DeliveryLog,
  type EventOutbox,
  type OutboxEntry,
  type Page,
  type PlatformEvent,
  type Webhook,
  type WebhookStore,
} from '@videoforge/core';
import { LOCAL_TARGET_POLICY, type LookupAll, type TargetPolicy } from '@videoforge/webhooks';
import { WebhookService } from '../../src/webhooks/webhook-service.ts';

export class FakeWebhookStore implements WebhookStore {
  readonly items = new Map<string, Webhook>();

  async create(webhook: Webhook): Promise<void> {
    const key = `${webhook.userId}/${webhook.webhookId}`;
    if (this.items.has(key)) throw new ConflictError('webhook exists already');
    this.items.set(key, structuredClone(webhook));
  }
  async get(userId: string, webhookId: string): Promise<Webhook | undefined> {
    const found = this.items.get(`${userId}/${webhookId}`);
    return found && structuredClone(found);
  }
  async listByUser(userId: string): Promise<Webhook[]> {
    return [...this.items.values()]
      .filter((w) => w.userId === userId)
      .map((w) => structuredClone(w));
  }
  async update(userId: string, webhookId: string, mutate: (c: Webhook) => Webhook | undefined) {
    const current = await this.get(userId, webhookId);
    if (!current) return undefined;
    const next = mutate(current);
    if (!next) return current;
    const stored = { ...next, version: current.version + 1 };
    this.items.set(`${userId}/${webhookId}`, structuredClone(stored));
    return stored;
  }
  async delete(userId: string, webhookId: string): Promise<void> {
    this.items.delete(`${userId}/${webhookId}`);
  }
}

export class FakeDeliveryLog implements DeliveryLog {
  readonly items = new Map<string, Delivery>();

  async create(delivery: Delivery): Promise<boolean> {
    const key = `${delivery.webhookId}/${delivery.deliveryId}`;
    if (this.items.has(key)) return false;
    this.items.set(key, structuredClone(delivery));
    return true;
  }
  async get(webhookId: string, deliveryId: string): Promise<Delivery | undefined> {
    const found = this.items.get(`${webhookId}/${deliveryId}`);
    return found && structuredClone(found);
  }
  async update(webhookId: string, deliveryId: string, patch: Partial<Delivery>) {
    const current = this.items.get(`${webhookId}/${deliveryId}`);
    if (!current) return undefined;
    const next = { ...current, ...patch } as Delivery;
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete (next as never)[k];
    this.items.set(`${webhookId}/${deliveryId}`, next);
    return structuredClone(next);
  }
  async list(webhookId: string, opts: { limit: number; cursor?: string }): Promise<Page<Delivery>> {
    const all = [...this.items.values()]
      .filter((d) => d.webhookId === webhookId)
      .sort((a, b) => b.deliveryId.localeCompare(a.deliveryId));
    const start = opts.cursor ? Number(opts.cursor) : 0;
    const items = all.slice(start, start + opts.limit);
    const next = start + opts.limit;
    return { items, nextCursor: next < all.length ? String(next) : undefined };
  }
}

export class FakeOutbox implements EventOutbox {
  readonly entries: OutboxEntry[] = [];
  failNext = false;

  async addEvent(event: PlatformEvent): Promise<void> {
    this.check();
    this.entries.push({ kind: 'event', entryId: event.id, event });
  }
  async addRedelivery(request: { userId: string; webhookId: string; deliveryId: string }) {
    this.check();
    this.entries.push({ kind: 'redeliver', entryId: String(this.entries.length), ...request });
  }
  async pending(limit: number): Promise<OutboxEntry[]> {
    return this.entries.slice(0, limit);
  }
  async acknowledge(entry: OutboxEntry): Promise<void> {
    this.entries.splice(this.entries.indexOf(entry), 1);
  }
  private check() {
    if (!this.failNext) return;
    this.failNext = false;
    throw new Error('outbox unavailable');
  }
}

/** Every name resolves to one public address unless the test says otherwise. */
export const publicLookup: LookupAll = async () => [{ address: '93.184.216.34', family: 4 }];

export function webhookFixture(
  options: {
    policy?: TargetPolicy;
    lookup?: LookupAll;
    maxPerUser?: number;
    graceSeconds?: number;
  } = {},
) {
  const webhooks = new FakeWebhookStore();
  const deliveries = new FakeDeliveryLog();
  const outbox = new FakeOutbox();
  let nowMs = Date.parse('2030-01-01T00:00:00.000Z');
  let ids = 0;
  const service = new WebhookService({
    webhooks,
    deliveries,
    outbox,
    settings: {
      maxPerUser: options.maxPerUser ?? 10,
      rotationGraceSeconds: options.graceSeconds ?? 86_400,
      targetPolicy: options.policy ?? LOCAL_TARGET_POLICY,
    },
    lookup: options.lookup ?? publicLookup,
    clock: () => new Date(nowMs),
    newId: () => `wh_${(++ids).toString(16).padStart(32, '0')}`,
  });
  return {
    service,
    webhooks,
    deliveries,
    outbox,
    advance: (ms: number) => void (nowMs += ms),
    now: () => nowMs,
  };
}

export function deliveryOf(webhook: Webhook, n: number, extra: Partial<Delivery> = {}): Delivery {
  const deliveryId = `dlv_${n.toString(16).padStart(32, '0')}`;
  return {
    deliveryId,
    webhookId: webhook.webhookId,
    userId: webhook.userId,
    event: {
      id: deliveryId.replace('dlv_', 'evt_'),
      type: 'video.ready',
      timestamp: '2030-01-01T00:00:00.000Z',
      userId: webhook.userId,
      data: { videoId: 'v1' },
    },
    status: 'FAILED',
    attempts: 8,
    lastStatusCode: 500,
    lastError: 'receiver answered HTTP 500',
    createdAt: '2030-01-01T00:00:00.000Z',
    updatedAt: '2030-01-01T00:00:00.000Z',
    expiresAtEpoch: 1_900_000_000,
    ...extra,
  };
}
