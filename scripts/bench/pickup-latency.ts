/**
 * (d) Enqueue -> warm worker start: a worker idles in its long poll; each job is sent and the time
 * until the worker took it (its finish time minus its run time) is measured. The jobs name a
 * video that does not exist, so they end at once and only the pick-up is timed.
 */
import { randomUUID } from 'node:crypto';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { newJobMessage } from '@videoforge/core';
import { pollUntil } from '@videoforge/testkit';
import type { Pipeline } from '@videoforge/local/pipeline';
import type { FinishedJob } from './log-collector.ts';
import { percentile, type BenchRow } from './stats.ts';

export async function benchPickupLatency(
  pipeline: Pipeline,
  finished: FinishedJob[],
  count: number,
): Promise<BenchRow> {
  const env = pipeline.stack.env;
  const sqs = new SQSClient({
    region: env.AWS_REGION,
    endpoint: env.AWS_ENDPOINT_URL_SQS,
    useQueueUrlAsEndpoint: false,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const latencies: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const videoId = randomUUID();
      const job = newJobMessage({
        jobId: randomUUID(),
        video: { videoId, userId: 'bench', sourceKey: `raw/bench/${videoId}.mp4` },
        target: '360p',
        bucket: env.S3_BUCKET as string,
        now: new Date().toISOString(),
      });
      // Let the worker settle back into its long poll, as a warm idle worker would be.
      await new Promise((r) => setTimeout(r, 100));
      const sentAt = Date.now();
      const { MessageId } = await sqs.send(
        new SendMessageCommand({
          QueueUrl: env.SQS_JOBS_QUEUE_URL,
          MessageBody: JSON.stringify(job),
        }),
      );
      const done = await pollUntil(
        async () => finished.find((f) => f.messageId === MessageId),
        (f) => f !== undefined,
        { timeoutMs: 30_000, intervalMs: 5 },
      );
      latencies.push((done as FinishedJob).at - (done as FinishedJob).wallSeconds * 1000 - sentAt);
    }
  } finally {
    sqs.destroy();
  }
  return {
    measure: `(d) enqueue -> warm worker start (${count} jobs)`,
    result: `p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms`,
    goal: '< 1 s',
    detail: `max ${Math.max(...latencies).toFixed(0)} ms; SQS long poll, 20 s wait`,
  };
}
