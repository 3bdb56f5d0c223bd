import { access, constants } from 'node:fs/promises';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium: Playwright's own browser download is not used. */
export const CHROMIUM = '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  try {
    await access(CHROMIUM, constants.X_OK);
  } catch {
    throw new Error(
      `No browser at ${CHROMIUM}: run \`apt-get install chromium\` (Debian's package).`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Autoplay without a gesture, so a test can start the player.
    args: ['--autoplay-policy=no-user-gesture-required', '--no-sandbox'],
  });
}
