import { createHmac, createSign, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Hand-made access tokens for authorization tests. They copy the claims of a real token from the
 * Cognito emulator, then change exactly one thing, so each rejection has one cause.
 */

type Claims = Record<string, unknown>;

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function claimsOf(token: string): Claims {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Claims;
}

export function signRs256(claims: Claims, privateKeyPem: string, kid: string): string {
  const unsigned = `${base64url({ alg: 'RS256', typ: 'JWT', kid })}.${base64url(claims)}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(privateKeyPem);
  return `${unsigned}.${signature.toString('base64url')}`;
}

/** The emulator's own signing key (cognito-local ships it): a token it would have issued itself. */
function emulatorPrivateKey(): string {
  const pkg = createRequire(import.meta.url).resolve('cognito-local/package.json');
  const file = path.join(path.dirname(pkg), 'lib', 'keys', 'cognitoLocal.private.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { pem: string }).pem;
}

const now = () => Math.floor(Date.now() / 1000);

/** Correctly signed by the user pool's key, but expired a minute ago. */
export function expiredToken(real: string): string {
  const claims = claimsOf(real);
  return signRs256(
    { ...claims, iat: now() - 7200, auth_time: now() - 7200, exp: now() - 60 },
    emulatorPrivateKey(),
    'CognitoLocal',
  );
}

/**
 * Shaped like a token of another user pool: its issuer, its client, signed with its key, which the
 * JWKS of ours does not have. It even claims the admin group.
 */
export function otherPoolToken(real: string): string {
  const claims = claimsOf(real);
  const issuer = String(claims.iss).replace(/\/[^/]+$/, '/us-east-1_OtherPool');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return signRs256(
    {
      ...claims,
      iss: issuer,
      client_id: 'other-pool-client',
      'cognito:groups': ['admin'],
      exp: now() + 3600,
    },
    privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    'other-pool-key',
  );
}

/** Our issuer and client, a valid lifetime and the admin group, signed with a key we do not have. */
export function forgedSignatureToken(real: string): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return signRs256(
    { ...claimsOf(real), 'cognito:groups': ['admin'] },
    privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    'CognitoLocal',
  );
}

/** `alg: none`: no signature at all, claiming admin. */
export function unsignedToken(real: string): string {
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claimsOf(real), 'cognito:groups': ['admin'] })}.`;
}

/** HS256 keyed with a guessable secret: the algorithm-confusion attack. */
export function hmacToken(real: string): string {
  const unsigned = `${base64url({ alg: 'HS256', typ: 'JWT', kid: 'CognitoLocal' })}.${base64url({ ...claimsOf(real), 'cognito:groups': ['admin'] })}`;
  const signature = createHmac('sha256', 'CognitoLocal').update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}

/** Signed by the pool's key, but an ID token (token_use=id), not an access token. */
export function idTokenInstead(real: string): string {
  return signRs256(
    { ...claimsOf(real), token_use: 'id', exp: now() + 3600 },
    emulatorPrivateKey(),
    'CognitoLocal',
  );
}

/** Signed by the pool's key for another app client of the pool. */
export function otherClientToken(real: string): string {
  return signRs256(
    { ...claimsOf(real), client_id: 'another-app-client', exp: now() + 3600 },
    emulatorPrivateKey(),
    'CognitoLocal',
  );
}

/** Control: the same claims re-signed by the pool's key, unexpired. Accepted, so the variants above fail only for what they change. */
export function resignedToken(real: string): string {
  return signRs256({ ...claimsOf(real), exp: now() + 3600 }, emulatorPrivateKey(), 'CognitoLocal');
}
