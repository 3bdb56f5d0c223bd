/**
 * The one definition of the jobs queue and its dead-letter queue (the SPEC's numbers). The
 * CloudFormation template, the local provisioning and the transcoder's default for the final
 * attempt all read these, so they cannot disagree.
 */
export const JOBS_QUEUE = {
  /** The queue's default; the transcoder leases for less and renews while a job shows life. */
  visibilityTimeoutSeconds: 600,
  receiveWaitSeconds: 20,
  /** Receives before SQS moves a message to the DLQ; the worker's last attempt is this one. */
  maxReceiveCount: 3,
} as const;

export const DEAD_LETTER_QUEUE = {
  /** 14 days, SQS's maximum: time to inspect and redrive. */
  retentionSeconds: 1_209_600,
} as const;

/** The jobs queue's attributes as the SQS API takes them (strings), given the DLQ's ARN. */
export function jobsQueueAttributes(deadLetterTargetArn: string): Record<string, string> {
  return {
    VisibilityTimeout: String(JOBS_QUEUE.visibilityTimeoutSeconds),
    ReceiveMessageWaitTimeSeconds: String(JOBS_QUEUE.receiveWaitSeconds),
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn,
      maxReceiveCount: String(JOBS_QUEUE.maxReceiveCount),
    }),
  };
}

export function deadLetterQueueAttributes(): Record<string, string> {
  return { MessageRetentionPeriod: String(DEAD_LETTER_QUEUE.retentionSeconds) };
}
