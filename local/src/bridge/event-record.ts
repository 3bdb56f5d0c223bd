import type { S3Event } from '../s3-event.ts';
import type { ObjectCreatedEventName } from './classify.ts';

export interface ObjectCreatedInput {
  region: string;
  eventName: ObjectCreatedEventName;
  eventTime: Date;
  bucket: string;
  /** The decoded key. */
  key: string;
  size: number;
  /** Without the surrounding quotes, as in real events. */
  eTag: string;
  sequencer: string;
  configurationId: string;
  sourceIp: string;
  requestId: string;
  hostId: string;
}

const PRINCIPAL = 'local';

/** S3 form-encodes keys in events: percent-encoding with spaces as `+`; slashes stay. */
export function encodeEventKey(key: string): string {
  return encodeURIComponent(key).replaceAll('%20', '+').replaceAll('%2F', '/');
}

export function buildObjectCreatedEvent(input: ObjectCreatedInput): S3Event {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: input.region,
        eventTime: input.eventTime.toISOString(),
        eventName: input.eventName,
        userIdentity: { principalId: PRINCIPAL },
        requestParameters: { sourceIPAddress: input.sourceIp },
        responseElements: { 'x-amz-request-id': input.requestId, 'x-amz-id-2': input.hostId },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: input.configurationId,
          bucket: {
            name: input.bucket,
            ownerIdentity: { principalId: PRINCIPAL },
            arn: `arn:aws:s3:::${input.bucket}`,
          },
          object: {
            key: encodeEventKey(input.key),
            size: input.size,
            eTag: input.eTag,
            sequencer: input.sequencer,
          },
        },
      },
    ],
  };
}

/**
 * Fixed-width upper-case hex that grows with every event, so comparing two sequencers of a key
 * tells which write came later (what consumers use S3's sequencer for).
 */
export function createSequencer(): () => string {
  let last = 0n;
  return () => {
    const now = BigInt(Date.now()) << 20n;
    last = now > last ? now : last + 1n;
    return last.toString(16).toUpperCase().padStart(16, '0');
  };
}
