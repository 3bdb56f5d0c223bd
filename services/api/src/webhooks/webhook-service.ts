import { v7 as uuidv7 } from 'uuid';
import {
  NotFoundError,
  QuotaExceededError,
  ValidationError,
  activeSecrets,
  newEventId,
  type Delivery,
  type DeliveryLog,
  type EventOutbox,
  type Page,
  type PlatformEvent,
  type Webhook,
  type WebhookStore,
} from '@videoforge/core';
import {
  generateWebhookSecret,
  resolveAndCheck,
  type LookupAll,
  type TargetPolicy,
} from '@videoforge/webhooks';
import type { CreateWebhookInput, PatchWebhookInput } from './schemas.ts';

export interface WebhookSettings {
  maxPerUser: number;
  /** How long the previous secret keeps signing after a rotation. */
  rotationGraceSeconds: number;
  /** Which targets may be registered (loopback and private: local mode only). */
  targetPolicy: TargetPolicy;
}

export interface WebhookServiceDeps {
  webhooks: WebhookStore;
  deliveries: DeliveryLog;
  outbox: EventOutbox;
  settings: WebhookSettings;
  /** Name resolution for the target check; default the system resolver. */
  lookup?: LookupAll;
  clock?: () => Date;
  newId?: () => string;
}

/**
 * Previous secrets still signing, at most: rotating again and again within the grace period must
 * not grow every delivery's signature header without bound.
 */
export const MAX_PREVIOUS_SECRETS = 2;

/** A user's webhooks. Every lookup is scoped to the caller: another user's ids are a 404. */
export class WebhookService {
  private readonly deps: WebhookServiceDeps;

  constructor(deps: WebhookServiceDeps) {
    this.deps = deps;
  }

  /** The secret is returned here and by rotateSecret only; it is never shown again. */
  async create(
    userId: string,
    input: CreateWebhookInput,
  ): Promise<{ webhook: Webhook; secret: string }> {
    const { maxPerUser } = this.deps.settings;
    if ((await this.deps.webhooks.listByUser(userId)).length >= maxPerUser)
      throw new QuotaExceededError(
        `a user may register at most ${maxPerUser} webhooks; delete one to add another`,
      );
    await this.checkTarget(input.url);
    const now = this.now().toISOString();
    const secret = generateWebhookSecret();
    const webhook: Webhook = {
      webhookId: this.deps.newId?.() ?? `wh_${uuidv7().replaceAll('-', '')}`,
      userId,
      url: input.url,
      events: input.events,
      description: input.description ?? '',
      enabled: true,
      secrets: [{ value: secret, createdAt: now }],
      consecutiveFailures: 0,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    await this.deps.webhooks.create(webhook);
    return { webhook, secret };
  }

  /** Oldest first. */
  async list(userId: string): Promise<Webhook[]> {
    const webhooks = await this.deps.webhooks.listByUser(userId);
    return webhooks.toSorted((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async get(userId: string, webhookId: string): Promise<Webhook> {
    const webhook = await this.deps.webhooks.get(userId, webhookId);
    if (!webhook || webhook.userId !== userId) throw new NotFoundError('webhook not found');
    return webhook;
  }

  /** Enabling again starts the failure count afresh; a new URL is checked like a new webhook. */
  async update(userId: string, webhookId: string, input: PatchWebhookInput): Promise<Webhook> {
    await this.get(userId, webhookId);
    if (input.url !== undefined) await this.checkTarget(input.url);
    const now = this.now().toISOString();
    const updated = await this.deps.webhooks.update(userId, webhookId, (current) => {
      const next: Webhook = {
        ...current,
        url: input.url ?? current.url,
        events: input.events ?? current.events,
        description: input.description ?? current.description,
        enabled: input.enabled ?? current.enabled,
        updatedAt: now,
      };
      if (input.enabled !== true) return next;
      const { disabledReason: _cleared, ...enabled } = next;
      return { ...enabled, consecutiveFailures: 0 };
    });
    if (!updated) throw new NotFoundError('webhook not found');
    return updated;
  }

  async delete(userId: string, webhookId: string): Promise<void> {
    await this.get(userId, webhookId);
    await this.deps.webhooks.delete(userId, webhookId);
  }

  /**
   * The new secret signs from now on; the previous one also signs until the grace period ends, so
   * receivers can switch without dropping deliveries. Expired secrets are dropped.
   */
  async rotateSecret(userId: string, webhookId: string): Promise<string> {
    await this.get(userId, webhookId);
    const secret = generateWebhookSecret();
    const nowMs = this.now().getTime();
    const graceEnds = new Date(
      nowMs + this.deps.settings.rotationGraceSeconds * 1000,
    ).toISOString();
    const updated = await this.deps.webhooks.update(userId, webhookId, (current) => {
      const previous = activeSecrets(current, nowMs)
        .slice(0, MAX_PREVIOUS_SECRETS)
        .map((s) => (s.expiresAt === undefined ? { ...s, expiresAt: graceEnds } : s));
      return {
        ...current,
        secrets: [{ value: secret, createdAt: new Date(nowMs).toISOString() }, ...previous],
        updatedAt: new Date(nowMs).toISOString(),
      };
    });
    if (!updated) throw new NotFoundError('webhook not found');
    return secret;
  }

  /** A `webhook.test` event for this webhook alone (sent even while it is disabled). */
  async sendTest(userId: string, webhookId: string): Promise<string> {
    const webhook = await this.get(userId, webhookId);
    const event: PlatformEvent = {
      id: newEventId(uuidv7()),
      type: 'webhook.test',
      timestamp: this.now().toISOString(),
      userId,
      webhookId: webhook.webhookId,
      data: { webhookId: webhook.webhookId, message: 'test event' },
    };
    await this.deps.outbox.addEvent(event);
    return event.id;
  }

  async listDeliveries(
    userId: string,
    webhookId: string,
    page: { limit: number; cursor?: string },
  ): Promise<Page<Delivery>> {
    const webhook = await this.get(userId, webhookId);
    const found = await this.deps.deliveries.list(webhook.webhookId, page);
    return { ...found, items: found.items.filter((d) => d.userId === userId) };
  }

  /** Back to PENDING, and a request for the events relay to send it again. */
  async redeliver(userId: string, webhookId: string, deliveryId: string): Promise<void> {
    await this.get(userId, webhookId);
    const delivery = await this.deps.deliveries.get(webhookId, deliveryId);
    if (!delivery || delivery.userId !== userId) throw new NotFoundError('delivery not found');
    const updatedAt = this.now().toISOString();
    const pending = await this.deps.deliveries.update(webhookId, deliveryId, {
      status: 'PENDING',
      nextAttemptAt: undefined,
      updatedAt,
    });
    if (!pending) throw new NotFoundError('delivery not found');
    try {
      await this.deps.outbox.addRedelivery({ userId, webhookId, deliveryId });
    } catch (error) {
      // Not queued: do not leave it looking as if it were on its way.
      await this.deps.deliveries
        .update(webhookId, deliveryId, {
          status: delivery.status,
          nextAttemptAt: delivery.nextAttemptAt,
          updatedAt: this.now().toISOString(),
        })
        .catch(() => undefined);
      throw error;
    }
  }

  private async checkTarget(url: string): Promise<void> {
    const problem = await resolveAndCheck(url, this.deps.settings.targetPolicy, this.deps.lookup);
    if (problem) throw new ValidationError(`url: ${problem}`, 'url');
  }

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }
}
