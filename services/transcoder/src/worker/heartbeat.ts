/**
 * Keeps an SQS message invisible while work runs: every `everySeconds` it pushes the visibility
 * out to `visibilitySeconds` again. Failures are reported, never thrown (the job goes on; at worst
 * another worker picks the message up after the visibility runs out).
 */
export function startHeartbeat(opts: {
  everySeconds: number;
  visibilitySeconds: number;
  extend: (seconds: number) => Promise<void>;
  onError: (error: unknown) => void;
}): () => void {
  const timer = setInterval(() => {
    opts.extend(opts.visibilitySeconds).catch(opts.onError);
  }, opts.everySeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
