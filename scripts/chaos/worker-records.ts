/** A rendition job as the worker's log lines name it. */
export interface JobRef {
  videoId: string;
  quality: string;
}

export interface StartedRecord extends JobRef {
  pid: number;
  at: number;
}

export interface FinishedRecord extends StartedRecord {
  outcome: string;
}

/**
 * Reads the workers' own JSON log lines ('job started', 'job finished'): which jobs each worker
 * process is running right now, and every completed transcode, for the "done twice" count.
 */
export class WorkerRecords {
  /** Every attempt the workers started (retries and re-deliveries included). */
  readonly started: StartedRecord[] = [];
  readonly finished: FinishedRecord[] = [];
  readonly #running = new Map<number, Map<string, JobRef>>();
  readonly #gone = new Set<number>();
  /** One stdout line of the worker process `pid` (its log lines carry no pid of their own). */
  ingest(line: string, pid: number): void {
    if (!line.includes('"job started"') && !line.includes('"job finished"')) return;
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    const { videoId, quality } = entry;
    if (typeof videoId !== 'string' || typeof quality !== 'string') return;
    const key = `${videoId}/${quality}`;
    const at = Date.parse(String(entry.time));
    if (entry.msg === 'job started') {
      this.started.push({ pid, videoId, quality, at });
      // A line still in the pipe when its process was killed must not make it look busy again.
      if (this.#gone.has(pid)) return;
      const jobs = this.#running.get(pid) ?? new Map<string, JobRef>();
      this.#running.set(pid, jobs);
      jobs.set(key, { videoId, quality });
    } else if (entry.msg === 'job finished') {
      this.#running.get(pid)?.delete(key);
      const outcome = (entry.outcome as { kind?: unknown } | undefined)?.kind;
      this.finished.push({
        pid,
        videoId,
        quality,
        at,
        outcome: typeof outcome === 'string' ? outcome : 'unknown',
      });
    }
  }

  /** The jobs `pid` has started and not finished. */
  runningOn(pid: number): JobRef[] {
    return [...(this.#running.get(pid)?.values() ?? [])];
  }

  /** A killed process finishes nothing: forget what it was running. */
  forget(pid: number): void {
    this.#running.delete(pid);
    this.#gone.add(pid);
  }

  /** Renditions whose transcode completed ('done') more than once. */
  doneTwice(): JobRef[] {
    const counts = new Map<string, { ref: JobRef; n: number }>();
    for (const record of this.finished) {
      if (record.outcome !== 'done') continue;
      const key = `${record.videoId}/${record.quality}`;
      const entry = counts.get(key) ?? {
        ref: { videoId: record.videoId, quality: record.quality },
        n: 0,
      };
      entry.n++;
      counts.set(key, entry);
    }
    return [...counts.values()].filter((c) => c.n > 1).map((c) => c.ref);
  }
}
