import { useState } from 'react';
import { useLocation } from 'wouter';
import { deleteVideo, getVideo } from '../api/videos.ts';
import type { Video } from '../api/types.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { formatBytes, formatDuration } from '../components/format.ts';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { useAction } from '../components/use-action.ts';
import { usePolling } from '../components/use-polling.ts';
import { VideoProgress } from '../components/VideoProgress.tsx';
import { awaitsPoster } from '../components/poster.ts';
import { HlsPlayer } from '../player/HlsPlayer.tsx';
import { RenameForm } from './video/RenameForm.tsx';
import { RenditionTable } from './video/RenditionTable.tsx';

const isSettled = (video: Video) =>
  (video.status === 'READY' || video.status === 'FAILED') &&
  Object.values(video.renditions).every((r) => !['QUEUED', 'PROCESSING'].includes(r.status));

export default function VideoPage({ id }: { id: string }) {
  const {
    data: video,
    error,
    reload,
  } = usePolling(
    () => getVideo(id),
    (v) => !isSettled(v) || awaitsPoster(v),
    1000,
    [id],
  );
  if (!video) {
    return (
      <section>
        <h1>Video</h1>
        {error ? <ErrorMessage error={error} /> : <p role="status">Loading…</p>}
      </section>
    );
  }
  const hlsReady = video.renditions.hls?.status === 'READY';
  return (
    <section>
      <h1>{video.title}</h1>
      <p className="video-summary">
        <StatusBadge status={video.status} /> {formatDuration(video.durationSec)}
        {video.width && video.height && ` · ${video.width}×${video.height}`} ·{' '}
        {formatBytes(video.sizeBytes)}
      </p>
      {video.failure && (
        <p role="alert" className="error">
          Processing failed: {video.failure.message} ({video.failure.code})
        </p>
      )}
      <VideoProgress video={video} />
      {hlsReady ? (
        <HlsPlayer videoId={video.videoId} title={video.title} posterUrl={video.posterUrl} />
      ) : (
        video.posterUrl && (
          <img src={video.posterUrl} alt={`Poster of ${video.title}`} width={640} />
        )
      )}
      <RenditionTable video={video} onChange={reload} />
      <RenameForm video={video} onRenamed={reload} />
      <DeleteVideo video={video} />
    </section>
  );
}

function DeleteVideo({ video }: { video: Video }) {
  const [, navigate] = useLocation();
  const [asking, setAsking] = useState(false);
  const { run, error } = useAction(async () => {
    await deleteVideo(video.videoId);
    navigate('/');
  });
  return (
    <div className="danger-zone">
      <h2>Delete</h2>
      <button type="button" className="danger" onClick={() => setAsking(true)}>
        Delete video
      </button>
      <ErrorMessage error={error} />
      <ConfirmDialog
        open={asking}
        title="Delete this video?"
        message={`“${video.title}” and all its renditions will be removed for good.`}
        confirmLabel="Delete"
        onCancel={() => setAsking(false)}
        onConfirm={() => {
          setAsking(false);
          void run();
        }}
      />
    </div>
  );
}
