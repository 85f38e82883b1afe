/**
 * The seed visit played in a real browser (headless Chromium) against the local runtime, as the people would:
 * the requester signs in through the picker, fills the request form (its script adds rows in place), makes a
 * mistake, fixes it and submits; the first approver opens the mailed link and approves; on the visit's day the
 * host secretary records the minutes through the form; the chair signs them off through the mailed link; the
 * visit ends archived; the owner of the minutes' action marks it done from the link in their mail, and the
 * secretary sees it on the visit page and in the agency's list of actions; the auditor finds, downloads and
 * verifies the minutes. Screenshots of each page, at phone width (and desktop for the main ones, in both
 * languages), go to test-artifacts/screenshots/.
 *
 * Only what needs a browser is done in it: what the server answers to a request (refusals, replays, downloads,
 * headers) is checked over plain HTTP in test/pages and test/lifecycle, and the second approver, whose page and
 * form are the first one's, decides over HTTP.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, linkPath } from '#infra/local/client.ts';
import { type LocalRuntime, startLocalRuntime } from '#infra/local/runtime.ts';
import { launchBrowser, skipBrowser } from '../support/browser.ts';
import { dateAfter, PEOPLE } from '../support/people.ts';
import { STARTS_A_PROCESS_MS } from '../support/timeouts.ts';

const SHOTS = join(process.cwd(), 'test-artifacts', 'screenshots');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

let runtime: LocalRuntime;
let client: Client;
let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
let page: Page;
let dataDir: string;

/** Clicks something that navigates (a link or a form button) and waits for the next page to load. */
async function go(target: Locator): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), target.click()]);
}

async function textOf(selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').trim();
}

async function heading(): Promise<string> {
  return textOf('h1');
}

