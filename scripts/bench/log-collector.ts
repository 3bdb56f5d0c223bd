import { Writable } from 'node:stream';

export interface FinishedJob {
  at: number;
  messageId: string;
  wallSeconds: number;
  outcome: { kind: string; phases?: Record<string, number> };
}

/** A log destination that keeps the worker's "job finished" lines for the benchmarks. */
export function collectFinishedJobs(into: FinishedJob[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.includes('"job finished"')) continue;
        const entry = JSON.parse(line) as {
          time: string;
          messageId: string;
          wallSeconds: number;
          outcome: FinishedJob['outcome'];
        };
        into.push({
          at: Date.parse(entry.time),
          messageId: entry.messageId,
          wallSeconds: entry.wallSeconds,
          outcome: entry.outcome,
        });
      }
      done();
    },
  });
}
