import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import type { Settings } from '../settings.ts';
import { IrsaServiceAccount } from './irsa-service-account.ts';

/** Which app Secret key comes from which Parameter Store entry (below `parameterPrefix`). */
export const PARAMETERS: Readonly<Record<string, string>> = {
  COGNITO_USER_POOL_ID: 'cognito/user-pool-id',
  COGNITO_CLIENT_ID: 'cognito/client-id',
};

export interface AppSecretsProps {
  readonly settings: Settings;
  /** Name of the Secret the services load (`envFrom`). */
  readonly secretName: string;
  /** Name of the SecretStore and of its ServiceAccount. */
  readonly storeName: string;
  readonly labels: Record<string, string>;
}

/**
 * External Secrets Operator objects: a namespaced SecretStore on Parameter Store that authenticates
 * with its own IRSA ServiceAccount (read-only on `<prefix>/*`, nothing else), and an ExternalSecret
 * that writes the app Secret. No Secrets Store CSI driver: it needs a DaemonSet, which Fargate lacks.
 */
export class AppSecrets extends Construct {
  constructor(scope: Construct, id: string, props: AppSecretsProps) {
    super(scope, id);
    const { aws, externalSecrets } = props.settings;
    new IrsaServiceAccount(this, 'ServiceAccount', {
      name: props.storeName,
      labels: props.labels,
      roleArn: externalSecrets.roleArn,
    });
    new ApiObject(this, 'SecretStore', {
      apiVersion: 'external-secrets.io/v1',
      kind: 'SecretStore',
      metadata: { name: props.storeName, labels: props.labels },
      spec: {
        provider: {
          aws: {
            service: 'ParameterStore',
            region: aws.region,
            auth: { jwt: { serviceAccountRef: { name: props.storeName } } },
          },
        },
      },
    });
    new ApiObject(this, 'ExternalSecret', {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: props.secretName, labels: props.labels },
      spec: {
        refreshInterval: externalSecrets.refreshInterval,
        secretStoreRef: { kind: 'SecretStore', name: props.storeName },
        target: { name: props.secretName, creationPolicy: 'Owner' },
        data: Object.entries(PARAMETERS).map(([secretKey, parameter]) => ({
          secretKey,
          remoteRef: { key: `${externalSecrets.parameterPrefix}/${parameter}` },
        })),
      },
    });
  }
}
