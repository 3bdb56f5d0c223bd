/** What the runner reports while ffmpeg works. `percent` needs a known duration. */
export interface FfmpegProgress {
  outTimeSec: number;
  percent: number | undefined;
  /** Media seconds per wall second, as ffmpeg reports it ("speed=2.5x"). */
  speed: number | undefined;
}

const TIMEMARK = /^(-)?(?:(?:(\d+):)?(\d+):)?(\d+(?:\.\d+)?)$/;

/** "HH:MM:SS.xx", "MM:SS.xx" or "SS.xx" to seconds; undefined for "N/A" or garbage. */
export function parseTimemark(timemark: string): number | undefined {
  const match = TIMEMARK.exec(timemark.trim());
  if (match === null) return undefined;
  const [, minus, hours = '0', minutes = '0', seconds = '0'] = match;
  const total = Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
  return minus === undefined ? total : -total;
}

/**
 * Reads ffmpeg's periodic stats line ("frame=.. time=00:00:01.46 bitrate=.. speed=2.91x").
 * Parsed from stderr rather than via fluent-ffmpeg's 'progress' event because that
 * event spawns an extra ffprobe per run and drops the speed field.
 */
export function parseProgressLine(
  line: string,
): { outTimeSec: number; speed: number | undefined } | undefined {
  const time = /\btime=\s*(\S+)/.exec(line)?.[1];
  const outTimeSec = time === undefined ? undefined : parseTimemark(time);
  if (outTimeSec === undefined) return undefined;
  const speed = /\bspeed=\s*(\d+(?:\.\d+)?)x/.exec(line)?.[1];
  return { outTimeSec, speed: speed === undefined ? undefined : Number(speed) };
}

export interface ProgressReporter {
  /** Forwards a sample unless it is a step backwards or comes too soon after the last one. */
  sample(outTimeSec: number, speed: number | undefined): void;
  /** The run finished: always reported, at 100 %. */
  finish(): void;
}

/** Throttles progress to one call per `minIntervalMs` with percent clamped to 0..100. */
export function createProgressReporter(
  onProgress: (p: FfmpegProgress) => void,
  /** A function when the duration may only become known while ffmpeg runs. */
  durationSec: number | undefined | (() => number | undefined),
  minIntervalMs = 250,
  now: () => number = () => performance.now(),
): ProgressReporter {
  const knownDuration = (): number | undefined => {
    const seconds = typeof durationSec === 'function' ? durationSec() : durationSec;
    return seconds !== undefined && seconds > 0 ? seconds : undefined;
  };
  let lastAt = Number.NEGATIVE_INFINITY;
  let reportedOutTime = 0;
  let latestOutTime = 0;
  let lastSpeed: number | undefined;

  const percentOf = (outTimeSec: number): number | undefined => {
    const duration = knownDuration();
    return duration === undefined
      ? undefined
      : Math.min(100, Math.max(0, (outTimeSec / duration) * 100));
  };

  return {
    sample(outTimeSec, speed) {
      lastSpeed = speed ?? lastSpeed;
      latestOutTime = Math.max(latestOutTime, outTimeSec);
      if (outTimeSec <= reportedOutTime || now() - lastAt < minIntervalMs) return;
      lastAt = now();
      reportedOutTime = outTimeSec;
      onProgress({ outTimeSec, percent: percentOf(outTimeSec), speed });
    },
    finish() {
      onProgress({ outTimeSec: knownDuration() ?? latestOutTime, percent: 100, speed: lastSpeed });
    },
  };
}
