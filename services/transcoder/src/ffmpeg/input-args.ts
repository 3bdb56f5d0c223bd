const RECONNECT = ['-reconnect', '1', '-reconnect_delay_max', '10'];

/**
 * Options placed before `-i` for a source read over the network (a presigned S3 URL). A dropped
 * connection resumes at the byte ffmpeg had reached instead of ending the decode early, and over
 * HTTPS the server's certificate is checked against the system's CAs (ffmpeg does not by default).
 */
export function buildNetworkInputOptions(input: string): string[] {
  if (input.startsWith('https://')) return [...RECONNECT, '-tls_verify', '1'];
  if (input.startsWith('http://')) return [...RECONNECT];
  return [];
}
