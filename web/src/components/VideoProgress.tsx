import type { Video } from '../api/types.ts';
import { formatDuration } from './format.ts';

/** Live progress of a video's work: percent, ETA, or its place in the queue. */
export function VideoProgress({ video }: { video: Video }) {
  const { progress, queuePosition } = video;
  if (!progress) return null;
  const details = [
    progress.waitingForRetry ? 'waiting for a retry' : undefined,
    progress.etaSeconds !== undefined
      ? `about ${formatDuration(progress.etaSeconds)} left`
      : undefined,
    queuePosition !== undefined ? `${queuePosition} job(s) ahead in the queue` : undefined,
  ].filter(Boolean);
  return (
    <div className="video-progress">
      <progress max={100} value={progress.percent} aria-label={`Processing ${video.title}`}>
        {progress.percent}%
      </progress>
      <span>
        {progress.percent}%{details.length > 0 && ` · ${details.join(' · ')}`}
      </span>
    </div>
  );
}
