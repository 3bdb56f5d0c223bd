import type { buildApp } from 'fauxqs';
import { multipartUploadsOf, type FauxqsStores, type StoredUpload } from './fauxqs-stores.ts';
import { errorXml, escapeXml } from './s3-xml.ts';

/**
 * fauxqs 2.4 has no ListParts, which resumable uploads rely on (which parts did S3 get?). Answer it
 * from fauxqs's own multipart state, in S3's XML, before fauxqs routes the GET as a GetObject.
 */
export function addListParts(app: ReturnType<typeof buildApp>, stores: FauxqsStores): void {
  const uploads = multipartUploadsOf(stores);
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET') return;
    const query = new URL(request.url, 'http://local').searchParams;
    const uploadId = query.get('uploadId');
    if (!uploadId || query.has('partNumber')) return;
    const upload = uploads.get(uploadId);
    reply.header('content-type', 'application/xml');
    if (!upload) {
      return reply
        .code(404)
        .send(errorXml('NoSuchUpload', 'The specified multipart upload does not exist.'));
    }
    return reply.code(200).send(listPartsXml(uploadId, upload));
  });
}

export function listPartsXml(uploadId: string, upload: StoredUpload): string {
  const parts = [...upload.parts.values()].sort((a, b) => a.partNumber - b.partNumber);
  const last = parts.at(-1)?.partNumber ?? 0;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
    `<Bucket>${escapeXml(upload.bucket)}</Bucket><Key>${escapeXml(upload.key)}</Key><UploadId>${escapeXml(uploadId)}</UploadId>`,
    `<PartNumberMarker>0</PartNumberMarker><NextPartNumberMarker>${last}</NextPartNumberMarker>`,
    '<MaxParts>10000</MaxParts><IsTruncated>false</IsTruncated>',
    ...parts.map(
      (p) =>
        `<Part><PartNumber>${p.partNumber}</PartNumber><LastModified>${p.lastModified.toISOString()}</LastModified>` +
        `<ETag>${escapeXml(p.etag)}</ETag><Size>${p.body.length}</Size>` +
        checksumXml(upload.checksumAlgorithm, p.checksumValue) +
        '</Part>',
    ),
    '</ListPartsResult>',
  ].join('');
}

/** Like S3, a part's checksum is listed only for an upload created with a checksum algorithm. */
function checksumXml(algorithm: string | undefined, value: string | undefined): string {
  if (!algorithm || !value) return '';
  const tag = `Checksum${algorithm}`;
  return `<${tag}>${escapeXml(value)}</${tag}>`;
}
