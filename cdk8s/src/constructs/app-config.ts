import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import type { Settings } from '../settings.ts';

export interface AppConfigProps {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly settings: Settings;
}

/**
 * The non-secret environment every service shares (names from the services' config.ts and
 * packages/adapters/src/aws-env.ts). Secrets and generated IDs come from the app Secret.
 */
export class AppConfig extends Construct {
  readonly configMap: kplus.ConfigMap;

  constructor(scope: Construct, id: string, props: AppConfigProps) {
    super(scope, id);
    const { aws, api, logLevel } = props.settings;
    this.configMap = new kplus.ConfigMap(this, 'Resource', {
      metadata: { name: props.name, labels: props.labels },
      data: {
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
      },
    });
  }
}
