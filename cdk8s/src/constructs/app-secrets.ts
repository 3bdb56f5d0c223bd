import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import type { Settings } from '../settings.ts';
import { IrsaServiceAccount } from './irsa-service-account.ts';

/** Which app Secret key comes from which Parameter Store entry (below `parameterPrefix`). */
export const PARAMETERS: Readonly<Record<string, string>> = {
  COGNITO_USER_POOL_ID: 'cognito/user-pool-id',
  COGNITO_CLIENT_ID: 'cognito/client-id',
};

/**
 * The api's HLS signing keys: which api Secret key comes from which property of the Secrets
 * Manager secret `playbackSigningSecret`, a JSON object the AWS stack creates with a generated
 * `current` and an empty `previous` (aws/cloudformation.ts). Empty means unset to the api.
 */
export const PLAYBACK_SIGNING_KEYS = {
  PLAYBACK_SIGNING_SECRET: 'current',
  PLAYBACK_SIGNING_SECRET_PREVIOUS: 'previous',
} as const;

/** The variable the events and admin pods read from the Redis Secret (`<release>-redis`). */
export const REDIS_URL_KEY = 'REDIS_URL';
/** The property of the Secrets Manager secret `redis.authSecret` that holds the AUTH token. */
export const REDIS_AUTH_TOKEN_PROPERTY = 'token';

export interface AppSecretsProps {
  readonly settings: Settings;
  /** Name of the Secret the services load (`envFrom`). */
  readonly secretName: string;
  /** Name of the Secret only the api reads: the playback signing keys. */
  readonly apiSecretName: string;
  /** Name of the Secret only the events and admin pods read: REDIS_URL. */
  readonly redisSecretName: string;
  /** Name of the Parameter Store SecretStore and of the ServiceAccount both stores use. */
  readonly storeName: string;
  /** Name of the Secrets Manager SecretStore. */
  readonly secretsManagerStoreName: string;
  readonly labels: Record<string, string>;
}

/**
 * External Secrets Operator objects: namespaced SecretStores on Parameter Store and on Secrets
 * Manager that authenticate with one IRSA ServiceAccount (its role reads `<prefix>/*`, the one
 * signing-key secret and the Redis AUTH token, nothing else); an ExternalSecret that writes the app
 * Secret every service loads, one that writes the api's signing keys into a Secret of their own, so
 * that admin and the transcoder (which parses hostile media) never hold a key that mints playback
 * links, and one that writes REDIS_URL into a Secret only the events and admin pods read. No
 * Secrets Store CSI driver: it needs a DaemonSet, which Fargate lacks.
 */
export class AppSecrets extends Construct {
  constructor(scope: Construct, id: string, props: AppSecretsProps) {
    super(scope, id);
    const { aws, externalSecrets, redis } = props.settings;
    new IrsaServiceAccount(this, 'ServiceAccount', {
      name: props.storeName,
      labels: props.labels,
      roleArn: externalSecrets.roleArn,
    });
    const store = (storeId: string, name: string, service: 'ParameterStore' | 'SecretsManager') =>
      new ApiObject(this, storeId, {
        apiVersion: 'external-secrets.io/v1',
        kind: 'SecretStore',
        metadata: { name, labels: props.labels },
        spec: {
          provider: {
            aws: {
              service,
              region: aws.region,
              auth: { jwt: { serviceAccountRef: { name: props.storeName } } },
            },
          },
        },
      });
    const externalSecret = (
      secretId: string,
      storeName: string,
      target: string,
      data: { secretKey: string; remoteRef: { key: string; property?: string } }[],
      template?: Record<string, string>,
    ) =>
      new ApiObject(this, secretId, {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name: target, labels: props.labels },
        spec: {
          refreshInterval: externalSecrets.refreshInterval,
          secretStoreRef: { kind: 'SecretStore', name: storeName },
          target: {
            name: target,
            creationPolicy: 'Owner',
            // Only the templated keys land in the Secret (the raw token does not).
            ...(template
              ? { template: { engineVersion: 'v2', type: 'Opaque', data: template } }
              : {}),
          },
          data,
        },
      });

    store('SecretStore', props.storeName, 'ParameterStore');
    externalSecret(
      'ExternalSecret',
      props.storeName,
      props.secretName,
      Object.entries(PARAMETERS).map(([secretKey, parameter]) => ({
        secretKey,
        remoteRef: { key: `${externalSecrets.parameterPrefix}/${parameter}` },
      })),
    );

    // CloudFormation can generate a random value in Secrets Manager, not in Parameter Store.
    store('SecretsManagerStore', props.secretsManagerStoreName, 'SecretsManager');
    externalSecret(
      'ApiExternalSecret',
      props.secretsManagerStoreName,
      props.apiSecretName,
      Object.entries(PLAYBACK_SIGNING_KEYS).map(([secretKey, property]) => ({
        secretKey,
        remoteRef: { key: externalSecrets.playbackSigningSecret, property },
      })),
    );

    // REDIS_URL for the events and admin pods: TLS (rediss) to the ElastiCache primary endpoint,
    // with the AUTH token the stack generated (letters and digits: nothing to escape in a URL).
    // A rotated token reaches the Secret within refreshInterval; the pods read it at start.
    externalSecret(
      'RedisExternalSecret',
      props.secretsManagerStoreName,
      props.redisSecretName,
      [
        {
          secretKey: REDIS_AUTH_TOKEN_PROPERTY,
          remoteRef: { key: redis.authSecret, property: REDIS_AUTH_TOKEN_PROPERTY },
        },
      ],
      {
        [REDIS_URL_KEY]: `rediss://:{{ .${REDIS_AUTH_TOKEN_PROPERTY} }}@${redis.host}:${redis.port}`,
      },
    );
  }
}
