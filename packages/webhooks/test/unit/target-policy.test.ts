import { describe, expect, it } from 'vitest';
import {
  LOCAL_TARGET_POLICY,
  PRODUCTION_TARGET_POLICY,
  checkAddress,
  checkUrl,
  classifyAddress,
  resolveAndCheck,
  type LookupAll,
} from '../../src/index.ts';

const prod = PRODUCTION_TARGET_POLICY;
const local = LOCAL_TARGET_POLICY;

function resolvesTo(...addresses: string[]): LookupAll {
  return async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
}

describe('classifyAddress', () => {
  it.each([
    ['93.184.216.34', 'public'],
    ['2606:4700::1111', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fd00:ec2::254', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:93.184.216.34', 'public'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['[::1]', 'loopback'],
  ])('%s is %s', (ip, kind) => {
    expect(classifyAddress(ip)).toBe(kind);
  });

  it('is undefined for something that is not an address', () => {
    expect(classifyAddress('example.com')).toBeUndefined();
  });
});

describe('checkAddress', () => {
  it('allows public addresses in every policy', () => {
    expect(checkAddress('93.184.216.34', prod)).toBeUndefined();
    expect(checkAddress('93.184.216.34', local)).toBeUndefined();
  });

  it('refuses loopback and private only where the policy says so', () => {
    expect(checkAddress('127.0.0.1', prod)).toBe('refused: 127.0.0.1 is a loopback address');
    expect(checkAddress('10.0.0.1', prod)).toBe('refused: 10.0.0.1 is a private address');
    expect(checkAddress('100.64.1.1', prod)).toMatch(/private/);
    expect(checkAddress('127.0.0.1', local)).toBeUndefined();
    expect(checkAddress('fd12::1', local)).toBeUndefined();
    expect(checkAddress('127.0.0.1', { allowLoopback: false, allowPrivate: true })).toMatch(
      /loopback/,
    );
    expect(checkAddress('10.0.0.1', { allowLoopback: true, allowPrivate: false })).toMatch(
      /private/,
    );
  });

  it.each([
    '169.254.169.254',
    'fd00:ec2::254',
    'fe80::1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '240.0.0.1',
  ])('refuses %s even in local mode', (ip) => {
    expect(checkAddress(ip, local)).toMatch(/^refused: /);
  });

  it('names link-local with "a" and unspecified with "an"', () => {
    expect(checkAddress('169.254.169.254', local)).toBe(
      'refused: 169.254.169.254 is a link-local address',
    );
    expect(checkAddress('::', local)).toBe('refused: :: is an unspecified address');
  });

  it('judges IPv4-mapped IPv6 as the IPv4 inside', () => {
    expect(checkAddress('::ffff:127.0.0.1', prod)).toMatch(/loopback/);
    expect(checkAddress('::ffff:127.0.0.1', local)).toBeUndefined();
    expect(checkAddress('::ffff:169.254.169.254', local)).toMatch(/link-local/);
  });
});

describe('checkUrl', () => {
  it('accepts http and https on any port', () => {
    expect(checkUrl('https://hooks.example.com/in', prod)).toBeUndefined();
    expect(checkUrl('http://hooks.example.com:8443/in?x=1', prod)).toBeUndefined();
  });

  it.each([
    ['ftp://example.com/', 'must be an http or https URL'],
    ['file:///etc/passwd', 'must be an http or https URL'],
    ['javascript:alert(1)', 'must be an http or https URL'],
    ['not a url', 'is not a valid URL'],
    ['https://user:pass@example.com/', 'must not contain a user name or password'],
    ['https://user@example.com/', 'must not contain a user name or password'],
  ])('refuses %s', (url, problem) => {
    expect(checkUrl(url, local)).toBe(problem);
  });

  it('checks IP literals, whatever spelling the URL uses', () => {
    expect(checkUrl('http://127.0.0.1:8080/', prod)).toMatch(/loopback/);
    expect(checkUrl('http://2130706433/', prod)).toMatch(/127\.0\.0\.1 is a loopback/);
    expect(checkUrl('http://0x7f.1/', prod)).toMatch(/loopback/);
    expect(checkUrl('http://[::1]/', prod)).toMatch(/loopback/);
    expect(checkUrl('http://[::ffff:127.0.0.1]/', prod)).toMatch(/loopback/);
    expect(checkUrl('http://169.254.169.254/latest/meta-data', local)).toMatch(/link-local/);
    expect(checkUrl('http://[fd00:ec2::254]/', local)).toMatch(/link-local/);
    expect(checkUrl('http://127.0.0.1:8080/', local)).toBeUndefined();
  });
});

describe('resolveAndCheck', () => {
  it('accepts a host whose every address is allowed', async () => {
    await expect(
      resolveAndCheck(
        'https://hooks.example.com/',
        prod,
        resolvesTo('93.184.216.34', '2606:4700::1'),
      ),
    ).resolves.toBeUndefined();
  });

  it('refuses a host with any refused address', async () => {
    await expect(
      resolveAndCheck('https://hooks.example.com/', prod, resolvesTo('93.184.216.34', '10.0.0.7')),
    ).resolves.toBe('refused: 10.0.0.7 is a private address (hooks.example.com resolves to it)');
    await expect(
      resolveAndCheck('https://metadata.example/', local, resolvesTo('169.254.169.254')),
    ).resolves.toMatch(/link-local/);
  });

  it('says so when a host does not resolve', async () => {
    const failing: LookupAll = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    await expect(resolveAndCheck('https://nowhere.invalid/', prod, failing)).resolves.toBe(
      'host nowhere.invalid could not be resolved',
    );
    await expect(resolveAndCheck('https://empty.example/', prod, resolvesTo())).resolves.toMatch(
      /could not be resolved/,
    );
  });

  it('checks literals without a lookup and URL problems first', async () => {
    const never: LookupAll = async () => {
      throw new Error('must not be called');
    };
    await expect(resolveAndCheck('http://127.0.0.1/', prod, never)).resolves.toMatch(/loopback/);
    await expect(resolveAndCheck('http://127.0.0.1/', local, never)).resolves.toBeUndefined();
    await expect(resolveAndCheck('ftp://example.com/', prod, never)).resolves.toMatch(/http/);
  });

  it('uses the system resolver by default (localhost is loopback)', async () => {
    await expect(resolveAndCheck('http://localhost:9/', prod)).resolves.toMatch(/loopback/);
    await expect(resolveAndCheck('http://localhost:9/', local)).resolves.toBeUndefined();
  });
});
