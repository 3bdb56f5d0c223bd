import { LOOPBACK_OFFSET, PUBLIC_PORTS } from './config.ts';

/**
 * The local stack's environment as other pods must see it: every `127.0.0.1:<loopback port>`
 * becomes `<service host>:<public port>`. COGNITO_ISSUER stays as it is: it is compared with the
 * tokens' `iss`, which cognito-local bakes from its own (loopback) address.
 */
export function clusterEnv(
  stackEnv: Record<string, string>,
  serviceHost: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(stackEnv)) {
    out[name] = name === 'COGNITO_ISSUER' ? value : toClusterAddresses(value, serviceHost);
  }
  return out;
}

function toClusterAddresses(value: string, serviceHost: string): string {
  let result = value;
  for (const port of Object.values(PUBLIC_PORTS)) {
    result = result.replaceAll(`127.0.0.1:${port + LOOPBACK_OFFSET}`, `${serviceHost}:${port}`);
  }
  return result;
}
