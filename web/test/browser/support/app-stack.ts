import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startWebGateway, type WebGateway } from '@videoforge/local';
import { startPipeline, type Pipeline } from '@videoforge/local/pipeline';
import { LogCapture } from './logs.ts';

export const WEB_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const MiB = 1024 * 1024;

export interface AppStack {
  pipeline: Pipeline;
  gateway: WebGateway;
  logs: LogCapture;
  stop(): Promise<void>;
}

/**
 * `vite build` of the web app, as `npm start` serves it, into a directory of the test's own (so
 * a build of web/dist running meanwhile cannot pull files from under the browser).
 */
export async function buildWebApp(outDir: string): Promise<void> {
  // Its own process: vitest's NODE_ENV=test would give React's development JSX transform.
  const args = ['run', 'build', '-w', 'web', '--', '--outDir', outDir, '--emptyOutDir'];
  await promisify(execFile)('npm', [...args, '--logLevel', 'warn'], {
    cwd: join(WEB_ROOT, '..'),
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

/**
 * The platform (emulators, api, admin, one worker) behind one origin that serves the built app.
 * Multipart starts at S3's smallest part (5 MiB), so a test file of a few MiB has several parts.
 */
export async function startAppStack(webRoot: string): Promise<AppStack> {
  const logs = new LogCapture();
  const pipeline = await startPipeline({
    logger: logs.logger,
    memcached: false,
    apiEnv: {
      MULTIPART_THRESHOLD_BYTES: String(5 * MiB),
      MULTIPART_PART_BYTES: String(5 * MiB),
    },
  });
  const gateway = await startWebGateway({
    port: 0,
    apiUrl: pipeline.api.url,
    adminUrl: pipeline.admin.url,
    webRoot,
    mediaOrigin: pipeline.stack.env.AWS_ENDPOINT_URL_S3,
  });
  return {
    pipeline,
    gateway,
    logs,
    stop: async () => {
      await gateway.close();
      await pipeline.stop();
    },
  };
}
