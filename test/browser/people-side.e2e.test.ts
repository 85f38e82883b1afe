/**
 * What broke or got in the way when staff, approvers on a phone, secretaries and auditors used the pages, each
 * played in a real browser (headless Chromium, with and without JavaScript) against the local runtime: Enter in a
 * form, the language switch on a form that came back with errors and unknown addresses, mistakes shown in one
 * pass, refused sessions, names in the archive's trail, and the mail as a phone shows it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type OutboxMail } from '#infra/local/client.ts';
import { type LocalRuntime, startLocalRuntime } from '#infra/local/runtime.ts';
import { launchBrowser, skipBrowser } from '../support/browser.ts';
import { dateAfter, PEOPLE } from '../support/people.ts';
import { type Played, playToArchive, playToMinutes } from '../support/play.ts';
import { STARTS_A_PROCESS_MS } from '../support/timeouts.ts';

const PHONE = { width: 390, height: 844 };

let runtime: LocalRuntime;
let client: Client;
let withJs: Awaited<ReturnType<typeof launchBrowser>> | undefined;
let withoutJs: Awaited<ReturnType<typeof launchBrowser>> | undefined;
let dataDir: string;
let archived: Played;
let awaitingMinutes: Played;

const skip = skipBrowser;

beforeAll(async () => {
  if (skip) return;
  dataDir = mkdtempSync(join(tmpdir(), 'ev-people-'));
  runtime = await startLocalRuntime({ dataDir, port: 0, quiet: true });
  client = new Client(runtime.url);
  archived = await playToArchive(client);
  awaitingMinutes = await playToMinutes(client, { daysAhead: 3 });
  withJs = await launchBrowser(PHONE);
  withoutJs = await launchBrowser(PHONE, { javaScript: false });
}, STARTS_A_PROCESS_MS); // Chromium, twice, and two visits played

afterAll(async () => {
  await withJs?.close();
  await withoutJs?.close();
  await runtime?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** A fresh page of `context`, signed in as `email` through the picker. */
async function signedIn(context: BrowserContext, email: string): Promise<Page> {
  await context.clearCookies();
  const page = await context.newPage();
  page.setDefaultTimeout(0);
  await page.goto(`${runtime.url}/auth/sign-in`);
  await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.locator(`button[name="email"][value="${email}"]`).click(),
  ]);
  return page;
}

/** Runs `act` (a click or a key press that navigates) and waits for the next page to load. */
async function navigates(page: Page, act: () => Promise<unknown>): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), act()]);
}

/** The request form with a head of delegation, a second member and a topic typed. */
async function requestFormWithDelegation(page: Page, js: boolean): Promise<void> {
  await page.goto(`${runtime.url}/visits/new`);
  await page.fill('[name="members[0][name]"]', 'Phạm Văn Tuấn');
  await page.fill('[name="members[0][position]"]', 'Phó Trưởng ban');
  const add = page.getByRole('button', { name: /Thêm thành viên/ });
  if (js) await add.click();
  else await navigates(page, () => add.click());
  await page.fill('[name="members[1][name]"]', 'Nguyễn Thị Hương');
  await page.fill('[name="members[1][position]"]', 'Chuyên viên');
  await page.fill('[name="topics[0]"]', 'Kinh nghiệm hoạt động của Ban Chỉ đạo 35');
}

/**
 * Presses Enter in `field` and waits until either the form was posted (a new page has loaded) or the script
 * changed the rows in place (the head of delegation's box no longer holds the name typed).
 */
async function pressEnter(page: Page, field: string, kept: { name: string; value: string }): Promise<void> {
  await page.evaluate('window.before = true');
  await page.locator(field).press('Enter');
  const box = `document.querySelector(${JSON.stringify(`[name="${kept.name}"]`)})`;
  await page.waitForFunction(
    `document.readyState === 'complete' && (!window.before || ${box}?.value !== ${JSON.stringify(kept.value)})`,
  );
}

