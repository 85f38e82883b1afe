/**
 * axe (axe-core's WCAG 2.x A and AA rules) on the pages people use, in both languages, at phone width, with their
 * states that matter: the sign-in picker, home with its to-do, the request form empty and refused, a visit page,
 * an approval link, the minutes form, the archive, the action list, the directory, and the error pages. Each page
 * must have no violation. axe runs inside the page through the browser's own evaluation (not a script tag), so
 * the pages' Content-Security-Policy stays as it is.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, linkPath } from '#infra/local/client.ts';
import { type LocalRuntime, startLocalRuntime } from '#infra/local/runtime.ts';
import { launchBrowser, skipBrowser } from '../support/browser.ts';
import { dateAfter, PEOPLE } from '../support/people.ts';
import { type Played, playToArchive, playToMinutes } from '../support/play.ts';
import { STARTS_A_PROCESS_MS } from '../support/timeouts.ts';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PHONE = { width: 390, height: 844 };

let runtime: LocalRuntime;
let client: Client;
let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
let dataDir: string;
let archived: Played;
let awaiting: Played;
let approvalLink: string;

beforeAll(async () => {
  if (skipBrowser) return;
  dataDir = mkdtempSync(join(tmpdir(), 'ev-a11y-'));
  runtime = await startLocalRuntime({ dataDir, port: 0, quiet: true });
  client = new Client(runtime.url);
  archived = await playToArchive(client);
  awaiting = await playToMinutes(client, { daysAhead: 3 });
  const mark = (await client.outbox()).length;
  const now = await client.clock({ advanceDays: 0 });
  await client.request('POST', '/visits', {
    as: PEOPLE.requester,
    body: (await import('#infra/local/seed-visit.ts')).seedRequest(dateAfter(now, 40)),
  });
  approvalLink = linkPath(await client.waitForMail(PEOPLE.approver1, /phê duyệt/, mark), '/approve/');
  browser = await launchBrowser(PHONE);
}, STARTS_A_PROCESS_MS); // Chromium, and three visits played

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** A fresh page, signed in as `email` through the picker (none: signed out). */
async function pageAs(context: BrowserContext, email?: string): Promise<Page> {
  await context.clearCookies();
  const page = await context.newPage();
  page.setDefaultTimeout(0);
  if (email) {
    await page.goto(`${runtime.url}/auth/sign-in`);
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.locator(`button[name="email"][value="${email}"]`).click(),
    ]);
  }
  return page;
}

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe's violations on the page as it stands, each with the elements it found. */
async function violations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const found = (await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(o: object): Promise<{ violations: unknown[] }> } })
      .axe;
    const result = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] } });
    return result.violations;
  })) as Violation[];
  return found.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

const skip = skipBrowser;

describe.skipIf(skip)('axe on every page people use', () => {
  const cases: { name: string; as?: string; path: () => string; act?: (page: Page) => Promise<void> }[] = [
    { name: 'the sign-in picker', path: () => '/auth/sign-in' },
    { name: 'home with its to-do', as: PEOPLE.requester, path: () => '/' },
    { name: 'the request form', as: PEOPLE.requester, path: () => '/visits/new' },
    {
      name: 'the request form refused',
      as: PEOPLE.requester,
      path: () => '/visits/new',
      act: async (page) => {
        // past the browser's own checks, as a browser without them would post it: the server refuses it
        await page.evaluate("document.querySelectorAll('form').forEach((f) => { f.noValidate = true; })");
        await Promise.all([
          page.waitForNavigation({ waitUntil: 'load' }),
          page.locator('.actions button.primary').click(),
        ]);
        // it came back refused, its fields marked
        expect(await page.locator('[aria-invalid="true"]').count()).toBeGreaterThan(0);
      },
    },
    { name: 'a visit page', as: PEOPLE.requester, path: () => `/visits/${archived.visitId}` },
    { name: 'an approval link', path: () => approvalLink },
    { name: 'the minutes form', as: PEOPLE.secretary, path: () => `/visits/${awaiting.visitId}/minutes` },
    { name: 'the archive', as: PEOPLE.auditor, path: () => '/archive' },
    { name: 'an archived record', as: PEOPLE.auditor, path: () => `/archive/${archived.visitId}` },
    { name: 'the action list', as: PEOPLE.secretary, path: () => '/actions' },
    { name: 'the directory', as: PEOPLE.hostAdmin, path: () => '/directory' },
    { name: 'an unknown address', as: PEOPLE.requester, path: () => '/no/such/page' },
    { name: 'a link that leads nowhere', path: () => '/approve/not-a-token.at-all' },
  ];

  it('finds a violation where there is one (an image with no text, a field with no label)', async () => {
    const page = await pageAs(browser!.context, PEOPLE.requester);
    await page.goto(`${runtime.url}/`);
    await page.evaluate(
      `(document.querySelector('main') ?? document.body).insertAdjacentHTML('beforeend', '<img src="data:,"><input type="text">')`,
    );
    const found = await violations(page);
    expect(found.some((v) => v.startsWith('image-alt'))).toBe(true);
    expect(found.some((v) => v.startsWith('label'))).toBe(true);
    await page.close();
  });

  for (const c of cases)
    for (const lang of ['vi', 'en'] as const)
      it(`${c.name} (${lang})`, async () => {
        const page = await pageAs(browser!.context, c.as);
        const path = c.path();
        await page.goto(`${runtime.url}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
        if (c.act) await c.act(page);
        expect(await violations(page)).toEqual([]);
        await page.close();
      });
});
