import {
  activeSecrets,
  webhookPayload,
  type Delivery,
  type DeliveryLog,
  type Webhook,
  type WebhookStore,
} from '@videoforge/core';
import { postWebhook, signDelivery, type TargetPolicy } from '@videoforge/webhooks';
import type { DeliveryJobData } from '../relay/fan-out.ts';

export interface AttemptSettings {
  timeoutMs: number;
  disableAfterFailures: number;
  policy: TargetPolicy;
}

export interface AttemptDeps {
  webhooks: WebhookStore;
  deliveries: DeliveryLog;
  settings: AttemptSettings;
  now: () => Date;
  post?: typeof postWebhook;
}

/** What one attempt came to; `retryInMs` is set when another attempt is scheduled. */
export type AttemptOutcome =
  | { kind: 'delivered'; durationMs: number }
  | { kind: 'retry'; durationMs: number; error: string }
  | { kind: 'failed'; durationMs?: number; error: string }
  | { kind: 'dropped'; reason: string };

/**
 * One delivery attempt: sign with every active secret, POST, record the result in the delivery's
 * log and the webhook's failure run. `isLast` says whether a failure ends the delivery, and
 * `retryAt` when the next attempt would run (for the log).
 */
export async function attemptDelivery(
  deps: AttemptDeps,
  job: DeliveryJobData,
  plan: { isLast: boolean; retryAt: () => Date },
): Promise<AttemptOutcome> {
  const delivery = await deps.deliveries.get(job.webhookId, job.deliveryId);
  if (!delivery) return { kind: 'dropped', reason: 'delivery expired from the log' };
  const webhook = await deps.webhooks.get(job.userId, job.webhookId);
  const refusal = refusalOf(webhook, delivery);
  if (refusal || !webhook) {
    const error = refusal ?? 'webhook deleted';
    await record(deps, delivery, { status: 'FAILED', lastError: error, nextAttemptAt: undefined });
    return { kind: 'failed', error };
  }

  const now = deps.now();
  const body = webhookPayload(delivery.event);
  const signature = signDelivery({
    eventId: delivery.event.id,
    timestampSeconds: Math.floor(now.getTime() / 1000),
    body,
    secrets: activeSecrets(webhook, now.getTime()).map((s) => s.value),
  });
  const result = await (deps.post ?? postWebhook)({
    url: webhook.url,
    headers: {
      ...signature,
      'content-type': 'application/json',
      'user-agent': 'VideoForge-Webhooks/1.0',
    },
    body,
    timeoutMs: deps.settings.timeoutMs,
    policy: deps.settings.policy,
  });
  const attempt = {
    attempts: delivery.attempts + 1,
    lastStatusCode: result.statusCode,
    durationMs: Math.round(result.durationMs),
  };

  if (result.ok) {
    await record(deps, delivery, {
      ...attempt,
      status: 'DELIVERED',
      lastError: undefined,
      nextAttemptAt: undefined,
    });
    if (webhook.consecutiveFailures > 0) await resetFailures(deps, webhook);
    return { kind: 'delivered', durationMs: result.durationMs };
  }

  const error = result.error ?? `answered ${result.statusCode}`;
  const disabled = await countFailure(deps, webhook);
  if (disabled || plan.isLast) {
    const lastError = disabled ? `${error}; ${disabled}` : error;
    await record(deps, delivery, {
      ...attempt,
      status: 'FAILED',
      lastError,
      nextAttemptAt: undefined,
    });
    return { kind: 'failed', durationMs: result.durationMs, error: lastError };
  }
  await record(deps, delivery, {
    ...attempt,
    status: 'RETRYING',
    lastError: error,
    nextAttemptAt: plan.retryAt().toISOString(),
  });
  return { kind: 'retry', durationMs: result.durationMs, error };
}

function refusalOf(webhook: Webhook | undefined, delivery: Delivery): string | undefined {
  if (!webhook) return 'webhook deleted';
  // A test goes out even to a disabled webhook: it is how its owner checks a fixed receiver.
  if (!webhook.enabled && delivery.event.type !== 'webhook.test') {
    return `webhook disabled${webhook.disabledReason ? `: ${webhook.disabledReason}` : ''}`;
  }
  return undefined;
}

function record(
  deps: AttemptDeps,
  delivery: Delivery,
  patch: Parameters<DeliveryLog['update']>[2],
): Promise<unknown> {
  return deps.deliveries.update(delivery.webhookId, delivery.deliveryId, patch);
}

async function resetFailures(deps: AttemptDeps, webhook: Webhook): Promise<void> {
  await deps.webhooks.update(webhook.userId, webhook.webhookId, (current) =>
    current.consecutiveFailures === 0
      ? undefined
      : { ...current, consecutiveFailures: 0, updatedAt: deps.now().toISOString() },
  );
}

/** Adds one to the webhook's run of failures; the reason when this one turned it off. */
async function countFailure(deps: AttemptDeps, webhook: Webhook): Promise<string | undefined> {
  const limit = deps.settings.disableAfterFailures;
  let disabledNow: string | undefined;
  await deps.webhooks.update(webhook.userId, webhook.webhookId, (current) => {
    const consecutiveFailures = current.consecutiveFailures + 1;
    const next = { ...current, consecutiveFailures, updatedAt: deps.now().toISOString() };
    disabledNow = undefined;
    if (current.enabled && consecutiveFailures >= limit) {
      disabledNow = `endpoint disabled after ${consecutiveFailures} failed attempts in a row`;
      return { ...next, enabled: false, disabledReason: disabledNow };
    }
    return next;
  });
  return disabledNow;
}
