import { copyFile, mkdtemp, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiClient,
  makeCorruptFile,
  makeTestClip,
  pollUntil,
  uploadFile,
  type UploadInstructions,
} from '@videoforge/testkit';
import { buildWebApp, startAppStack, type AppStack } from './support/app-stack.ts';
import { launchChromium } from './support/browser.ts';
import {
  PASSWORD,
  RECORD_STATUSES,
  expectAccessible,
  logIn,
  statusesSeen,
  type VideoElement,
} from './support/pages.ts';

const MiB = 1024 * 1024;
let accounts = 0;
const newEmail = () => `web${++accounts}-${Date.now()}@example.com`;

/**
 * The web app in Debian's Chromium against the whole local platform behind one origin. The tests
 * share one stack and run in order; each uses its own browser context (its own cookies).
 */
describe('the web app in a real browser', () => {
  let browser: Browser;
  let stack: AppStack;
  let base: string;
  let dir: string;
  let clip: string;
  let bigClip: string;

  beforeAll(async () => {
    browser = await launchChromium();
    dir = await mkdtemp(join(tmpdir(), 'videoforge-web-'));
    clip = join(dir, 'test-pattern.mp4');
    bigClip = join(dir, 'long-take.mp4');
    const webRoot = join(dir, 'web');
    await buildWebApp(webRoot);
    const [started] = await Promise.all([
      startAppStack(webRoot),
      makeTestClip({ path: clip, width: 640, height: 360, durationSec: 2 }),
    ]);
    stack = started;
    base = stack.gateway.url;
    // Over the multipart threshold: two 5 MiB parts. Trailing bytes after the MP4 do not matter.
    await copyFile(clip, bigClip);
    await truncate(bigClip, 6 * MiB);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext();
    await context.addInitScript(RECORD_STATUSES);
    return context.newPage();
  }

  /** The code from the stack's log, where a developer reads it. */
  async function resetCodeFor(email: string): Promise<string> {
    const delivered = (l: Record<string, unknown>) => l.email === email && 'passwordResetCode' in l;
    return String((await stack.logs.waitFor(delivered, 3_000)).passwordResetCode);
  }

  let page: Page;
  let videoUrl: string;

  it('signs up and logs in from the keyboard, uploads a clip, shows its progress, then plays it', async () => {
    page = await newPage();
    const email = newEmail();
    await page.goto(`${base}/signup`);
    await expectAccessible(page);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign up' }).click();

    await page.waitForURL(/\/login/);
    await expectAccessible(page);
    await page.getByLabel('Email').focus();
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Your videos' }).waitFor();
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Upload', exact: true }).click();
    await expectAccessible(page);
    await page.getByLabel('Video files').setInputFiles(clip);
    await page.getByLabel('Title').fill('Test pattern');
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByText(/^Uploaded/).waitFor();
    expect(
      await page.getByRole('progressbar', { name: 'Upload of Test pattern' }).getAttribute('value'),
    ).toBe('100');

    await page.getByRole('link', { name: 'Open Test pattern' }).click();
    await page.locator('.video-summary [data-status="READY"]').waitFor({ timeout: 60_000 });
    videoUrl = page.url();
    const seen = await statusesSeen(page);
    expect(seen.some((s) => ['UPLOADED', 'PROCESSING', 'QUEUED', 'progress-bar'].includes(s))).toBe(
      true,
    );

    const player = page.getByTestId('player');
    await player.evaluate((video: VideoElement) => {
      video.muted = true;
      void video.play();
    });
    await expect
      .poll(
        () =>
          player.evaluate((video: VideoElement) => video.currentTime > 0.3 && video.videoWidth > 0),
        {
          timeout: 20_000,
        },
      )
      .toBe(true);
    const frame = await player.evaluate((video: VideoElement) => ({
      width: video.videoWidth,
      height: video.videoHeight,
    }));
    expect(frame.width).toBeGreaterThan(0);
    expect(frame.height).toBeGreaterThan(0);
    // The poster comes just after READY; the page keeps looking for it.
    await expect
      .poll(() => player.evaluate((video: VideoElement) => video.poster), { timeout: 15_000 })
      .toMatch(/^http/);
    await expect
      .poll(() => page.getByLabel('Quality').locator('option').count())
      .toBeGreaterThan(1);
    await expectAccessible(page);
  });

  it('renames the video, then deletes it after asking', async () => {
    await page.goto(videoUrl);
    const rename = page.getByRole('form', { name: 'Rename' });
    await rename.getByLabel('Title').fill('Renamed pattern');
    await rename.getByRole('button', { name: 'Rename' }).click();
    await page.getByRole('heading', { name: 'Renamed pattern', level: 1 }).waitFor();

    await page.getByRole('button', { name: 'Delete video' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this video?' });
    await dialog.waitFor();
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('heading', { name: 'Your videos' }).waitFor();
    await page.getByText('No videos yet.').waitFor();
  });

  it('resumes a multipart upload after a part’s request fails, even across a page reload', async () => {
    const partPuts = new Map<string, number>();
    let refuse = true;
    await page.route(
      (url) => url.searchParams.has('partNumber') && url.searchParams.has('uploadId'),
      async (route) => {
        const part = new URL(route.request().url()).searchParams.get('partNumber') ?? '';
        if (route.request().method() !== 'PUT') return route.continue();
        partPuts.set(part, (partPuts.get(part) ?? 0) + 1);
        if (part === '2' && refuse) return route.abort('connectionreset');
        return route.continue();
      },
    );
    await page.goto(`${base}/upload`);
    await page.getByLabel('Video files').setInputFiles(bigClip);
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByText(/^Failed/).waitFor({ timeout: 30_000 });
    // Part 2 was tried again before the upload gave up; part 1 went through once.
    expect(partPuts.get('2')).toBeGreaterThan(1);
    expect(partPuts.get('1')).toBe(1);

    refuse = false;
    await page.reload();
    await page.getByText(/Unfinished uploads: long-take\.mp4/).waitFor();
    await page.getByLabel('Video files').setInputFiles(bigClip);
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByText(/^Uploaded.*\(resumed\)/).waitFor({ timeout: 30_000 });
    // Only the missing part was sent again.
    expect(partPuts.get('1')).toBe(1);
    await page.getByRole('link', { name: 'Open long-take' }).click();
    await expect
      .poll(() => page.locator('.video-summary [data-status]').getAttribute('data-status'), {
        timeout: 10_000,
      })
      .not.toBe('PENDING_UPLOAD');
  });

  it('cancels an upload and leaves no video behind', async () => {
    await page.unrouteAll();
    const doomed = join(dir, 'cancelled.mp4');
    await copyFile(bigClip, doomed);
    // Parts take a while to go, so there is time to cancel.
    await page.route(
      (url) => url.searchParams.has('partNumber'),
      async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 3_000));
        await route.continue().catch(() => undefined);
      },
    );
    await page.goto(`${base}/upload`);
    await page.getByLabel('Video files').setInputFiles(doomed);
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByText(/^Uploading/).waitFor();
    await page.getByRole('button', { name: 'Cancel upload of cancelled' }).click();
    await page.getByText(/^Cancelled/).waitFor();
    await page.unrouteAll();
    await page.getByRole('link', { name: 'Library' }).click();
    await page.getByRole('link', { name: 'long-take' }).waitFor();
    expect(await page.getByRole('link', { name: 'cancelled' }).count()).toBe(0);
  });

  it('lets an admin redrive a dead-lettered job from the console', async () => {
    const { pipeline } = stack;
    const owner = new ApiClient(pipeline.api.url);
    const ownerEmail = newEmail();
    await owner.signUpAndLogin(ownerEmail, PASSWORD);
    const corrupt = join(dir, 'corrupt.mp4');
    await makeCorruptFile(corrupt, 64 * 1024);
    const created = await owner.createVideo({
      title: 'broken upload',
      filename: 'corrupt.mp4',
      contentType: 'video/mp4',
      sizeBytes: (await stat(corrupt)).size,
      renditions: ['360p'],
    });
    await uploadFile(created.upload as UploadInstructions, corrupt);
    const { accessToken } = await new ApiClient(pipeline.api.url).login(
      pipeline.adminEmail,
      pipeline.adminPassword,
    );
    const adminApi = new ApiClient(pipeline.admin.url, accessToken);
    await pollUntil(
      () =>
        adminApi.expect<{ items: Array<{ job: { videoId: string } | null }> }>(
          200,
          'GET',
          '/api/admin/dlq',
        ),
      (list) => list.items.some((d) => d.job?.videoId === created.video.videoId),
      { timeoutMs: 60_000, intervalMs: 250 },
    );

    const admin = await newPage();
    await logIn(admin, base, pipeline.adminEmail, pipeline.adminPassword);
    await admin.getByRole('link', { name: 'Admin' }).click();
    await admin.getByRole('heading', { name: 'Admin console' }).waitFor();
    await admin.getByText('Cluster view unavailable').waitFor();
    await admin.getByRole('img', { name: /^Videos by status: .*FAILED [1-9]/ }).waitFor();
    await admin
      .getByRole('region', { name: 'Users' })
      .getByRole('cell', { name: ownerEmail, exact: true })
      .waitFor();
    await expectAccessible(admin);
    await admin
      .getByRole('button', { name: `Redrive job of video ${created.video.videoId}` })
      .click();
    await admin.getByText('Redriven: 1, dropped: 0, skipped: 0').waitFor();
  });

  it('resets a forgotten password with the emailed code', async () => {
    const email = newEmail();
    await new ApiClient(stack.pipeline.api.url).signUpAndLogin(email, PASSWORD);
    const reset = await newPage();
    await reset.goto(`${base}/login`);
    await reset.getByRole('link', { name: 'Forgot your password?' }).click();
    await expectAccessible(reset);
    await reset.getByLabel('Email').fill(email);
    await reset.getByRole('button', { name: 'Send reset code' }).click();
    await reset.getByRole('heading', { name: 'Reset your password' }).waitFor();
    await expectAccessible(reset);
    const code = await resetCodeFor(email);
    await reset.getByLabel('Reset code').fill(code);
    await reset.getByLabel('New password').fill('Brand-new-Passw0rd!');
    await reset.getByRole('button', { name: 'Reset password' }).click();
    await reset.waitForURL(/\/login/);
    await logIn(reset, base, email, 'Brand-new-Passw0rd!');
  });

  it('keeps the other pages free of serious accessibility problems', async () => {
    await page.goto(`${base}/webhooks`);
    await page.getByRole('heading', { name: 'Webhooks' }).waitFor();
    await expectAccessible(page);
    await page.goto(`${base}/confirm?email=someone%40example.com`);
    await page.getByRole('heading', { name: 'Confirm your account' }).waitFor();
    await expectAccessible(page);
  });
});
