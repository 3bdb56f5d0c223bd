import { Webhook } from 'standardwebhooks';

export interface SignDeliveryInput {
  /** The event id: the same on every retry, so receivers can drop duplicates. */
  eventId: string;
  timestampSeconds: number;
  /** Exactly the bytes that are sent: the signature covers this string. */
  body: string;
  /** `whsec_…` secrets, newest first; each one adds a `v1,…` signature. */
  secrets: readonly string[];
}

export interface SignatureHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * The Standard Webhooks headers of one delivery. During a rotation's grace period both secrets
 * sign, so a receiver that still holds the previous secret keeps verifying.
 */
export function signDelivery(input: SignDeliveryInput): SignatureHeaders {
  if (input.secrets.length === 0) throw new Error('a delivery needs at least one secret to sign');
  const at = new Date(input.timestampSeconds * 1000);
  const signatures = input.secrets.map((secret) =>
    new Webhook(secret).sign(input.eventId, at, input.body),
  );
  return {
    'webhook-id': input.eventId,
    'webhook-timestamp': String(Math.floor(input.timestampSeconds)),
    'webhook-signature': signatures.join(' '),
  };
}
