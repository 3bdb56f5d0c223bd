/** The parts of an S3 event notification this handler reads (eventVersion 2.x). */
export interface S3EventRecord {
  eventName: string;
  eventTime?: string;
  s3: {
    bucket: { name: string };
    object: { key: string; size?: number; eTag?: string; sequencer?: string };
  };
}

export interface S3Event {
  Records: S3EventRecord[];
}

/** S3 URL-encodes keys in notifications and writes spaces as '+'. */
export function decodeS3Key(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, ' '));
}

export function isObjectCreated(record: S3EventRecord): boolean {
  return record.eventName.startsWith('ObjectCreated:');
}
