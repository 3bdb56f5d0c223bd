/**
 * Every job ends in exactly one of these, and each is counted and logged.
 * - done: output uploaded, rendition READY, message deleted
 * - skipped: nothing to do (already done, rung above the source, video deleted), message deleted
 * - retry: failed this time; the message returns to the queue for another receive
 * - failed: failed for good; the rendition is FAILED with the reason
 * - returned: the worker is shutting down; the message goes back at once for another worker
 */
export type JobOutcome =
  | { kind: 'done'; sizeBytes: number; mediaSeconds: number; phases: Record<string, number> }
  | { kind: 'skipped'; reason: string }
  | { kind: 'retry'; reason: string }
  | { kind: 'failed'; reason: string }
  | { kind: 'returned' };

export type OutcomeKind = JobOutcome['kind'];
