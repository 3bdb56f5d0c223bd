import { z } from 'zod';

/**
 * `LOCAL_MODE=true` says "this process runs against local emulators". Only then are local-only
 * switches honoured (a non-Cognito token issuer, auto-confirmed sign-ups, a random playback key),
 * and only when every endpoint they rely on is local. Exactly `true` or `false`: a security switch
 * takes no spellings.
 */
export const localModeEnvShape = {
  LOCAL_MODE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
};

/** The AWS endpoints a local-mode process must find on a local host (never real AWS). */
const AWS_ENDPOINT_VARIABLES = [
  'AWS_ENDPOINT_URL_S3',
  'AWS_ENDPOINT_URL_SQS',
  'AWS_ENDPOINT_URL_DYNAMODB',
  'AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER',
] as const;

type EndpointEnv = Partial<Record<(typeof AWS_ENDPOINT_VARIABLES)[number], string>>;

/** LocalStack's public DNS name for 127.0.0.1, which it also bakes into its tokens' issuer. */
const LOCALSTACK_LOOPBACK = 'localhost.localstack.cloud';

/**
 * A host that never leaves the machine or the cluster: loopback (`localhost`, `*.localhost`,
 * 127.0.0.0/8, `::1`, LocalStack's `localhost.localstack.cloud`), or a cluster-internal Service name
 * (a single label such as `videoforge-local-stack`, or `*.svc` / `*.svc.cluster.local`), which is
 * where the kind profiles run their emulators.
 */
export function isLocalHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (host === '::1' || /^127(\.\d{1,3}){3}$/.test(host)) return true;
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === LOCALSTACK_LOOPBACK || host.endsWith(`.${LOCALSTACK_LOOPBACK}`)) return true;
  if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(host) && !/^\d+$/.test(host)) return true;
  return host.endsWith('.svc') || host.endsWith('.svc.cluster.local');
}

/** Why `value` (the variable `name`) is not an http(s) URL on a local host; undefined when it is. */
export function localUrlProblem(name: string, value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${name}=${JSON.stringify(value)} is not a URL`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `${name}=${JSON.stringify(value)} must be an http(s) URL`;
  if (!isLocalHost(url.hostname))
    return `${name}=${JSON.stringify(value)} is not local: LOCAL_MODE only talks to loopback or cluster-internal emulators`;
  return undefined;
}

/**
 * In local mode every AWS endpoint must be set and local, so auto-confirmed sign-ups, an emulator's
 * token issuer and a made-up playback key can never meet real AWS resources. Outside local mode
 * the endpoints are free (a VPC endpoint, say).
 */
export function localModeProblems(e: EndpointEnv & { LOCAL_MODE: boolean }): string[] {
  if (!e.LOCAL_MODE) return [];
  return AWS_ENDPOINT_VARIABLES.flatMap((name) => {
    const value = e[name];
    if (value === undefined)
      return [`${name} is required with LOCAL_MODE=true: local mode never calls real AWS`];
    const problem = localUrlProblem(name, value);
    return problem ? [problem] : [];
  });
}
