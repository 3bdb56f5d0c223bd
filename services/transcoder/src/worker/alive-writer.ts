/**
 * Writes a sign of life on the rendition every `everySeconds` while a job runs, whatever the
 * job is doing (probing, a long stretch of ffmpeg at one percent, uploading): readers then tell a
 * running rendition from one whose worker was lost. Failures are reported, never thrown.
 */
export function startAliveWrites(opts: {
  everySeconds: number;
  write: () => Promise<unknown>;
  onError: (error: unknown) => void;
}): () => void {
  let writing = false;
  const timer = setInterval(() => {
    if (writing) return; // a slow write must not pile up behind itself
    writing = true;
    opts
      .write()
      .catch(opts.onError)
      .finally(() => (writing = false));
  }, opts.everySeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
