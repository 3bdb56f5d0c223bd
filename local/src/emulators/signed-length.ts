import type { buildApp } from 'fauxqs';
import {
  presignedQueryOf,
  verifyPresigned,
  type ArrivedRequest,
  type SigningCredentials,
} from './presigned-signature.ts';
import { errorXml } from './s3-xml.ts';

export interface SignatureRefusal {
  code: 'SignatureDoesNotMatch' | 'InvalidAccessKeyId';
  message: string;
}

/**
 * The refusal S3 gives a presigned request that signs Content-Length (the API's upload and part
 * URLs do) but does not match its signature: another length, another key, a changed query.
 * Undefined for every other request.
 */
export function signedLengthRefusal(
  request: ArrivedRequest,
  credentials: SigningCredentials,
): SignatureRefusal | undefined {
  const presigned = presignedQueryOf(request.url);
  if (!presigned?.signedHeaders.includes('content-length')) return undefined;
  switch (verifyPresigned(request, presigned, credentials)) {
    case 'valid':
      return undefined;
    case 'unknown-access-key':
      return {
        code: 'InvalidAccessKeyId',
        message: 'The AWS Access Key Id you provided does not exist in our records.',
      };
    case 'mismatch':
      return {
        code: 'SignatureDoesNotMatch',
        message:
          'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      };
  }
}

/**
 * fauxqs checks no signature at all, so a client could PUT any number of bytes to a URL signed for
 * a given Content-Length. S3 would refuse it (403): so does the local stack, for presigned requests
 * that sign Content-Length. Other requests stay unchecked, as fauxqs has them.
 */
export function addSignedLengthCheck(
  app: ReturnType<typeof buildApp>,
  credentials: SigningCredentials,
): void {
  app.addHook('preHandler', async (request, reply) => {
    const refusal = signedLengthRefusal(request, credentials);
    if (!refusal) return;
    return reply
      .code(403)
      .header('content-type', 'application/xml')
      .send(errorXml(refusal.code, refusal.message));
  });
}
