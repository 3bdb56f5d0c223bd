import { useEffect, useRef, useState } from 'react';
import { playbackUrl } from '../api/videos.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { attachHls, type QualityLevel, type PlayerHandle } from './attach-hls.ts';

interface HlsPlayerProps {
  videoId: string;
  title: string;
  posterUrl?: string;
}

const AUTO = -1;

export function HlsPlayer({ videoId, title, posterUrl }: HlsPlayerProps) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const handleRef = useRef<PlayerHandle | undefined>(undefined);
  const [levels, setLevels] = useState<QualityLevel[]>([]);
  const [level, setLevel] = useState(AUTO);
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    const element = videoRef.current;
    if (!element) return;
    const controller = new AbortController();
    const { signal } = controller;
    void (async () => {
      try {
        const { url } = await playbackUrl(videoId, 'hls');
        if (signal.aborted) return;
        handleRef.current = await attachHls(element, url, setLevels, signal);
      } catch (caught) {
        if (!signal.aborted) setError(caught);
      }
    })();
    return () => {
      controller.abort();
      handleRef.current = undefined;
    };
  }, [videoId]);

  const chooseLevel = (value: number) => {
    setLevel(value);
    handleRef.current?.setLevel(value);
  };

  return (
    <div className="player">
      <video
        ref={videoRef}
        controls
        playsInline
        poster={posterUrl}
        aria-label={`Player: ${title}`}
        data-testid="player"
      />
      <ErrorMessage error={error} />
      {levels.length > 0 && (
        <div className="field inline">
          <label htmlFor="quality">Quality</label>
          <select id="quality" value={level} onChange={(e) => chooseLevel(Number(e.target.value))}>
            <option value={AUTO}>Auto</option>
            {levels.map((l) => (
              <option key={l.index} value={l.index}>
                {l.height}p
              </option>
            ))}
          </select>
        </div>
      )}
    </div>
  );
}
