import { useState } from 'react';
import { adminVideos } from '../api/admin.ts';
import type { VideoStatus } from '../api/types.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { formatDate } from '../components/format.ts';
import { usePolling } from '../components/use-polling.ts';

const STATUSES: VideoStatus[] = ['PROCESSING', 'UPLOADED', 'PENDING_UPLOAD', 'READY', 'FAILED'];

export function VideosByStatusPanel() {
  const [status, setStatus] = useState<VideoStatus>('FAILED');
  const { data, error } = usePolling(
    () => adminVideos(status),
    () => false,
    0,
    [status],
  );
  return (
    <section aria-labelledby="videos-title">
      <h2 id="videos-title">Videos by status</h2>
      <div className="field inline">
        <label htmlFor="status-filter">Status</label>
        <select
          id="status-filter"
          value={status}
          onChange={(e) => setStatus(e.target.value as VideoStatus)}
        >
          {STATUSES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </div>
      <ErrorMessage error={error} />
      <table>
        <thead>
          <tr>
            <th scope="col">Title</th>
            <th scope="col">Owner</th>
            <th scope="col">Created</th>
            <th scope="col">Failure</th>
          </tr>
        </thead>
        <tbody>
          {data?.items.map((video) => (
            <tr key={video.videoId}>
              <td>{video.title}</td>
              <td>{video.userId}</td>
              <td>{formatDate(video.createdAt)}</td>
              <td>{video.failure?.code ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
