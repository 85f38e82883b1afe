/**
 * Headless Debian Chromium for the browser tests, on a fresh profile: `launchBrowser` opens it at the width given in
 * Vietnamese and Vietnam time (with JavaScript unless told otherwise); `skipBrowser` is true only off CI when the browser is missing (CI installs it, so
 * there a missing browser fails the test).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

export const skipBrowser = !existsSync(CHROMIUM) && !process.env.CI;

export async function launchBrowser(
  viewport: { width: number; height: number },
  opts: { javaScript?: boolean } = {},
): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profileDir = mkdtempSync(join(tmpdir(), 'ev-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport,
    javaScriptEnabled: opts.javaScript !== false,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
