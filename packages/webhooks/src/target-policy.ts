import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Which non-public targets a deployment may deliver to. Production: neither; local mode: both. */
export interface TargetPolicy {
  allowLoopback: boolean;
  /** RFC 1918, IPv6 unique local (fc00::/7) and carrier-grade NAT (100.64/10). */
  allowPrivate: boolean;
}

export const PRODUCTION_TARGET_POLICY: TargetPolicy = { allowLoopback: false, allowPrivate: false };
export const LOCAL_TARGET_POLICY: TargetPolicy = { allowLoopback: true, allowPrivate: true };

export type AddressKind =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'reserved';

/** `dns.promises.lookup` with `all: true`, or a stand-in for it (tests). */
export type LookupAll = (
  hostname: string,
  options: { all: true },
) => Promise<Array<{ address: string; family: number }>>;

export const systemLookup: LookupAll = (hostname, options) => dns.lookup(hostname, options);

/** Cloud metadata services: never a webhook target, whatever range they sit in. */
const METADATA_ADDRESSES = new Set(
  ['169.254.169.254', 'fd00:ec2::254', '100.100.100.200'].map((a) => normalised(ipaddr.parse(a))),
);

const IPV4_KINDS: Record<string, AddressKind> = {
  unicast: 'public',
  as112: 'public',
  amt: 'public',
  loopback: 'loopback',
  private: 'private',
  carrierGradeNat: 'private',
  linkLocal: 'link-local',
  unspecified: 'unspecified',
  multicast: 'multicast',
  broadcast: 'broadcast',
  reserved: 'reserved',
};

const IPV6_KINDS: Record<string, AddressKind> = {
  unicast: 'public',
  '6to4': 'public',
  teredo: 'public',
  amt: 'public',
  as112v6: 'public',
  loopback: 'loopback',
  uniqueLocal: 'private',
  linkLocal: 'link-local',
  unspecified: 'unspecified',
  multicast: 'multicast',
};

/**
 * IPv6 forms that carry an IPv4 address a socket may end up reaching: IPv4-mapped (::ffff:a.b.c.d),
 * IPv4-translated (::ffff:0:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d). They are judged as that IPv4.
 */
const EMBEDS_IPV4 = new Set(['ipv4Mapped', 'rfc6145', 'rfc6052']);

/** What kind of address `ip` is; undefined when it is not an IP address. */
export function classifyAddress(ip: string): AddressKind | undefined {
  const bare = stripBrackets(ip);
  if (!ipaddr.isValid(bare)) return undefined;
  const parsed = ipaddr.parse(bare);
  if (METADATA_ADDRESSES.has(normalised(parsed))) return 'link-local';
  if (parsed.kind() === 'ipv4') return IPV4_KINDS[parsed.range()] ?? 'reserved';
  const v6 = parsed as ipaddr.IPv6;
  const range = v6.range();
  if (EMBEDS_IPV4.has(range)) return classifyAddress(embeddedIpv4(v6));
  // Anything else special (documentation, discard, ORCHID, site-local…) is not a receiver.
  return IPV6_KINDS[range] ?? 'reserved';
}

/** Why `ip` may not be a target under `policy`; undefined when it may. */
export function checkAddress(ip: string, policy: TargetPolicy): string | undefined {
  const kind = classifyAddress(ip);
  const shown = stripBrackets(ip);
  if (kind === undefined) return `${shown} is not an IP address`;
  if (kind === 'public') return undefined;
  if (kind === 'loopback' && policy.allowLoopback) return undefined;
  if (kind === 'private' && policy.allowPrivate) return undefined;
  return `refused: ${shown} is ${article(kind)} ${kind} address`;
}

/**
 * Why `url` may not be a target (scheme, credentials, an IP literal the policy refuses);
 * undefined when it may. Host names are judged only once resolved (resolveAndCheck, postWebhook).
 */
export function checkUrl(url: string, policy: TargetPolicy): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a valid URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return 'must be an http or https URL';
  if (parsed.username !== '' || parsed.password !== '')
    return 'must not contain a user name or password';
  const host = hostOf(parsed);
  if (host === '') return 'must name a host';
  return isIpLiteral(host) ? checkAddress(host, policy) : undefined;
}

/**
 * Registration-time check: the URL, then every address its host resolves to (a host with one
 * refused address among many is refused: a client may connect to any of them).
 */
export async function resolveAndCheck(
  url: string,
  policy: TargetPolicy,
  lookup: LookupAll = systemLookup,
): Promise<string | undefined> {
  const problem = checkUrl(url, policy);
  if (problem) return problem;
  const host = hostOf(new URL(url));
  if (isIpLiteral(host)) return undefined;
  let addresses: Array<{ address: string }>;
  try {
    addresses = await lookup(host, { all: true });
  } catch {
    return `host ${host} could not be resolved`;
  }
  if (addresses.length === 0) return `host ${host} could not be resolved`;
  for (const { address } of addresses) {
    const refused = checkAddress(address, policy);
    if (refused) return `${refused} (${host} resolves to it)`;
  }
  return undefined;
}

/** The host of a parsed URL as a socket wants it: IPv6 literals without their brackets. */
export function hostOf(url: URL): string {
  return stripBrackets(url.hostname);
}

/** Node connects to these without a lookup, so they are checked as they are. */
export function isIpLiteral(host: string): boolean {
  return isIP(stripBrackets(host)) !== 0;
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function embeddedIpv4(v6: ipaddr.IPv6): string {
  const bytes = v6.toByteArray().slice(12);
  return bytes.join('.');
}

function normalised(parsed: ipaddr.IPv4 | ipaddr.IPv6): string {
  return parsed.kind() === 'ipv6'
    ? (parsed as ipaddr.IPv6).toNormalizedString()
    : parsed.toString();
}

function article(kind: AddressKind): string {
  return /^[aeiou]/.test(kind) ? 'an' : 'a';
}
