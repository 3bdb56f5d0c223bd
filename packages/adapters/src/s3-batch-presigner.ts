import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { formatUrl } from '@aws-sdk/core/util';
import { getEndpointFromInstructions } from '@smithy/core/endpoints';
import { SignatureV4 } from '@smithy/signature-v4';
import { batchSha256 } from './keyed-sha256.ts';

/** Keys signed between two yields to the event loop: 5-10 ms of work on a busy 2-core machine. */
const CHUNK_SIZE = 100;
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
/** Spelled as S3's presigner spells it: the hoisted query parameter keeps this case. */
const SHA256_HEADER = 'X-Amz-Content-Sha256';
/** What the SDK's serializer adds to every GetObject request, and so to its presigned URLs. */
const GET_OBJECT_QUERY = { 'x-id': 'GetObject' } as const;
/** As S3's presigner: a GET carries no Content-Type, and a player would not send the one signed. */
const UNSIGNABLE_HEADERS = new Set(['content-type']);

type EndpointV2 = Awaited<ReturnType<typeof getEndpointFromInstructions>>;
type UnsignedRequest = Parameters<SignatureV4['presign']>[0];

/** Signs GETs of many keys of one bucket with the signing key derived once. */
export interface BatchGetSigner {
  sign(keys: readonly string[], expiresInSec: number): Promise<string[]>;
}

/**
 * The URLs `getSignedUrl(client, new GetObjectCommand(...))` makes, without running the client's
 * middleware stack per key: the endpoint, credentials and region are resolved once per batch, and
 * every key is signed with the same signing date (the SigV4 signing key is derived once, and its
 * HMAC key prepared once). Undefined
 * when the bucket's endpoint signs with anything but plain SigV4 (S3 Express, multi-region access
 * points): those keep the SDK's presigner.
 */
export async function batchGetSigner(
  client: S3Client,
  bucket: string,
): Promise<BatchGetSigner | undefined> {
  // S3's endpoint rules pick host and path from the bucket; any key resolves the same endpoint.
  const endpoint = await getEndpointFromInstructions(
    { Bucket: bucket, Key: 'key' },
    GetObjectCommand,
    client.config,
  );
  const scheme = sigV4Scheme(endpoint);
  if (!scheme) return undefined;
  const signer = new SignatureV4({
    credentials: await client.config.credentials(),
    region: scheme.signingRegion ?? (await client.config.region()),
    service: scheme.signingName ?? 's3',
    sha256: batchSha256(),
    // As S3's presigner: keys are already URI-encoded once, and S3 does not encode them again.
    uriEscapePath: false,
    applyChecksum: false,
  });
  const target = requestTarget(endpoint);
  return {
    async sign(keys, expiresInSec) {
      const signingDate = new Date();
      const urls: string[] = [];
      for (let start = 0; start < keys.length; start += CHUNK_SIZE) {
        if (start > 0) await yieldToEventLoop();
        const chunk = keys.slice(start, start + CHUNK_SIZE);
        const signed = await Promise.all(
          chunk.map((key) =>
            signer.presign(target(key), {
              signingDate,
              expiresIn: expiresInSec,
              unsignableHeaders: UNSIGNABLE_HEADERS,
            }),
          ),
        );
        for (const request of signed) urls.push(formatUrl(request));
      }
      return urls;
    },
  };
}

interface SigV4Scheme {
  signingName?: string;
  signingRegion?: string;
}

function sigV4Scheme(endpoint: EndpointV2): SigV4Scheme | undefined {
  const schemes = endpoint.properties?.authSchemes as
    Array<SigV4Scheme & { name?: string }> | undefined;
  const scheme = schemes?.[0];
  if (scheme && scheme.name !== 'sigv4') return undefined;
  return scheme ?? {};
}

/** The unsigned GET of a key as the SDK serializes it: path-style or virtual-hosted per the endpoint. */
function requestTarget(endpoint: EndpointV2): (key: string) => UnsignedRequest {
  const { url } = endpoint;
  const port = url.port ? Number(url.port) : undefined;
  const host = `${url.hostname}${port === undefined ? '' : `:${port}`}`;
  const basePath = url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : url.pathname;
  return (key) => ({
    method: 'GET',
    protocol: url.protocol,
    hostname: url.hostname,
    port,
    path: `${basePath}/${encodeKey(key)}`,
    query: { ...GET_OBJECT_QUERY },
    headers: { host, [SHA256_HEADER]: UNSIGNED_PAYLOAD },
  });
}

/** S3's greedy `{Key+}` label: each segment encoded as RFC 3986 has it, the slashes kept. */
function encodeKey(key: string): string {
  return key.split('/').map(encodeSegment).join('/');
}

function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
