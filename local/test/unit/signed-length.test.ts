import { PutObjectCommand, S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, describe, expect, it } from 'vitest';
import { signedLengthRefusal } from '../../src/emulators/signed-length.ts';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const ENDPOINT = 'http://127.0.0.1:4566';
const s3 = new S3Client({
  region: 'us-east-1',
  endpoint: ENDPOINT,
  forcePathStyle: true,
  credentials,
});

afterAll(() => s3.destroy());

/** A part URL as the API signs it: Content-Length and, optionally, the CRC32 header. */
async function partUrl(key: string, sizeBytes: number, checksumCRC32?: string): Promise<string> {
  const command = new UploadPartCommand({
    Bucket: 'videos',
    Key: key,
    UploadId: 'upload-1',
    PartNumber: 3,
    ContentLength: sizeBytes,
    ChecksumCRC32: checksumCRC32,
  });
  return getSignedUrl(s3, command, {
    expiresIn: 900,
    signableHeaders: new Set(['content-length']),
    unhoistableHeaders: new Set(['x-amz-checksum-crc32']),
  });
}

/** The request as the emulator's HTTP server sees it. */
function arrived(url: string, headers: Record<string, string>) {
  const target = new URL(url);
  return {
    method: 'PUT',
    url: `${target.pathname}${target.search}`,
    headers: { host: target.host, ...headers },
  };
}

describe('the local S3 checks presigned URLs that sign Content-Length', () => {
  it('accepts the length, checksum and key the URL was signed for', async () => {
    const url = await partUrl('raw/u1/v 1+(x).mp4', 5_242_880, 'AAAAAA==');
    expect(url).toMatch(/X-Amz-SignedHeaders=content-length%3Bhost%3Bx-amz-checksum-crc32/);
    const headers = { 'content-length': '5242880', 'x-amz-checksum-crc32': 'AAAAAA==' };
    expect(signedLengthRefusal(arrived(url, headers), credentials)).toBeUndefined();
  });

  it.each([
    ['a bigger part', { 'content-length': '5242881' }],
    ['a smaller part', { 'content-length': '1' }],
    ['no length at all (chunked)', {}],
  ])('refuses %s with SignatureDoesNotMatch', async (_name, headers) => {
    const url = await partUrl('raw/u1/v1.mp4', 5_242_880);
    expect(signedLengthRefusal(arrived(url, headers), credentials)?.code).toBe(
      'SignatureDoesNotMatch',
    );
  });

  it('refuses a URL whose part number or key was edited after signing', async () => {
    const url = await partUrl('raw/u1/v1.mp4', 100);
    const headers = { 'content-length': '100' };
    for (const edited of [
      url.replace('partNumber=3', 'partNumber=4'),
      url.replace('raw/u1/v1.mp4', 'raw/u2/v1.mp4'),
    ]) {
      expect(signedLengthRefusal(arrived(edited, headers), credentials)?.code).toBe(
        'SignatureDoesNotMatch',
      );
    }
  });

  it('refuses a URL signed with other keys', async () => {
    const url = await partUrl('raw/u1/v1.mp4', 100);
    const request = arrived(url, { 'content-length': '100' });
    expect(signedLengthRefusal(request, { accessKeyId: 'local', secretAccessKey: 'x' })?.code).toBe(
      'SignatureDoesNotMatch',
    );
    expect(
      signedLengthRefusal(request, { accessKeyId: 'other', secretAccessKey: 'local' })?.code,
    ).toBe('InvalidAccessKeyId');
  });

  it('checks the single-PUT upload URL the same way (type and length signed)', async () => {
    const command = new PutObjectCommand({
      Bucket: 'videos',
      Key: 'raw/u1/v1.mp4',
      ContentType: 'video/mp4',
      ContentLength: 2048,
    });
    const url = await getSignedUrl(s3, command, {
      expiresIn: 900,
      signableHeaders: new Set(['content-type', 'content-length']),
    });
    const good = { 'content-type': 'video/mp4', 'content-length': '2048' };
    expect(signedLengthRefusal(arrived(url, good), credentials)).toBeUndefined();
    expect(
      signedLengthRefusal(arrived(url, { ...good, 'content-length': '4096' }), credentials)?.code,
    ).toBe('SignatureDoesNotMatch');
  });

  it('leaves alone requests that do not sign Content-Length (fauxqs answers them as before)', async () => {
    const url = await getSignedUrl(
      s3,
      new UploadPartCommand({ Bucket: 'videos', Key: 'k', UploadId: 'u', PartNumber: 1 }),
      { expiresIn: 900 },
    );
    expect(
      signedLengthRefusal(arrived(url, { 'content-length': '9' }), credentials),
    ).toBeUndefined();
    expect(signedLengthRefusal(arrived(`${ENDPOINT}/videos/k`, {}), credentials)).toBeUndefined();
  });
});
