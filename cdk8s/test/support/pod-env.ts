import { randomInt } from 'node:crypto';
import { cloudFormationTemplate } from '../../src/aws/cloudformation.ts';
import { PARAMETERS, REDIS_AUTH_TOKEN_PROPERTY } from '../../src/constructs/app-secrets.ts';
import type { Settings } from '../../src/settings.ts';
import { exampleSettings } from './fixtures.ts';
import { find, type K8sObject } from './objects.ts';

/** What External Secrets can read in AWS: Parameter Store by name, Secrets Manager by secret id. */
export interface AwsSecrets {
  readonly parameters: Readonly<Record<string, string>>;
  readonly secrets: Readonly<Record<string, string>>;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * The SecretString CloudFormation makes from the stack's GenerateSecretString: the template's JSON
 * with a random value of PasswordLength characters (letters and digits: ExcludePunctuation) under
 * GenerateStringKey.
 */
export function generatedSigningSecret(): string {
  return generatedSecret('PlaybackSigningSecret');
}

/** The Redis AUTH token secret as the stack generates it: JSON `{"token"}`. */
export function generatedRedisAuthSecret(): string {
  return generatedSecret('RedisAuthSecret');
}

function generatedSecret(logicalId: string): string {
  // The template is arbitrary JSON; this walks it by path.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const resources = cloudFormationTemplate().Resources as Record<string, any>;
  const generate = resources[logicalId].Properties.GenerateSecretString;
  if (generate.ExcludePunctuation !== true) throw new Error('expected ExcludePunctuation');
  const value = Array.from({ length: generate.PasswordLength as number }, () =>
    ALPHANUMERIC.charAt(randomInt(ALPHANUMERIC.length)),
  ).join('');
  return JSON.stringify({
    ...(JSON.parse(generate.SecretStringTemplate as string) as object),
    [generate.GenerateStringKey as string]: value,
  });
}

/**
 * The AWS stack after its first deploy, for these settings: each Parameter Store entry holds
 * `value-of-<app Secret key>`, and the signing-key and Redis AUTH secrets freshly generated values.
 */
export function deployedStack(settings: Settings = exampleSettings): AwsSecrets {
  const { parameterPrefix, playbackSigningSecret } = settings.externalSecrets;
  return {
    parameters: Object.fromEntries(
      Object.entries(PARAMETERS).map(([key, p]) => [`${parameterPrefix}/${p}`, `value-of-${key}`]),
    ),
    secrets: {
      [playbackSigningSecret]: generatedSigningSecret(),
      [settings.redis.authSecret]: generatedRedisAuthSecret(),
    },
  };
}

/** The AUTH token in a deployed stack's Redis secret. */
export function redisToken(aws: AwsSecrets, settings: Settings = exampleSettings): string {
  const raw = aws.secrets[settings.redis.authSecret];
  if (raw === undefined) throw new Error('the stack has no Redis AUTH secret');
  return (JSON.parse(raw) as Record<string, string>)[REDIS_AUTH_TOKEN_PROPERTY] as string;
}

/**
 * External Secrets' v2 template engine, for the one form the chart uses: `{{ .<key> }}` replaced
 * by the fetched value of that key. Anything else in braces is an error here.
 */
export function renderSecretTemplate(template: string, data: Record<string, string>): string {
  return template.replace(/\{\{(.*?)\}\}/g, (_, inner: string) => {
    const match = /^\s*\.([A-Za-z0-9_]+)\s*$/.exec(inner);
    const value = match ? data[match[1] as string] : undefined;
    if (value === undefined) throw new Error(`cannot render {{${inner}}}`);
    return value;
  });
}

/**
 * The data of a Secret: one among `objects` (stringData), or the one an ExternalSecret writes,
 * read from `aws` the way External Secrets does (a `property` picks a key of a JSON value; a
 * target template replaces the fetched keys with its own). Undefined when nothing writes that
 * Secret, or when a value it needs is missing: External Secrets then fails the sync and writes
 * nothing.
 */
export function secretData(
  objects: readonly K8sObject[],
  secretName: string,
  aws: AwsSecrets,
): Record<string, string> | undefined {
  const plain = objects.find((o) => o.kind === 'Secret' && o.metadata.name === secretName);
  if (plain) return { ...(plain.stringData as Record<string, string>) };
  const external = objects.find(
    (o) => o.kind === 'ExternalSecret' && o.spec.target.name === secretName,
  );
  if (!external) return undefined;
  const service = find(objects, 'SecretStore', external.spec.secretStoreRef.name).spec.provider.aws
    .service as 'ParameterStore' | 'SecretsManager';
  const data: Record<string, string> = {};
  for (const { secretKey, remoteRef } of external.spec.data as K8sObject[]) {
    const raw = (service === 'ParameterStore' ? aws.parameters : aws.secrets)[remoteRef.key];
    const value =
      raw === undefined || remoteRef.property === undefined
        ? raw
        : (JSON.parse(raw) as Record<string, unknown>)[remoteRef.property];
    if (typeof value !== 'string') return undefined;
    data[secretKey] = value;
  }
  const template = external.spec.target.template?.data as Record<string, string> | undefined;
  if (!template) return data;
  return Object.fromEntries(
    Object.entries(template).map(([key, text]) => [key, renderSecretTemplate(text, data)]),
  );
}

/**
 * The environment a pod's first container would get, as the kubelet builds it: `envFrom` sources in
 * order (a missing Secret that is not optional keeps the pod from starting), then `env`, where a
 * missing optional secretKeyRef leaves the variable out and so keeps any value from `envFrom`.
 */
export function podEnv(
  objects: readonly K8sObject[],
  name: string,
  aws: AwsSecrets = deployedStack(),
): NodeJS.ProcessEnv {
  const container = find(objects, 'Deployment', `videoforge-${name}`).spec.template.spec
    .containers[0];
  const env: Record<string, string> = {};
  const secret = (ref: { name: string; optional?: boolean }) => {
    const data = secretData(objects, ref.name, aws);
    if (!data && !ref.optional) throw new Error(`${name} waits for the Secret ${ref.name}`);
    return data;
  };
  for (const source of container.envFrom) {
    if (source.configMapRef)
      Object.assign(env, find(objects, 'ConfigMap', source.configMapRef.name).data);
    if (source.secretRef) Object.assign(env, secret(source.secretRef));
  }
  for (const variable of container.env ?? []) {
    const from = variable.valueFrom;
    if (from?.fieldRef) {
      if (from.fieldRef.fieldPath !== 'metadata.namespace')
        throw new Error(`unexpected fieldRef ${from.fieldRef.fieldPath}`);
      env[variable.name] = 'videoforge';
    } else if (from?.secretKeyRef) {
      const value = secret(from.secretKeyRef)?.[from.secretKeyRef.key];
      if (value !== undefined) env[variable.name] = value;
      else if (!from.secretKeyRef.optional)
        throw new Error(`${name} waits for ${from.secretKeyRef.name}/${from.secretKeyRef.key}`);
    } else {
      env[variable.name] = variable.value;
    }
  }
  return env;
}
