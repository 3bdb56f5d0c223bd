import { NotFoundError, type ObjectStore } from '@videoforge/core';
import type { SourceAccess, SourceHandle } from '../worker/source-access.ts';

/**
 * Long enough for any job. With temporary credentials (IRSA) a URL dies with them, often after an
 * hour; ffmpeg only makes a new request when it seeks or reconnects, and if that one is refused
 * the attempt fails and SQS retries it with a fresh URL.
 */
const SOURCE_URL_TTL_SECONDS = 6 * 3600;

/**
 * ffmpeg reads each source straight from S3 over a presigned GET as it decodes (Range requests
 * for seeks): no copy on local disk before the first frame, and not one byte through Node.
 */
export function createPresignedSources(objects: ObjectStore): SourceAccess {
  return {
    async open(key: string): Promise<SourceHandle> {
      const info = await objects.head(key);
      if (info === undefined) throw new NotFoundError(`source ${key} is missing`);
      return {
        sizeBytes: info.sizeBytes,
        url: async () =>
          (await objects.presignGet(key, { expiresInSec: SOURCE_URL_TTL_SECONDS })).url,
      };
    },
  };
}
