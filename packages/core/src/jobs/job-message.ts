import { z } from 'zod';
import { JOB_TARGETS } from '../domain/qualities.ts';
import { isSafeId, parseRawKey } from '../domain/keys.ts';
import { jobTargetSpec, type JobTargetSpec } from './job-target.ts';

/**
 * The SQS job body, shared by every producer (API, Lambda) and the consumer (transcoder).
 * Bump `version` and add a new schema to the union when the shape changes.
 */
export const jobMessageV1 = z
  .object({
    version: z.literal(1),
    jobId: z.string().min(1).max(128),
    videoId: z.string().refine(isSafeId, 'must be a safe id'),
    userId: z.string().refine(isSafeId, 'must be a safe id'),
    bucket: z.string().min(3).max(63),
    key: z.string().refine((key) => parseRawKey(key) !== undefined, 'must be a raw/ upload key'),
    quality: z.enum(JOB_TARGETS),
    requestedAt: z.iso.datetime(),
  })
  .refine((job) => parseRawKey(job.key)?.videoId === job.videoId, {
    message: 'key does not belong to videoId',
    path: ['key'],
  })
  .refine((job) => parseRawKey(job.key)?.userId === job.userId, {
    message: 'key does not belong to userId',
    path: ['key'],
  });

export type JobMessage = z.infer<typeof jobMessageV1>;

export type JobParseResult =
  | { ok: true; job: JobMessage; target: JobTargetSpec }
  | { ok: false; reason: string; ids: { videoId?: string; userId?: string; quality?: string } };

/** Parses an SQS body; a malformed one yields a reason (and whatever ids could be read) instead of throwing. */
export function parseJobMessage(body: string): JobParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'job body is not JSON', ids: {} };
  }
  const parsed = jobMessageV1.safeParse(raw);
  if (parsed.success)
    return { ok: true, job: parsed.data, target: jobTargetSpec(parsed.data.quality) };
  const issue = parsed.error.issues[0];
  const where = issue?.path.join('.') || 'body';
  return {
    ok: false,
    reason: `invalid job message: ${where}: ${issue?.message}`,
    ids: salvageIds(raw),
  };
}

function salvageIds(raw: unknown): { videoId?: string; userId?: string; quality?: string } {
  if (typeof raw !== 'object' || raw === null) return {};
  const record = raw as Record<string, unknown>;
  const pick = (name: string) => {
    const value = record[name];
    return typeof value === 'string' && isSafeId(value) ? value : undefined;
  };
  return { videoId: pick('videoId'), userId: pick('userId'), quality: pick('quality') };
}

/** The job for one target of an uploaded video; producers differ only in where the call comes from. */
export function newJobMessage(args: {
  jobId: string;
  video: { videoId: string; userId: string; sourceKey: string };
  target: JobMessage['quality'];
  bucket: string;
  now: string;
}): JobMessage {
  return {
    version: 1,
    jobId: args.jobId,
    videoId: args.video.videoId,
    userId: args.video.userId,
    bucket: args.bucket,
    key: args.video.sourceKey,
    quality: args.target,
    requestedAt: args.now,
  };
}
