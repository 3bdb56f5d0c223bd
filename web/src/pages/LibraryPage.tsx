import { Link } from 'wouter';
import { listVideos } from '../api/videos.ts';
import type { Video } from '../api/types.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { formatDuration } from '../components/format.ts';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { usePolling } from '../components/use-polling.ts';
import { VideoProgress } from '../components/VideoProgress.tsx';
import { awaitsPoster } from '../components/poster.ts';

const isWorking = (video: Video) => video.status === 'UPLOADED' || video.status === 'PROCESSING';

export default function LibraryPage() {
  const { data, error } = usePolling(
    () => listVideos(),
    (page) =>
      page.items.some((v) => isWorking(v) || v.status === 'PENDING_UPLOAD' || awaitsPoster(v)),
    1500,
    [],
  );
  return (
    <section>
      <h1>Your videos</h1>
      <ErrorMessage error={error} />
      {data && data.items.length === 0 && (
        <p>
          No videos yet. <Link href="/upload">Upload one</Link>.
        </p>
      )}
      <ul className="video-grid" aria-label="Videos">
        {data?.items.map((video) => (
          <VideoCard key={video.videoId} video={video} />
        ))}
      </ul>
    </section>
  );
}

function VideoCard({ video }: { video: Video }) {
  return (
    <li className="video-card">
      <Link href={`/videos/${video.videoId}`} className="card-link">
        {video.posterUrl ? (
          <img src={video.posterUrl} alt="" width={320} height={180} loading="lazy" />
        ) : (
          <div className="poster-placeholder" aria-hidden="true" />
        )}
        <span className="card-title">{video.title}</span>
      </Link>
      <div className="card-meta">
        <StatusBadge status={video.status} />
        <span aria-label="Duration">{formatDuration(video.durationSec)}</span>
      </div>
      {isWorking(video) && <VideoProgress video={video} />}
    </li>
  );
}
