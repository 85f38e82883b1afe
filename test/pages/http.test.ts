/**
 * The pages over HTTP on the local runtime, as a browser sends them (cookie session, urlencoded forms): who may
 * see what, CSRF, forms that keep what was typed, rows without JavaScript, the language cookie, link pages and
 * their headers, and the static files.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfToken } from '#commons/csrf.ts';
import { PayloadTooLargeError } from '#commons/http.ts';
import { pageErrors } from '#commons/pages.ts';
import { Client, linkPath } from '#infra/local/client.ts';
import { type LocalRuntime, startLocalRuntime } from '#infra/local/runtime.ts';
import { seedRequest } from '#infra/local/seed-visit.ts';
import { dateAfter, PEOPLE } from '../support/people.ts';

let runtime: LocalRuntime;
let client: Client;
let dataDir: string;
let visitId: string;
let startDate: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ev-pages-'));
  runtime = await startLocalRuntime({ dataDir, port: 0, quiet: true });
  client = new Client(runtime.url);
  startDate = dateAfter(await client.clock({ advanceDays: 0 }), 30);
  const res = await client.request<{ id: string }>('POST', '/visits', {
    as: PEOPLE.requester,
    body: seedRequest(startDate),
  });
  visitId = res.body.id;
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A browser request: HTML, the session cookie of `as` (if any), a urlencoded body (if any). */
async function browse(
  path: string,
  opts: { as?: string; form?: Record<string, string> | URLSearchParams; cookies?: string[] } = {},
): Promise<{ status: number; text: string; headers: Headers; token?: string }> {
  const cookies = [...(opts.cookies ?? [])];
  let token: string | undefined;
  if (opts.as) {
    token = await client.token(opts.as);
    cookies.push(`ev_session=${token}`);
  }
  const headers: Record<string, string> = { accept: 'text/html' };
  if (cookies.length) headers.cookie = cookies.join('; ');
  let body: string | undefined;
  if (opts.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(opts.form).toString();
  }
  const res = await fetch(new URL(path, runtime.url), {
    method: body === undefined ? 'GET' : 'POST',
    headers,
    body,
    redirect: 'manual',
  });
  return { status: res.status, text: await res.text(), headers: res.headers, ...(token ? { token } : {}) };
}

function requestForm(over: Record<string, string> = {}): Record<string, string> {
  const r = seedRequest(startDate);
  return {
    hostAgencyId: r.hostAgencyId,
    visitingAgencyId: r.visitingAgencyId,
    title: r.title,
    purpose: r.purpose,
    startDate: r.startDate,
    endDate: r.endDate,
    place: r.place,
    language: 'vi',
    'members[0][name]': r.members[0]!.name,
    'members[0][position]': r.members[0]!.position,
    'topics[0]': r.topics[0]!,
    'agenda[0][start]': '',
    'agenda[0][end]': '',
    'agenda[0][content]': '',
    'agenda[0][presenter]': '',
    'contact[name]': r.contact.name,
    'contact[email]': r.contact.email,
    'contact[phone]': r.contact.phone,
    ...over,
  };
}

describe('signing in and roles', () => {
  it('sends a browser without a session to renew it (then sign in), with the page asked for, and answers JSON 401', async () => {
    const page = await browse('/visits/new');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/auth/renew?next=%2Fvisits%2Fnew');
    const api = await client.request('GET', '/visits/new');
    expect(api.status).toBe(401);
  });

  it('lists only the agency’s own visits: the requester’s and the host’s staff see it, another agency does not', async () => {
    expect((await browse('/', { as: PEOPLE.requester })).text).toContain(`href="/visits/${visitId}"`);
    expect((await browse('/', { as: PEOPLE.hostStaff })).text).toContain(`href="/visits/${visitId}"`);
    const other = await browse('/', { as: PEOPLE.outsider });
    expect(other.status).toBe(200);
    expect(other.text).not.toContain(visitId);
    const page = await browse(`/visits/${visitId}`, { as: PEOPLE.outsider });
    expect(page.status).toBe(403);
    expect(page.text).toContain('Không có quyền truy cập');
  });

  it('lets only the host agency’s secretary open the minutes form', async () => {
    expect((await browse(`/visits/${visitId}/minutes`, { as: PEOPLE.secretary })).status).toBe(200);
    expect((await browse(`/visits/${visitId}/minutes`, { as: 'mai.dt@btgtu.thanhhoa.example' })).status).toBe(
      403,
    );
    expect((await browse(`/visits/${visitId}/minutes`, { as: PEOPLE.requester })).status).toBe(403);
  });

  it('sends an auditor’s browser from the home page to the archive, and refuses them the visits', async () => {
    const home = await browse('/', { as: PEOPLE.auditor });
    expect(home.status).toBe(303);
    expect(home.headers.get('location')).toBe('/archive');
    expect((await browse(`/visits/${visitId}`, { as: PEOPLE.auditor })).status).toBe(403);
    expect((await browse('/visits/new', { as: PEOPLE.auditor })).status).toBe(403);
    const api = await client.request<{ error: { code: string } }>('GET', '/', { as: PEOPLE.auditor });
    expect(api.status).toBe(403);
    expect(api.body.error.code).toBe('FORBIDDEN');
  });
});

