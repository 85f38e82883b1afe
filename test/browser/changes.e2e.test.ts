/**
 * Changing a visit in a real browser (headless Chromium) against the local runtime, as people do it from the visit
 * page: the host's admin reassigns the waiting approval and has the new link sent again; the requester moves the
 * dates, then calls the visit off through its confirmation step; the approver's old link says it was cancelled, by
 * whom and why; the page lists each approval with its state and the history names every change. Screenshots go to
 * test-artifacts/screenshots/.
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

let runtime: LocalRuntime;
let client: Client;
let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
let page: Page;
let dataDir: string;

async function go(target: Locator): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), target.click()]);
}

/** Opens `path` as `email`: signs out whoever was signed in and signs in through the local sign-in page. */
async function openAs(email: string, path: string): Promise<void> {
  await browser?.context.clearCookies();
  await page.goto(`${runtime.url}${path}`);
  await go(page.locator(`button[name="email"][value="${email}"]`));
  expect(new URL(page.url()).pathname).toBe(path);
}

const skip = skipBrowser;

beforeAll(async () => {
  if (skip) return;
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'ev-browser-changes-'));
  runtime = await startLocalRuntime({ dataDir, port: 0, quiet: true });
  client = new Client(runtime.url);
  browser = await launchBrowser({ width: 390, height: 844 });
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(15_000);
});

afterAll(async () => {
  await runtime?.sfn.idle();
  await browser?.close();
  await runtime?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(skip)('changing a visit from its page', () => {
  let visitId: string;
  let now: string;
  let movedLink: string;

  it('a visit waits for its first approver', async () => {
    now = await client.clock({ advanceDays: 0 });
    const res = await client.request<{ id: string }>('POST', '/visits', {
      as: PEOPLE.requester,
      body: seedRequest(dateAfter(now, 30)),
    });
    expect(res.status).toBe(201);
    visitId = res.body.id;
    await client.waitForMail(PEOPLE.approver1, /phê duyệt/);
  });

  it("the host's admin reassigns the approval through its form, then has the new link sent again", async () => {
    const mark = (await client.outbox()).length;
    await openAs(PEOPLE.hostAdmin, `/visits/${visitId}`);
    expect(await page.locator('a[href$="/reschedule"]').count()).toBe(0);
    await go(page.getByRole('link', { name: 'Chuyển người' }));
    await page.selectOption('[name="toEmail"]', PEOPLE.deputy1);
    await page.fill('[name="reason"]', 'Đồng chí Bảo đi công tác nước ngoài');
    await page.screenshot({ path: join(SHOTS, '30-reassign-phone.png'), fullPage: true });
    await go(page.getByRole('button', { name: 'Chuyển', exact: true }));
    expect(new URL(page.url()).pathname).toBe(`/visits/${visitId}`);
    expect(await page.locator('.approvals').textContent()).toContain('Đã chuyển cho');
    movedLink = linkPath(await client.waitForMail(PEOPLE.deputy1, /phê duyệt/, mark), '/approve/');

    await runtime.sfn.idle();
    await client.clock({ advanceDays: 0.01 });
    const resent = (await client.outbox()).length;
    await page.reload();
    await go(page.getByRole('button', { name: 'Gửi lại liên kết' }));
    const again = await client.waitForMail(PEOPLE.deputy1, /Gửi lại/, resent);
    expect(linkPath(again, '/approve/')).toBe(movedLink);
    expect(await page.locator('ol.timeline').textContent()).toContain('Gửi lại liên kết');
  });

  it('the requester moves the dates through the reschedule form; the deputy’s link then says the dates moved', async () => {
    const mark = (await client.outbox()).length;
    await openAs(PEOPLE.requester, `/visits/${visitId}`);
    await go(page.getByRole('link', { name: 'Đổi thời gian' }));
    await page.fill('[name="startDate"]', dateAfter(now, 40));
    await page.fill('[name="endDate"]', dateAfter(now, 41));
    await page.fill('[name="reason"]', 'Trùng kỳ họp Hội đồng nhân dân');
    await go(page.getByRole('button', { name: 'Đổi thời gian' }));
    expect(new URL(page.url()).pathname).toBe(`/visits/${visitId}`);
    await client.waitForMail(PEOPLE.approver1, /phê duyệt/, mark);
    const res = await page.goto(`${runtime.url}${movedLink}`);
    expect(res?.status()).toBe(410);
    expect(await page.locator('h1').textContent()).toBe('Liên kết không còn dùng được');
    expect(await page.locator('main').textContent()).toContain('đã đổi thời gian chuyến công tác');
  });

  it('the requester cancels through the confirmation step; the page and the old link say who cancelled and why', async () => {
    await openAs(PEOPLE.requester, `/visits/${visitId}`);
    const open = (await client.visit(visitId, PEOPLE.requester)).approvals as { status: string }[];
    expect(open.at(-1)?.status).toBe('PENDING');
    const link = linkPath(
      (await client.outbox()).filter((m) => m.to.includes(PEOPLE.approver1)).at(-1)!,
      '/approve/',
    );
    await go(page.getByRole('link', { name: 'Hủy chuyến công tác' }));
    expect(new URL(page.url()).pathname).toBe(`/visits/${visitId}/cancel`);
    // nothing happens before the confirmation: the visit still waits
    expect((await client.visit(visitId, PEOPLE.requester)).status).toBe('AWAITING_APPROVAL');
    await page.fill('[name="reason"]', 'Đoàn không bố trí được thời gian');
    await page.screenshot({ path: join(SHOTS, '31-cancel-confirm-phone.png'), fullPage: true });
    await go(page.getByRole('button', { name: 'Xác nhận hủy chuyến công tác' }));
    expect(new URL(page.url()).pathname).toBe(`/visits/${visitId}`);
    const main = await page.locator('main').textContent();
    expect(main).toContain('Đã hủy bởi Nguyễn Thị Hương');
    expect(main).toContain('Đoàn không bố trí được thời gian');
    expect(await page.locator('ol.timeline').textContent()).toContain('Đổi thời gian chuyến công tác');
    expect(await page.locator('a[href$="/cancel"]').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, '32-cancelled-visit-phone.png'), fullPage: true });

    const res = await page.goto(`${runtime.url}${link}`);
    expect(res?.status()).toBe(410);
    expect(await page.locator('h1').textContent()).toBe('Liên kết không còn dùng được');
    expect(await page.locator('main').textContent()).toContain(
      'Chuyến công tác đã được Nguyễn Thị Hương hủy',
    );
    expect(await page.locator('main').textContent()).toContain('Đoàn không bố trí được thời gian');
  });
});
