import { useState } from 'react';
import { playbackUrl, requestRendition } from '../../api/videos.ts';
import {
  JOB_TARGETS,
  QUALITIES,
  type JobTarget,
  type Quality,
  type Video,
} from '../../api/types.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { formatBytes } from '../../components/format.ts';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useAction } from '../../components/use-action.ts';

export function RenditionTable({ video, onChange }: { video: Video; onChange(): void }) {
  const entries = JOB_TARGETS.flatMap((target) => {
    const rendition = video.renditions[target];
    return rendition ? [[target, rendition] as const] : [];
  });
  const download = useAction(async (quality: Quality) => {
    const { url } = await playbackUrl(video.videoId, quality);
    window.location.assign(url);
  });
  return (
    <div>
      <h2>Renditions</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Quality</th>
            <th scope="col">Status</th>
            <th scope="col">Size</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {entries.map(([target, rendition]) => (
            <tr key={target}>
              <th scope="row">{target === 'hls' ? 'HLS ladder' : target}</th>
              <td>
                <StatusBadge status={rendition.status} />
              </td>
              <td>{rendition.sizeBytes ? formatBytes(rendition.sizeBytes) : '–'}</td>
              <td>
                {rendition.error && `${rendition.error.message} (${rendition.error.code})`}
                {rendition.skipReason}
                {rendition.status === 'PROCESSING' && `${rendition.progress ?? 0}%`}
                {rendition.status === 'READY' && target !== 'hls' && (
                  <button type="button" onClick={() => void download.run(target)}>
                    Download {target} MP4
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorMessage error={download.error} />
      <RequestRendition video={video} onRequested={onChange} />
    </div>
  );
}

function RequestRendition({ video, onRequested }: { video: Video; onRequested(): void }) {
  const choices = [...QUALITIES, 'hls' as const].filter(
    (q) => !['READY', 'QUEUED', 'PROCESSING'].includes(video.renditions[q]?.status ?? ''),
  );
  const [quality, setQuality] = useState<JobTarget | ''>('');
  const { run, pending, error } = useAction(async (target: JobTarget) => {
    await requestRendition(video.videoId, target);
    onRequested();
  });
  if (choices.length === 0) return null;
  const selected = quality || choices[0];
  return (
    <div className="inline-form">
      <div className="field inline">
        <label htmlFor="new-rendition">Another rendition</label>
        <select
          id="new-rendition"
          value={selected}
          onChange={(e) => setQuality(e.target.value as JobTarget)}
        >
          {choices.map((q) => (
            <option key={q} value={q}>
              {q}
            </option>
          ))}
        </select>
      </div>
      <button
        type="button"
        disabled={pending || !selected}
        onClick={() => selected && void run(selected)}
      >
        Request rendition
      </button>
      <ErrorMessage error={error} />
    </div>
  );
}
