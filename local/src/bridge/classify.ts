import type { S3ResponseFacts } from '../emulators/s3-response.ts';

export type ObjectCreatedEventName =
  'ObjectCreated:Put' | 'ObjectCreated:Copy' | 'ObjectCreated:CompleteMultipartUpload';

/**
 * Query parameters that do not change which operation a request is: the SDK's `x-id` and the
 * `X-Amz-*` parameters of presigned URLs. Anything else on a PUT (`partNumber`, `tagging`, `acl`, …)
 * makes it an operation that S3 does not report as ObjectCreated.
 */
function isNeutralQueryName(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === 'x-id' || lower.startsWith('x-amz-');
}

/** Which ObjectCreated event S3 would emit for this answered request, if any. */
export function classifyObjectCreation(facts: S3ResponseFacts): ObjectCreatedEventName | undefined {
  if (facts.statusCode !== 200) return undefined;
  const operationParams = facts.queryNames.filter((name) => !isNeutralQueryName(name));
  if (facts.method === 'PUT' && operationParams.length === 0) {
    return facts.copySource ? 'ObjectCreated:Copy' : 'ObjectCreated:Put';
  }
  if (
    facts.method === 'POST' &&
    operationParams.includes('uploadId') &&
    !operationParams.includes('uploads')
  ) {
    return 'ObjectCreated:CompleteMultipartUpload';
  }
  return undefined;
}
