export interface QualityLevel {
  index: number;
  height: number;
}

export interface PlayerHandle {
  setLevel(index: number): void;
}

/**
 * Plays an HLS master playlist in a <video> until `signal` aborts. hls.js (loaded only here, by
 * dynamic import) wherever Media Source Extensions exist, since it lets viewers pick a quality;
 * the browser's own HLS otherwise (iOS Safari has no MSE but plays HLS natively).
 */
export async function attachHls(
  video: HTMLVideoElement,
  url: string,
  onLevels: (levels: QualityLevel[]) => void,
  signal: AbortSignal,
): Promise<PlayerHandle | undefined> {
  const hasMse = typeof window.MediaSource !== 'undefined';
  if (!hasMse && video.canPlayType('application/vnd.apple.mpegurl')) {
    video.src = url;
    signal.addEventListener('abort', () => video.removeAttribute('src'), { once: true });
    return { setLevel: () => undefined };
  }
  const { default: Hls } = await import('hls.js');
  // An element is never shared: a player torn down while hls.js loaded never attaches.
  if (signal.aborted) return undefined;
  const hls = new Hls();
  signal.addEventListener('abort', () => hls.destroy(), { once: true });
  hls.on(Hls.Events.MANIFEST_PARSED, (_event, data) => {
    onLevels(data.levels.map((level, index) => ({ index, height: level.height })));
  });
  hls.loadSource(url);
  hls.attachMedia(video);
  return {
    setLevel: (index) => {
      hls.currentLevel = index;
    },
  };
}
