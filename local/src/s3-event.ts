/**
 * The S3 event notification shape delivered to Lambda (a subset of `@types/aws-lambda`'s `S3Event`,
 * structurally compatible with it). `s3.object.key` is URL-encoded the way S3 does it: spaces as `+`.
 */
export interface S3EventRecord {
  eventVersion: string;
  eventSource: string;
  awsRegion: string;
  eventTime: string;
  eventName: string;
  userIdentity: { principalId: string };
  requestParameters: { sourceIPAddress: string };
  responseElements: { 'x-amz-request-id': string; 'x-amz-id-2': string };
  s3: {
    s3SchemaVersion: string;
    configurationId: string;
    bucket: { name: string; ownerIdentity: { principalId: string }; arn: string };
    object: { key: string; size: number; eTag: string; versionId?: string; sequencer: string };
  };
}

export interface S3Event {
  Records: S3EventRecord[];
}

export type S3EventHandler = (event: S3Event) => Promise<void>;
