import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { seriousViolations } from './axe.ts';

export const PASSWORD = 'Passw0rd!-long';

/** Fails the test with the list of serious or critical axe-core findings on the current page. */
export async function expectAccessible(page: Page): Promise<void> {
  const found = await seriousViolations(page);
  expect(
    found.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    ),
  ).toEqual([]);
}

export async function logIn(page: Page, baseUrl: string, email: string, password = PASSWORD) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Your videos' }).waitFor();
}

/**
 * Records every status badge the page ever renders (a MutationObserver installed before the app's
 * own scripts), so a test can tell that progress was shown even when it passed quickly.
 */
export const RECORD_STATUSES = `
  window.__statusesSeen = new Set();
  new MutationObserver(() => {
    for (const el of document.querySelectorAll('[data-status]')) window.__statusesSeen.add(el.dataset.status);
    if (document.querySelector('progress[aria-label^="Processing"]')) window.__statusesSeen.add('progress-bar');
  }).observe(document, { subtree: true, childList: true, attributes: true });
`;

export async function statusesSeen(page: Page): Promise<string[]> {
  return (await page.evaluate('[...window.__statusesSeen]')) as string[];
}

/** What a test reads of the page's <video> element. */
export interface VideoElement {
  muted: boolean;
  currentTime: number;
  videoWidth: number;
  videoHeight: number;
  poster: string;
  play(): Promise<void>;
}
