import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import {
  ApiClient,
  makeCorruptFile,
  makeTestClip,
  pollUntil,
  uploadFile,
  type UploadInstructions,
} from '@videoforge/testkit';
import { buildWebApp, startAppStack, type AppStack } from '../test/browser/support/app-stack.ts';
import { launchChromium } from '../test/browser/support/browser.ts';
import { logIn, PASSWORD } from '../test/browser/support/pages.ts';

/**
 * `npm run screenshots`: the pictures the README shows (library, upload, player, admin console),
 * taken of the real app on the local stack, written to docs/images/.
 */
const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'images');
const VIEWPORT = { width: 1100, height: 720 };

const dir = await mkdtemp(join(tmpdir(), 'videoforge-screens-'));
const webRoot = join(dir, 'web');
await buildWebApp(webRoot);
const stack = await startAppStack(webRoot);
const browser = await launchChromium();
try {
  const email = `viewer-${Date.now()}@example.com`;
  const owner = new ApiClient(stack.pipeline.api.url);
  await owner.signUpAndLogin(email, PASSWORD);
  const clips = await makeClips(dir);
  const ready = await uploadAll(owner, clips.good);
  await uploadAll(owner, [clips.broken]);

  const page = await browser.newPage({ viewport: VIEWPORT });
  await logIn(page, stack.gateway.url, email);
  await page.locator('.video-card img').first().waitFor();
  await shoot(page, 'web-library.png');

  await page.getByRole('link', { name: 'Upload', exact: true }).click();
  await page.getByLabel('Video files').setInputFiles(clips.good[0] ?? '');
  await page.getByLabel('Title').fill('Harbour at dawn');
  await page.getByRole('button', { name: 'Upload' }).click();
  await page.getByText(/^Uploaded/).waitFor();
  await shoot(page, 'web-upload.png');

  await page.goto(`${stack.gateway.url}/videos/${ready[0]}`);
  await page.getByLabel('Quality').waitFor();
  await page.getByTestId('player').evaluate((video: { muted: boolean; play(): Promise<void> }) => {
    video.muted = true;
    void video.play();
  });
  await page.waitForTimeout(1200);
  await shoot(page, 'web-player.png');

  await pollUntil(
    () => adminDeadLetters(stack),
    (count) => count > 0,
    { timeoutMs: 60_000, intervalMs: 500 },
  );
  const admin = await browser.newPage({ viewport: VIEWPORT });
  await logIn(admin, stack.gateway.url, stack.pipeline.adminEmail, stack.pipeline.adminPassword);
  await admin.goto(`${stack.gateway.url}/admin`);
  await admin
    .getByRole('button', { name: /^Redrive job/ })
    .first()
    .waitFor();
  await admin.locator('.bar-chart').waitFor();
  await admin
    .getByRole('region', { name: 'Users' })
    .getByRole('cell', { name: email, exact: true })
    .waitFor();
  await shoot(admin, 'web-admin.png');
} finally {
  await browser.close();
  await stack.stop();
  await rm(dir, { recursive: true, force: true });
}

async function makeClips(root: string) {
  const good = [
    { name: 'harbour.mp4', width: 640, height: 360 },
    { name: 'test-card.mp4', width: 854, height: 480 },
  ];
  const paths = good.map((c) => join(root, c.name));
  await Promise.all(
    good.map((c, i) =>
      makeTestClip({ path: paths[i] ?? '', width: c.width, height: c.height, durationSec: 3 }),
    ),
  );
  const broken = join(root, 'broken.mp4');
  await makeCorruptFile(broken, 64 * 1024);
  return { good: paths, broken };
}

/** Uploads each file through the API, as a user would, and waits until each is done. */
async function uploadAll(client: ApiClient, paths: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const path of paths) {
    const name = path.split('/').pop() ?? 'clip.mp4';
    const created = await client.createVideo({
      title: name.replace(/\.mp4$/, '').replace('-', ' '),
      filename: name,
      contentType: 'video/mp4',
      sizeBytes: (await stat(path)).size,
    });
    await uploadFile(created.upload as UploadInstructions, path);
    ids.push(created.video.videoId);
  }
  for (const id of ids) {
    await pollUntil(
      () => client.expect<{ status: string }>(200, 'GET', `/api/videos/${id}`),
      (video) => video.status === 'READY' || video.status === 'FAILED',
      { timeoutMs: 90_000, intervalMs: 500 },
    );
  }
  return ids;
}

async function adminDeadLetters(app: AppStack): Promise<number> {
  const { pipeline } = app;
  const login = new ApiClient(pipeline.api.url);
  const { accessToken } = await login.login(pipeline.adminEmail, pipeline.adminPassword);
  const admin = new ApiClient(pipeline.admin.url, accessToken);
  return (await admin.expect<{ items: unknown[] }>(200, 'GET', '/api/admin/dlq')).items.length;
}

async function shoot(page: Page, file: string): Promise<void> {
  const path = join(OUT, file);
  await page.screenshot({ path, fullPage: false });
  console.log(`${path}: ${((await stat(path)).size / 1000).toFixed(0)} kB`);
}
