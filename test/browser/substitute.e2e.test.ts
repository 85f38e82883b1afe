/**
 * An out-of-office substitute, in a real browser (headless Chromium) against the local runtime: a visit waits for
 * its first approver; the host agency's admin signs in, opens the organisation's page of the agency and sets a
 * substitute for the absent approver; the approver's mailed link now answers 410 naming the substitute, who opens
 * their own mailed link and approves, and the visit goes on to the chain's next step. Screenshots of the admin's
 * pages go to test-artifacts/screenshots/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, linkPath } from '#infra/local/client.ts';
import { type LocalRuntime, startLocalRuntime } from '#infra/local/runtime.ts';
import { seedRequest } from '#infra/local/seed-visit.ts';
import { launchBrowser, skipBrowser } from '../support/browser.ts';
import { dateAfter, PEOPLE } from '../support/people.ts';

const SHOTS = join(process.cwd(), 'test-artifacts', 'screenshots');
const HOST = 'btgdvtu-da-nang';
const SUBSTITUTE = PEOPLE.hostStaff;

let runtime: LocalRuntime;
let client: Client;
let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
let page: Page;
let dataDir: string;

async function go(target: Locator): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), target.click()]);
}

const skip = skipBrowser;

beforeAll(async () => {
  if (skip) return;
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'ev-browser-sub-'));
  runtime = await startLocalRuntime({ dataDir, port: 0, quiet: true });
  client = new Client(runtime.url);
  browser = await launchBrowser({ width: 390, height: 844 });
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(15_000);
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(skip)('an admin sets a substitute for an absent approver, and the substitute decides', () => {
  let visitId: string;
  let approverLink: string;

  it('a visit waits for its first approver, who was mailed a link', async () => {
    const now = await client.clock({ advanceDays: 0 });
    const res = await client.request<{ id: string }>('POST', '/visits', {
      as: PEOPLE.requester,
      body: seedRequest(dateAfter(now, 30)),
    });
    expect(res.status).toBe(201);
    visitId = res.body.id;
    approverLink = linkPath(await client.waitForMail(PEOPLE.approver1, /phê duyệt/), '/approve/');
  });

  it("the host's admin signs in, finds the agency in the directory and sets the substitute through the form", async () => {
    const mark = (await client.outbox()).length;
    await page.goto(`${runtime.url}/directory`);
    await go(page.locator(`button[name="email"][value="${PEOPLE.hostAdmin}"]`));
    expect(await page.locator('h1').textContent()).toBe('Danh bạ cơ quan');
    await page.screenshot({ path: join(SHOTS, '20-directory-phone.png'), fullPage: true });
    await go(page.getByRole('link', { name: 'Ban Tuyên giáo và Dân vận Thành ủy Đà Nẵng' }));
    expect(new URL(page.url()).pathname).toBe(`/directory/agencies/${HOST}`);

    await page.fill('[name="absentEmail"]', PEOPLE.approver1);
    await page.fill('[name="substituteEmail"]', SUBSTITUTE);
    await page.fill('[name="reason"]', 'Đi học tập trung');
    await go(page.getByRole('button', { name: 'Phân công người thay thế' }));

    expect(new URL(page.url()).pathname).toBe(`/directory/agencies/${HOST}`);
    expect(await page.locator('ul.substitutes').textContent()).toContain(SUBSTITUTE);
    await page.screenshot({ path: join(SHOTS, '21-agency-substitute-phone.png'), fullPage: true });
    await client.waitForMail(SUBSTITUTE, /phê duyệt/, mark);
  });

  it("the absent approver's link answers 410, naming the substitute", async () => {
    const res = await page.goto(`${runtime.url}${approverLink}`);
    expect(res?.status()).toBe(410);
    expect(await page.locator('main').textContent()).toContain('Hồ Anh Duy');
  });

  it('the substitute approves through the link mailed to them, and the chain goes on to its next step', async () => {
    const mail = (await client.outbox()).filter((m) => m.to.includes(SUBSTITUTE)).at(-1);
    if (!mail) throw new Error('no mail to the substitute');
    await page.goto(`${runtime.url}${linkPath(mail, '/approve/')}`);
    await go(page.getByRole('button', { name: 'Phê duyệt' }));
    await go(page.getByRole('button', { name: 'Xác nhận phê duyệt' }));
    expect(await page.locator('main').textContent()).toContain('Đã phê duyệt');
    await client.waitForMail(PEOPLE.approver2, /phê duyệt/);
    const visit = await client.visit(visitId, PEOPLE.requester);
    expect(visit.status).toBe('AWAITING_APPROVAL');
  });
});
