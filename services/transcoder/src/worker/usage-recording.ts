import {
  parseJobMessage,
  usageDay,
  type ReceivedMessage,
  type UsageLedger,
} from '@videoforge/core';
import type { Logger } from '@videoforge/platform';
import type { JobContext } from './job-handler.ts';
import type { JobOutcome } from './outcome.ts';

export type JobHandle = (message: ReceivedMessage, ctx: JobContext) => Promise<JobOutcome>;

export interface UsageRecordingDeps {
  usage: Pick<UsageLedger, 'addTranscodeSeconds'>;
  logger: Logger;
  clock?: () => Date;
}

/**
 * Counts each finished job's media seconds against its owner's transcode minutes for the day
 * (the API refuses new work once they are used up). Only `done` counts: a skipped job did no work,
 * and failures are bounded by the retry cap instead. A failure to record is logged and the
 * outcome kept: the output exists, and failing the job would only make it run again.
 */
export function withUsageRecording(handle: JobHandle, deps: UsageRecordingDeps): JobHandle {
  return async (message, ctx) => {
    const outcome = await handle(message, ctx);
    if (outcome.kind === 'done' && outcome.mediaSeconds > 0) {
      await record(message, outcome.mediaSeconds, deps);
    }
    return outcome;
  };
}

async function record(
  message: ReceivedMessage,
  seconds: number,
  deps: UsageRecordingDeps,
): Promise<void> {
  const parsed = parseJobMessage(message.body);
  if (!parsed.ok) return;
  const { userId, videoId, quality } = parsed.job;
  const day = usageDay(deps.clock?.() ?? new Date());
  try {
    await deps.usage.addTranscodeSeconds(userId, day, seconds);
  } catch (error) {
    deps.logger.warn(
      { err: error, userId, videoId, quality, seconds },
      'could not record transcode minutes; the job itself is done',
    );
  }
}
