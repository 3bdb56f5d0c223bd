import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import type { Settings } from '../settings.ts';

export interface AppConfigProps {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly settings: Settings;
}

export type ConfigComponent = 'api' | 'admin' | 'transcoder' | 'events';

/**
 * Which service reads which key of the shared ConfigMap (every pod loads all of it). A pod's
 * `checksum/config` covers exactly its keys, so a `helm upgrade` that changes one setting rolls
 * only the pods that read it. A test checks this table against the services' own config loaders.
 */
export const CONFIG_READERS = {
  LOG_LEVEL: ['api', 'admin', 'transcoder', 'events'],
  AWS_REGION: ['api', 'admin', 'transcoder', 'events'],
  S3_BUCKET: ['api', 'admin', 'transcoder', 'events'],
  SQS_JOBS_QUEUE_URL: ['api', 'admin', 'transcoder', 'events'],
  SQS_DLQ_URL: ['admin', 'events'],
  DYNAMODB_TABLE: ['api', 'admin', 'transcoder', 'events'],
  MEMCACHED_SERVERS: ['api', 'admin', 'transcoder', 'events'],
  MAX_UPLOAD_BYTES: ['api'],
  TRUSTED_PROXY_HOPS: ['api', 'admin'],
} as const satisfies Record<string, readonly ConfigComponent[]>;

export type ConfigKey = keyof typeof CONFIG_READERS;

/**
 * The non-secret environment every service shares (names from the services' config.ts and
 * packages/adapters/src/aws-env.ts). Secrets and generated IDs come from the app Secret.
 */
export class AppConfig extends Construct {
  readonly configMap: kplus.ConfigMap;
  /** The ConfigMap's data, as synthesized. */
  readonly data: Readonly<Record<ConfigKey, string>>;

  constructor(scope: Construct, id: string, props: AppConfigProps) {
    super(scope, id);
    const { aws, api, logLevel } = props.settings;
    this.data = {
      LOG_LEVEL: logLevel,
      AWS_REGION: aws.region,
      S3_BUCKET: aws.bucket,
      SQS_JOBS_QUEUE_URL: aws.jobsQueueUrl,
      SQS_DLQ_URL: aws.dlqUrl,
      DYNAMODB_TABLE: aws.table,
      // Empty means unset: the services turn the cache off.
      MEMCACHED_SERVERS: aws.memcachedServers,
      MAX_UPLOAD_BYTES: String(api.maxUploadBytes),
      // The ALB is the one proxy in front of the api and admin: the client address is the entry
      // it appends to X-Forwarded-For, and whatever the client put before it is not trusted.
      TRUSTED_PROXY_HOPS: '1',
    };
    this.configMap = new kplus.ConfigMap(this, 'Resource', {
      metadata: { name: props.name, labels: props.labels },
      data: this.data,
    });
  }

  /** The part of the data `component` reads. */
  dataOf(component: ConfigComponent): Record<string, string> {
    return Object.fromEntries(
      (Object.keys(CONFIG_READERS) as ConfigKey[])
        .filter((key) => (CONFIG_READERS[key] as readonly string[]).includes(component))
        .map((key) => [key, this.data[key]]),
    );
  }
}