describe('the request form over HTTP', () => {
  it('refuses a cookie-session post without the CSRF token, and one with another session’s', async () => {
    const none = await browse('/visits', { as: PEOPLE.requester, form: requestForm() });
    expect(none.status).toBe(403);
    expect(none.text).toContain('Tải lại trang biểu mẫu');
    const other = await browse('/visits', {
      as: PEOPLE.requester,
      form: requestForm({ _csrf: csrfToken('another-session') }),
    });
    expect(other.status).toBe(403);
  });

  it('says on the request form how far ahead a visit may start', async () => {
    const page = await browse('/visits/new', { as: PEOPLE.requester });

    expect(page.status).toBe(200);
    expect(page.text).toContain('300 ngày');
  });

  it('adds a row without JavaScript, keeping what was typed', async () => {
    const token = await client.token(PEOPLE.requester);
    const res = await browse('/visits', {
      as: PEOPLE.requester,
      form: requestForm({ _csrf: csrfToken(token), title: 'Đang soạn "dở"', _add: 'members' }),
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain('name="members[1][name]"');
    expect(res.text).toContain('value="Đang soạn &quot;dở&quot;"');
  });

  it('answers 422 with the errors beside their fields and hostile text escaped', async () => {
    const token = await client.token(PEOPLE.requester);
    const res = await browse('/visits', {
      as: PEOPLE.requester,
      form: requestForm({
        _csrf: csrfToken(token),
        title: '<script>alert(1)</script>',
        endDate: dateAfter(`${startDate}T00:00:00+07:00`, -1),
      }),
    });
    expect(res.status).toBe(422);
    expect(res.text).not.toContain('<script>alert(1)</script>');
    expect(res.text).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(res.text).toMatch(/name="endDate"[^>]*aria-invalid="true"/);
    expect(res.text).toContain('Ngày kết thúc: không được trước ngày bắt đầu');
    expect(res.text).toContain(`value="${seedRequest().members[0]!.position}"`);
  });

  it('submits a valid form with its token and goes to the new visit (303)', async () => {
    const token = await client.token(PEOPLE.requester);
    const res = await browse('/visits', {
      as: PEOPLE.requester,
      form: requestForm({ _csrf: csrfToken(token) }),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/visits\/[^/]+$/);
  });

  it('carries a key made when the form is shown, so posting the same form twice makes one visit', async () => {
    const token = await client.token(PEOPLE.requester);
    const shown = await browse('/visits/new', { as: PEOPLE.requester });
    const key = /name="_key" value="([^"]+)"/.exec(shown.text)?.[1];
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    const post = () =>
      browse('/visits', {
        as: PEOPLE.requester,
        form: requestForm({ _csrf: csrfToken(token), _key: key ?? '' }),
      });
    const first = await post();
    const second = await post();
    expect(first.status).toBe(303);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
  });
});

describe('language, link pages, static files', () => {
  it('remembers ?lang=en in a cookie, and the next page is English', async () => {
    const first = await browse('/?lang=en', { as: PEOPLE.requester });
    expect(first.text).toContain('<html lang="en">');
    expect(first.headers.getSetCookie()).toContainEqual(expect.stringMatching(/^lang=en; Path=\//));
    const next = await browse('/visits/new', { as: PEOPLE.requester, cookies: ['lang=en'] });
    expect(next.text).toContain('<html lang="en">');
    expect(next.text).toContain('New visit request');
  });

  it('answers an unknown approval link with a 404 page that is neither cached nor referred', async () => {
    const res = await browse('/approve/not-a-real-token');
    expect(res.status).toBe(404);
    expect(res.text).toContain('Liên kết không tồn tại');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('serves the stylesheet and the script, and nothing else', async () => {
    const css = await fetch(new URL('/static/app.css', runtime.url));
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const js = await fetch(new URL('/static/app.js', runtime.url));
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await fetch(new URL('/static/..%2Fmanifest.ts', runtime.url))).status).toBe(404);
  });

  it('explains a body over 1 MB on a page (413)', () => {
    const event = {
      rawPath: '/visits',
      rawQueryString: '',
      headers: {},
      requestContext: {},
    } as unknown as APIGatewayProxyEventV2;
    const res = pageErrors(new PayloadTooLargeError(), 'vi', event);
    expect(res?.statusCode).toBe(413);
    expect(res?.body).toContain('1 MB');
  });
});

describe('the revision link', () => {
  let link: string;

  beforeAll(async () => {
    const approval = await client.waitForMail(PEOPLE.approver1, /phê duyệt/);
    const asked = await client.request('POST', linkPath(approval, '/approve/'), {
      form: { decision: 'changes', comment: 'Bổ sung "lịch" <trình> cụ thể' },
    });
    expect(asked.status).toBe(200);
    link = linkPath(await client.waitForMail(PEOPLE.requester, /chỉnh sửa/), `/visits/${visitId}/revise/`);
  });

  it('opens the request prefilled, with the approver’s comment, escaped', async () => {
    const res = await browse(link);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Bổ sung &quot;lịch&quot; &lt;trình&gt; cụ thể');
    expect(res.text).toContain(`value="${seedRequest().title}"`);
    expect(res.text).toContain(`action="${link}"`);
  });

  it('keeps what was typed on a mistake, then takes the revision (no CSRF token: the link is the credential)', async () => {
    const bad = await browse(link, {
      as: PEOPLE.requester,
      form: requestForm({ title: '', place: 'Hội trường "B"' }),
    });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('value="Hội trường &quot;B&quot;"');
    expect(bad.text).toContain('Tiêu đề: bắt buộc nhập');
    const ok = await browse(link, { as: PEOPLE.requester, form: requestForm({ place: 'Hội trường B' }) });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('Đã gửi đề nghị đã chỉnh sửa');
    const again = await browse(link);
    expect(again.status).toBe(409);
  });
});