describe.skipIf(skip)('what broke for the people, played in a browser', () => {
  it('1. Enter in a text box of the request form submits it and keeps the head of delegation, with and without JavaScript', async () => {
    for (const [browser, js] of [
      [withJs, true],
      [withoutJs, false],
    ] as const) {
      const page = await signedIn(browser!.context, PEOPLE.requester);
      await requestFormWithDelegation(page, js);
      await page.fill('[name="title"]', 'Trao đổi kinh nghiệm');
      await pressEnter(page, '[name="title"]', { name: 'members[0][name]', value: 'Phạm Văn Tuấn' });
      // the form was sent: it came back with what is missing, and every row typed
      expect(await page.locator('.error-summary').count()).toBe(1);
      expect(await page.locator('[name="members[0][name]"]').inputValue()).toBe('Phạm Văn Tuấn');
      expect(await page.locator('[name="members[1][name]"]').inputValue()).toBe('Nguyễn Thị Hương');
      expect(await page.locator('[name="title"]').inputValue()).toBe('Trao đổi kinh nghiệm');
      await page.close();
    }
  });

  it('1. Enter in a text box of the minutes form submits it and keeps the first attendee', async () => {
    for (const browser of [withJs, withoutJs]) {
      const page = await signedIn(browser!.context, PEOPLE.secretary);
      await page.goto(`${runtime.url}/visits/${awaitingMinutes.visitId}/minutes`);
      const first = await page.locator('[name="attendees[0][name]"]').inputValue();
      expect(first).not.toBe('');
      await page.fill('[name="items[0][heading]"]', '');
      await pressEnter(page, '[name="place"]', { name: 'attendees[0][name]', value: first });
      expect(await page.locator('.error-summary').count()).toBe(1);
      expect(await page.locator('[name="attendees[0][name]"]').inputValue()).toBe(first);
      await page.close();
    }
  });

  it('2. "English" on a form that came back with errors redraws it in English with what was typed', async () => {
    const page = await signedIn(withoutJs!.context, PEOPLE.requester);
    await requestFormWithDelegation(page, false);
    await page.fill('[name="title"]', 'Trao đổi kinh nghiệm');
    await navigates(page, () => page.getByRole('button', { name: 'Gửi đề nghị' }).click());
    expect(await page.locator('.error-summary').count()).toBe(1);
    await navigates(page, () => page.locator('header').getByText('English').click());
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('h1').textContent()).toBe('New visit request');
    expect(await page.locator('[name="title"]').inputValue()).toBe('Trao đổi kinh nghiệm');
    expect(await page.locator('[name="members[1][name]"]').inputValue()).toBe('Nguyễn Thị Hương');
    await page.close();
  });

  it('2. an unknown address answers the styled 404 in the page’s language, whose switch keeps the address', async () => {
    const page = await signedIn(withJs!.context, PEOPLE.requester);
    const res = await page.goto(`${runtime.url}/khong-co-trang-nay?x=1`);
    expect(res?.status()).toBe(404);
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    expect(await page.locator('meta[name="viewport"]').count()).toBe(1);
    expect(await page.title()).toContain('Không tìm thấy');
    expect(await page.locator('h1').textContent()).toBe('Không tìm thấy trang');
    await navigates(page, () => page.locator('header').getByText('English').click());
    expect(new URL(page.url()).pathname).toBe('/khong-co-trang-nay');
    expect(await page.locator('h1').textContent()).toBe('Page not found');
    await page.close();
  });

  it('3. every mistake of the request and of the minutes shows in one pass, with focus on the summary', async () => {
    const page = await signedIn(withJs!.context, PEOPLE.requester);
    const now = await client.clock({ advanceDays: 0 });
    const start = dateAfter(now, -3);
    await requestFormWithDelegation(page, true);
    await page.selectOption('[name="hostAgencyId"]', 'btgdvtu-da-nang');
    await page.fill('[name="purpose"]', 'Trao đổi kinh nghiệm');
    await page.fill('[name="startDate"]', start);
    await page.fill('[name="endDate"]', dateAfter(`${start}T00:00:00+07:00`, -1));
    await page.fill('[name="place"]', 'Hội trường');
    await page.fill('[name="contact[phone]"]', '0237 3852 123');
    if ((await page.locator('[name="agenda[0][start]"]').count()) === 0)
      await page.getByRole('button', { name: /Thêm mục/ }).click();
    await page.fill('[name="agenda[0][start]"]', '10:00');
    await page.fill('[name="agenda[0][end]"]', '09:00');
    await page.fill('[name="agenda[0][content]"]', 'Trao đổi');
    // the title is left empty: a missing field and the rules across fields, all at once
    await navigates(page, () => page.getByRole('button', { name: 'Gửi đề nghị' }).click());
    const summary = page.locator('.error-summary');
    for (const field of ['title', 'startDate', 'endDate', 'agenda-0-end'])
      expect(await summary.locator(`a[href="#f-${field}"]`).count(), field).toBe(1);
    expect(await page.evaluate('document.activeElement?.id')).toBe('errors');

    const minutes = await signedIn(withJs!.context, PEOPLE.secretary);
    await minutes.goto(`${runtime.url}/visits/${awaitingMinutes.visitId}/minutes`);
    await minutes.fill('[name="items[0][heading]"]', '');
    await minutes.fill('[name="startedAt[time]"]', '10:00');
    await minutes.fill('[name="endedAt[time]"]', '09:00');
    await navigates(minutes, () => minutes.getByRole('button', { name: /Gửi biên bản/ }).click());
    const errors = minutes.locator('.error-summary');
    for (const field of ['items-0-heading', 'endedAt'])
      expect(await errors.locator(`a[href="#f-${field}"]`).count(), field).toBe(1);
    await page.close();
    await minutes.close();
  });

  it('5. a refused session gets a styled page, and a visit that does not exist answers 404', async () => {
    const { context } = withJs!;
    await context.clearCookies();
    await context.addCookies([{ name: 'ev_session', value: 'forged.token.value', url: runtime.url }]);
    const page = await context.newPage();
    page.setDefaultTimeout(0);
    await page.goto(`${runtime.url}/visits/new`);
    expect(await page.locator('meta[name="viewport"]').count()).toBe(1);
    expect(await page.locator('h1').count()).toBe(1);
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await page.close();

    const signedInPage = await signedIn(context, PEOPLE.requester);
    const res = await signedInPage.goto(`${runtime.url}/visits/20260101-0000000000`);
    expect(res?.status()).toBe(404);
    expect(await signedInPage.locator('h1').textContent()).toBe('Không tìm thấy');
    await signedInPage.close();
  });

  it('6. the archive’s trail names people, not addresses', async () => {
    const page = await signedIn(withJs!.context, PEOPLE.auditor);
    await page.goto(`${runtime.url}/archive/${archived.visitId}`);
    const trail = (await page.locator('.timeline').textContent()) ?? '';
    expect(trail).toContain('Nguyễn Thị Hương');
    expect(trail).not.toContain('@');
    await page.close();
  });

  it('7. the mail fits a phone, greets each recipient and links every notice to the visit', async () => {
    // the archived visit was played first: its mail comes first of each kind
    const mails = await client.outbox();
    const about = (kind: RegExp): OutboxMail[] => mails.filter((m) => kind.test(m.subject));
    const ask = about(/Đề nghị phê duyệt/)[0];
    expect(ask?.html).toBeDefined();
    const page = await withJs!.context.newPage();
    await page.setContent(ask!.html!);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await page.close();

    const visitPage = `${runtime.url}/visits/${archived.visitId}`;
    const approved = about(/Đã phê duyệt chương trình/)[0];
    expect(approved?.links).toContain(visitPage);
    expect(approved!.to.length).toBeGreaterThan(1);
    const greeting = approved!.text.split('\n')[0] ?? '';
    expect(greeting).toContain('Nguyễn Thị Hương');
    expect(greeting).toContain('Võ Thị Thanh Thảo');
    expect(about(/đã được lưu trữ/)[0]?.links).toContain(visitPage);
  });

  it('every control of the forms is a target of at least 24 px, and the focus ring keeps 3:1 against its background', async () => {
    const page = await signedIn(withJs!.context, PEOPLE.requester);
    for (const path of ['/visits/new', `/visits/${awaitingMinutes.visitId}`]) {
      await page.goto(`${runtime.url}${path}`);
      // controls that are not links inside a sentence (those are exempt)
      const small = (await page.evaluate(`[...document.querySelectorAll(
        'button, a.button, a.lang, a.brand, nav a, input:not([type=hidden]), select, textarea, summary')]
        .filter((el) => !el.closest('.visually-hidden') && !el.classList.contains('visually-hidden'))
        .map((el) => ({ el, r: el.getBoundingClientRect() }))
        .filter(({ r }) => r.width > 0 && (r.width < 24 || r.height < 24))
        .map(({ el, r }) => el.outerHTML.slice(0, 80) + ' ' + Math.round(r.width) + 'x' + Math.round(r.height))`)) as string[];
      expect(small, path).toEqual([]);
    }

    await page.goto(`${runtime.url}/visits/new`);
    for (const target of ['[name="title"]', 'header .lang']) {
      await page.focus(target);
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Tab');
      const ratio = (await page.evaluate(`(() => {
        const lum = (c) => {
          const [r, g, b] = c.match(/[0-9.]+/g).slice(0, 3).map((v) => {
            const x = Number(v) / 255;
            return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
          });
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const el = document.activeElement;
        const ring = getComputedStyle(el).outlineColor;
        let bg = 'rgba(0, 0, 0, 0)';
        for (let n = el.parentElement; n && (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent'); n = n.parentElement)
          bg = getComputedStyle(n).backgroundColor;
        const [a, b] = [lum(ring), lum(bg)].sort((x, y) => y - x);
        return (a + 0.05) / (b + 0.05);
      })()`)) as number;
      expect(ratio, target).toBeGreaterThanOrEqual(3);
    }
    await page.close();
  });

  it('a draft kept with "Lưu nháp" comes back when the form opens again, until it is dropped', async () => {
    const page = await signedIn(withJs!.context, PEOPLE.requester);
    await requestFormWithDelegation(page, true);
    await page.fill('[name="title"]', 'Bản nháp chưa gửi');
    await navigates(page, () => page.getByRole('button', { name: 'Lưu nháp' }).click());
    expect(await page.locator('[role="status"]').textContent()).toContain('Đã lưu bản nháp');

    await page.goto(`${runtime.url}/visits/new`);
    expect(await page.locator('[name="title"]').inputValue()).toBe('Bản nháp chưa gửi');
    expect(await page.locator('[name="members[1][name]"]').inputValue()).toBe('Nguyễn Thị Hương');
    await navigates(page, () => page.getByRole('button', { name: /Bỏ bản nháp/ }).click());
    expect(await page.locator('[name="title"]').inputValue()).toBe('');

    await page.goto(`${runtime.url}/visits/new`);
    expect(await page.locator('[name="title"]').inputValue()).toBe('');
    await page.close();
  });
});
