import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { generateWebhookSecret, signDelivery } from '../../src/index.ts';

const body = JSON.stringify({
  type: 'video.ready',
  timestamp: '2025-01-01T00:00:00.000Z',
  data: { videoId: 'v1' },
});
const now = () => Math.floor(Date.now() / 1000);

describe('signDelivery', () => {
  it('produces Standard Webhooks headers a receiver verifies', () => {
    const secret = generateWebhookSecret();
    const timestampSeconds = now();
    const headers = signDelivery({ eventId: 'evt_1', timestampSeconds, body, secrets: [secret] });
    expect(headers['webhook-id']).toBe('evt_1');
    expect(headers['webhook-timestamp']).toBe(String(timestampSeconds));
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('is the HMAC-SHA256 of "id.timestamp.body" keyed with the decoded secret (SPEC)', () => {
    const secret = generateWebhookSecret();
    const headers = signDelivery({
      eventId: 'evt_2',
      timestampSeconds: 1700000000,
      body,
      secrets: [secret],
    });
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`evt_2.1700000000.${body}`).digest('base64');
    expect(headers['webhook-signature']).toBe(`v1,${expected}`);
  });

  it('signs with both secrets during a rotation; each verifies on its own', () => {
    const newer = generateWebhookSecret();
    const older = generateWebhookSecret();
    const headers = signDelivery({
      eventId: 'evt_3',
      timestampSeconds: now(),
      body,
      secrets: [newer, older],
    });
    const parts = headers['webhook-signature'].split(' ');
    expect(parts).toHaveLength(2);
    expect(parts.every((p) => p.startsWith('v1,'))).toBe(true);
    expect(new Webhook(newer).verify(body, headers)).toBeTruthy();
    expect(new Webhook(older).verify(body, headers)).toBeTruthy();
    expect(() => new Webhook(generateWebhookSecret()).verify(body, headers)).toThrow(
      /No matching signature/,
    );
  });

  it('a tampered body, id or timestamp fails verification', () => {
    const secret = generateWebhookSecret();
    const ts = now();
    const headers = signDelivery({
      eventId: 'evt_4',
      timestampSeconds: ts,
      body,
      secrets: [secret],
    });
    const hook = new Webhook(secret);
    expect(() => hook.verify(body.replace('v1', 'v2'), headers)).toThrow(/No matching signature/);
    expect(() => hook.verify(body, { ...headers, 'webhook-id': 'evt_5' })).toThrow();
    expect(() => hook.verify(body, { ...headers, 'webhook-timestamp': String(ts - 1) })).toThrow();
  });

  it('refuses to sign with no secret', () => {
    expect(() =>
      signDelivery({ eventId: 'e', timestampSeconds: now(), body, secrets: [] }),
    ).toThrow(/at least one secret/);
  });
});