async function shot(name: string, opts: { desktop?: boolean } = {}): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}-phone.png`), fullPage: true });
  if (opts.desktop) {
    await page.setViewportSize(DESKTOP);
    await page.screenshot({ path: join(SHOTS, `${name}-desktop.png`), fullPage: true });
    await page.setViewportSize(PHONE);
  }
}

/**
 * Screenshots the current page in Vietnamese, then in English, and switches back to Vietnamese (on a form the
 * switch is a button that draws the form again with what was typed).
 */
async function shotBoth(name: string): Promise<void> {
  await shot(`${name}-vi`, { desktop: true });
  await go(page.locator('header .lang', { hasText: 'English' }));
  expect(await page.locator('html').getAttribute('lang')).toBe('en');
  await shot(`${name}-en`, { desktop: true });
  await go(page.locator('header .lang', { hasText: 'Tiếng Việt' }));
  expect(await page.locator('html').getAttribute('lang')).toBe('vi');
}

async function signInAs(email: string): Promise<void> {
  await go(page.locator(`button[name="email"][value="${email}"]`));
}

async function statusOnPage(): Promise<string> {
  return (await page.locator('.page-head .badge').getAttribute('data-status')) ?? '';
}

/** Reloads the visit page until it shows `status`. */
async function waitForStatusOnPage(visitId: string, status: string): Promise<void> {
  await client.waitForStatus(visitId, PEOPLE.requester, status);
  await page.goto(`${runtime.url}/visits/${visitId}`);
  expect(await statusOnPage()).toBe(status);
}

const skip = skipBrowser;

beforeAll(async () => {
  if (skip) return;
  rmSync(SHOTS, { recursive: true, force: true }); // only this run's pages
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'ev-browser-'));
  runtime = await startLocalRuntime({ dataDir, port: 0, quiet: true });
  client = new Client(runtime.url);
  browser = await launchBrowser(PHONE);
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  // no budget of its own for a page to load: the test's timeout is the only one
  page.setDefaultTimeout(0);
}, STARTS_A_PROCESS_MS); // Chromium

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(skip)('a visit from the request form to the archived minutes, in the browser', () => {
  let visitId: string;
  let startDate: string;
  let mark = 0;

  it('signs the requester in through the picker and comes back to the page asked for', async () => {
    const now = await client.clock({ advanceDays: 0 });
    startDate = dateAfter(now, 30);
    await page.goto(`${runtime.url}/visits/new`);
    expect(new URL(page.url()).pathname).toBe('/auth/sign-in');
    await shot('01-sign-in');
    await signInAs(PEOPLE.requester);
    expect(new URL(page.url()).pathname).toBe('/visits/new');
    await page.goto(`${runtime.url}/`);
    expect(await heading()).toBe('Chuyến công tác');
    await shotBoth('02-my-visits-empty');
  });

  it('shows a mistake beside its field and keeps everything typed', async () => {
    await go(page.getByRole('link', { name: /Đề nghị mới/ }));
    expect(new URL(page.url()).pathname).toBe('/visits/new');
    await shotBoth('03-request-form');
    await page.selectOption('[name="hostAgencyId"]', 'btgdvtu-da-nang');
    await page.fill('[name="title"]', 'Trao đổi kinh nghiệm thực hiện Nghị quyết 35 của Bộ Chính trị');
    await page.fill(
      '[name="purpose"]',
      'Trao đổi kinh nghiệm về tổ chức, hoạt động của Ban Chỉ đạo 35 tỉnh; "học hỏi" <cách làm hay>.',
    );
    await page.fill('[name="startDate"]', startDate);
    await page.fill('[name="endDate"]', dateAfter(`${startDate}T00:00:00+07:00`, -1));
    await page.fill('[name="place"]', 'Hội trường Ban Tuyên giáo và Dân vận Thành ủy Đà Nẵng');
    await page.fill('[name="members[0][name]"]', 'Phạm Văn Tuấn');
    await page.fill('[name="members[0][position]"]', 'Phó Trưởng ban Tuyên giáo Tỉnh ủy Thanh Hóa');
    const before = page.url();
    await page.getByRole('button', { name: '+ Thêm thành viên' }).click();
    // the script added the row in place: no round trip to the server
    expect(page.url()).toBe(before);
    expect(await page.locator('[data-group="members"] .row-label').nth(1).textContent()).toBe('Thành viên 2');
    await page.fill('[name="members[1][name]"]', 'Nguyễn Thị Hương');
    await page.fill('[name="members[1][position]"]', 'Chuyên viên');
    await page.fill('[name="topics[0]"]', 'Kinh nghiệm hoạt động của Ban Chỉ đạo 35 tỉnh');
    await page.getByRole('button', { name: '+ Thêm nội dung' }).click();
    await page.fill('[name="topics[1]"]', 'Hoạt động của nhóm chuyên gia, cộng tác viên');
    await page.fill('[name="contact[phone]"]', '0237 3852 123');
    await go(page.getByRole('button', { name: 'Gửi đề nghị' }));

    const endField = page.locator('.field', { has: page.locator('[name="endDate"]') });
    expect(await endField.locator('.error').textContent()).toContain('không được trước ngày bắt đầu');
    expect(await page.locator('[name="endDate"]').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('[name="title"]').inputValue()).toBe(
      'Trao đổi kinh nghiệm thực hiện Nghị quyết 35 của Bộ Chính trị',
    );
    expect(await page.locator('[name="purpose"]').inputValue()).toMatch(/"học hỏi" <cách làm hay>/);
    expect(await page.locator('[name="members[1][name]"]').inputValue()).toBe('Nguyễn Thị Hương');
    expect(await page.locator('[name="topics[1]"]').inputValue()).toBe(
      'Hoạt động của nhóm chuyên gia, cộng tác viên',
    );
    await shot('04-request-form-error', { desktop: true });
  });

  it('submits the fixed request and shows the visit awaiting approval', async () => {
    mark = (await client.outbox()).length;
    await page.fill('[name="endDate"]', startDate);
    await go(page.getByRole('button', { name: 'Gửi đề nghị' }));
    const path = new URL(page.url()).pathname;
    expect(path).toMatch(/^\/visits\/[^/]+$/);
    visitId = decodeURIComponent(path.split('/')[2] ?? '');
    await waitForStatusOnPage(visitId, 'AWAITING_APPROVAL');
    expect(await textOf('.page-head .badge')).toBe('Chờ phê duyệt');
    expect(await textOf('.docs')).toContain('Chương trình làm việc');
    await shotBoth('05-visit-awaiting-approval');
  });

  it('lets the first approver read the draft from the mailed link without deciding, then approve', async () => {
    const mail = await client.waitForMail(PEOPLE.approver1, /phê duyệt/, mark);
    const link = linkPath(mail, '/approve/');
    await page.goto(`${runtime.url}${link}`);
    expect(await heading()).toBe('Phê duyệt chương trình làm việc');
    expect(await page.getByRole('button', { name: 'Phê duyệt' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Yêu cầu chỉnh sửa' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Từ chối' }).isVisible()).toBe(true);
    expect(await page.locator('a[href$="/document"]').isVisible()).toBe(true);
    await shotBoth('06-approval');

    mark = (await client.outbox()).length;
    await go(page.getByRole('button', { name: 'Phê duyệt' }));
    // one tap is not final: the approval is confirmed on its own page
    expect(await heading()).toBe('Xác nhận phê duyệt');
    await shot('07-confirm-approval', { desktop: true });
    await go(page.getByRole('button', { name: 'Xác nhận phê duyệt' }));
    expect(await heading()).toBe('Đã ghi nhận quyết định');
    await shot('08-decision-recorded');

    await page.goto(`${runtime.url}${link}`);
    expect(await heading()).toBe('Liên kết đã được sử dụng');
    expect(await textOf('main')).toContain('Trần Quốc Bảo');
    await shot('09-link-used');
  });

  it('moves to the second approver, whose approval changes the status on the visit page', async () => {
    const mail = await client.waitForMail(PEOPLE.approver2, /phê duyệt/, mark);
    const decided = await client.request('POST', linkPath(mail, '/approve/'), {
      form: { decision: 'approve' },
    });
    expect(decided.status).toBe(200);
    await waitForStatusOnPage(visitId, 'AWAITING_MINUTES');
    expect(await textOf('.page-head .badge')).toBe('Chờ biên bản');
    await shot('10-visit-awaiting-minutes', { desktop: true });
  });

  it('lets the host secretary record the minutes through the form on the visit day', async () => {
    await client.clock({ now: `${startDate}T14:00:00+07:00` });
    await go(page.getByRole('button', { name: 'Đăng xuất' }));
    expect(new URL(page.url()).pathname).toBe('/auth/sign-in');
    await page.goto(`${runtime.url}/visits/${visitId}`);
    await signInAs(PEOPLE.secretary);
    expect(new URL(page.url()).pathname).toBe(`/visits/${visitId}`);
    await go(page.getByRole('link', { name: 'Ghi biên bản làm việc' }));
    expect(await heading()).toBe('Biên bản làm việc');
    await shotBoth('11-minutes-form');

    await page.selectOption('[name="chair[email]"]', PEOPLE.chair);
    await page.fill(
      '[name="items[0][content]"]',
      'Ban Chỉ đạo 35 tỉnh Quảng Nam chia sẻ kinh nghiệm hoạt động.',
    );
    await page.fill('[name="items[1][content]"]', 'Nhóm chuyên gia, cộng tác viên phối hợp theo quy chế.');
    await page.fill(
      '[name="conclusions[0]"]',
      'Hai bên thống nhất tiếp tục trao đổi thông tin, kinh nghiệm.',
    );
    // the optional action items start with their add button alone
    await page.getByRole('button', { name: /Thêm nhiệm vụ/ }).click();
    await page.fill(
      '[name="actions[0][task]"]',
      'Gửi tài liệu chuyên đề cho Ban Tuyên giáo Tỉnh ủy Thanh Hóa',
    );
    await page.fill('[name="actions[0][owner]"]', 'Văn phòng Ban');
    await page.fill('[name="actions[0][ownerEmail]"]', PEOPLE.hostStaff);
    await page.fill('[name="actions[0][due]"]', dateAfter(`${startDate}T00:00:00+07:00`, 14));
    mark = (await client.outbox()).length;
    await go(page.getByRole('button', { name: 'Gửi biên bản cho chủ tọa duyệt' }));
    expect(new URL(page.url()).pathname).toBe(`/visits/${visitId}`);
    await client.waitForStatus(visitId, PEOPLE.requester, 'AWAITING_MINUTES_APPROVAL');
  });

  it('lets the chair sign the minutes off through the mailed link, and the visit is archived', async () => {
    const mail = await client.waitForMail(PEOPLE.chair, /biên bản/, mark);
    await page.goto(`${runtime.url}${linkPath(mail, '/approve/')}`);
    expect(await heading()).toBe('Duyệt biên bản làm việc');
    expect(await page.getByRole('button', { name: 'Từ chối' }).count()).toBe(0);
    await shotBoth('12-minutes-sign-off');
    await go(page.getByRole('button', { name: 'Phê duyệt' }));
    await go(page.getByRole('button', { name: 'Xác nhận phê duyệt' }));
    expect(await heading()).toBe('Đã ghi nhận quyết định');
    await waitForStatusOnPage(visitId, 'ARCHIVED');
    expect(await textOf('.page-head .badge')).toBe('Đã lưu trữ');
    await shotBoth('13-visit-archived');
    await page.goto(`${runtime.url}/`);
    expect(await textOf('.visit-list')).toContain('Đã lưu trữ');
    await shot('14-my-visits', { desktop: true });
  });

  it('lets the owner of the action mark it done from the link in their mail, once', async () => {
    const mail = await client.waitForMail(PEOPLE.hostStaff, /Nhiệm vụ được phân công/, mark);
    const link = linkPath(mail, '/actions/');
    await page.goto(`${runtime.url}${link}`);
    expect(await heading()).toBe('Nhiệm vụ được phân công');
    expect(await textOf('.summary')).toContain('Gửi tài liệu chuyên đề');
    await shotBoth('18-action-link');
    await go(page.getByRole('button', { name: 'Đã hoàn thành' }));
    expect(await textOf('.field.has-error .error')).toContain('bắt buộc');
    await shot('19-action-note-required');
    await page.fill(
      '[name="note"]',
      'Đã gửi tài liệu chuyên đề qua Văn phòng Ban Tuyên giáo Tỉnh ủy Thanh Hóa.',
    );
    await go(page.getByRole('button', { name: 'Đã hoàn thành' }));
    expect(await heading()).toBe('Đã ghi nhận kết quả thực hiện');
    await shot('20-action-done', { desktop: true });
    await page.goto(`${runtime.url}${link}`);
    expect(await heading()).toBe('Nhiệm vụ đã hoàn thành');

    await page.goto(`${runtime.url}/visits/${visitId}#actions`);
    expect(await textOf('#actions')).toContain('Đã hoàn thành');
    expect(await textOf('#actions')).toContain('Đã gửi tài liệu chuyên đề');
    await shot('21-visit-actions', { desktop: true });
    await go(page.getByRole('link', { name: 'Nhiệm vụ' }));
    expect(await heading()).toBe('Nhiệm vụ được phân công');
    expect(await textOf('table.results')).toContain('Gửi tài liệu chuyên đề');
    await shotBoth('22-agency-actions');
  });

  it('lets the auditor find the archived minutes by date and province, download them and verify them', async () => {
    await go(page.getByRole('button', { name: 'Đăng xuất' }));
    await page.goto(`${runtime.url}/archive`);
    await signInAs(PEOPLE.auditor);
    expect(new URL(page.url()).pathname).toBe('/archive');
    expect(await heading()).toBe('Tra cứu biên bản lưu trữ');
    await page.locator('[name="from"]').fill(startDate);
    await page.locator('[name="to"]').fill(startDate);
    await page.locator('select[name="province"]').selectOption('Đà Nẵng');
    await go(page.getByRole('button', { name: 'Tìm' }));
    const row = page.locator(`a[href="/archive/${visitId}"]`);
    expect(await row.count()).toBe(1);
    await shot('15-archive-search', { desktop: true });
    await go(row);
    await shotBoth('16-archive-record');
    await go(page.getByRole('link', { name: 'Kiểm tra tính toàn vẹn' }));
    expect(await textOf('.confirm .badge')).toBe('Nguyên vẹn');
    await shot('17-archive-verify', { desktop: true });
  });
});
