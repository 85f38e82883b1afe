/**
 * Sessions that outlive their one-hour token, on the local runtime, whose stand-in for the managed login honours
 * the same refresh flow as Cognito: the sign-in sets the session cookie (the ID token) and the refresh cookie
 * (scoped to /auth); a page asked for with an expired session is renewed on the way, and a form posted with one
 * is kept, renewed and sent again, never lost.
 */
import { describe, expect, it } from 'vitest';
import { createLocalAuth } from '#infra/local/auth.ts';
import { linkPath } from '#infra/local/client.ts';
import { seedMinutes, seedRequest } from '#infra/local/seed-visit.ts';
import { seedUser } from '../support/directory.ts';
import { dateAfter, PEOPLE } from '../support/people.ts';
import { useRuntime } from '../support/runtime.ts';

const local = useRuntime('sessions');

/** The cookies a browser keeps: name → value. */
type Jar = Map<string, string>;

function keep(jar: Jar, res: Response): void {
  for (const c of res.headers.getSetCookie()) {
    const [pair = ''] = c.split(';');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (value === '' || /Max-Age=0/i.test(c)) jar.delete(name);
    else jar.set(name, value);
  }
}

const cookieHeader = (jar: Jar, names?: string[]) =>
  [...jar]
    .filter(([n]) => !names || names.includes(n))
    .map(([n, v]) => `${n}=${v}`)
    .join('; ');

/** Signs `email` in through the local picker, as a browser: the jar holds the cookies it set. */
async function signIn(email: string): Promise<Jar> {
  const jar: Jar = new Map();
  const res = await fetch(new URL('/local/sign-in', local.client.baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, next: '/' }).toString(),
    redirect: 'manual',
  });
  keep(jar, res);
  return jar;
}

/** The jar with its session replaced by one issued `minutesAgo` for an hour (over after 60). */
function sessionFrom(jar: Jar, email: string, minutesAgo: number): void {
  const auth = createLocalAuth({ dataDir: local.runtime.dataDir, issuer: `${local.runtime.url}/local` });
  const user = seedUser(email);
  const issuedAt = new Date(Date.now() - minutesAgo * 60_000);
  jar.set('ev_session', auth.signToken(user, { issuedAt, ttlSeconds: 3600 }));
}

/** The jar with its session replaced by one whose hour is over. */
const expire = (jar: Jar, email: string) => sessionFrom(jar, email, 120);

/** What a browser sends for `path`: the cookies its path may carry (the refresh cookie only under /auth). */
function send(jar: Jar, method: string, path: string, body?: URLSearchParams): Promise<Response> {
  const names = path.startsWith('/auth/') ? undefined : [...jar.keys()].filter((n) => n !== 'ev_refresh');
  return fetch(new URL(path, local.client.baseUrl), {
    method,
    headers: {
      accept: 'text/html',
      cookie: cookieHeader(jar, names),
      origin: local.client.baseUrl,
      ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    ...(body ? { body: body.toString() } : {}),
    redirect: 'manual',
  });
}

const unescapeHtml = (s: string) =>
  s
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');

/** The first form on a page posting to `action`, with its hidden fields in order. */
function formOn(page: string, action: string): URLSearchParams | undefined {
  const start = page.indexOf(`action="${action}"`);
  if (start < 0) return undefined;
  const end = page.indexOf('</form>', start);
  const fields = new URLSearchParams();
  for (const m of page.slice(start, end).matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g))
    fields.append(unescapeHtml(m[1] ?? ''), unescapeHtml(m[2] ?? ''));
  return fields;
}

/** Form fields for a nested value, with indexed names as the forms post them (`attendees[0][name]`). */
function formFields(value: unknown, prefix = '', out = new URLSearchParams()): URLSearchParams {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) formFields(v, `${prefix}[${i}]`, out);
  } else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) formFields(v, prefix ? `${prefix}[${k}]` : k, out);
  else out.append(prefix, String(value));
  return out;
}

describe('a session whose hour is over', () => {
  it('is renewed on the way to the page asked for, from the refresh cookie', async () => {
    const jar = await signIn(PEOPLE.requester);
    expect(jar.has('ev_refresh')).toBe(true);
    expire(jar, PEOPLE.requester);

    const asked = await send(jar, 'GET', '/visits/new');
    expect(asked.status).toBe(303);
    const renew = asked.headers.get('location') ?? '';
    expect(renew).toBe(`/auth/renew?next=${encodeURIComponent('/visits/new')}`);
    const renewed = await send(jar, 'GET', renew);
    expect(renewed.status).toBe(303);
    expect(renewed.headers.get('location')).toBe('/visits/new');
    keep(jar, renewed);
    expect((await send(jar, 'GET', '/visits/new')).status).toBe(200);
  });

  it('takes a form shown before the session was renewed, in this tab or another', async () => {
    // the form is shown 50 minutes into the session
    const jar = await signIn(PEOPLE.requester);
    sessionFrom(jar, PEOPLE.requester, 50);
    const shown = await (await send(jar, 'GET', '/visits/new')).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(shown)?.[1] ?? '';
    expect(token).not.toBe('');
    // an hour later another tab asks for a page: the session is renewed on the way
    expire(jar, PEOPLE.requester);
    keep(jar, await send(jar, 'GET', (await send(jar, 'GET', '/')).headers.get('location') ?? ''));

    const now = await local.client.clock({ advanceDays: 0 });
    const request = formFields(seedRequest(dateAfter(now, 25)));
    request.append('_csrf', unescapeHtml(token));
    const posted = await send(jar, 'POST', '/visits', request);

    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toMatch(/^\/visits\/\d{8}-/);
  });

  it('loses no posted form: the minutes are kept, renewed and sent again; without a refresh, kept', async () => {
    // a visit awaiting its minutes
    const { client } = local;
    const now = await client.clock({ advanceDays: 0 });
    const startDate = dateAfter(now, 12);
    let mark = (await client.outbox()).length;
    const { body } = await client.request<{ id: string }>('POST', '/visits', {
      as: PEOPLE.requester,
      body: seedRequest(startDate),
    });
    for (const approver of [PEOPLE.approver1, PEOPLE.approver2]) {
      const mail = await client.waitForMail(approver, /phê duyệt/, mark);
      mark = (await client.outbox()).length;
      await client.request('POST', linkPath(mail, '/approve/'), { form: { decision: 'approve' } });
    }
    await client.waitForStatus(body.id, PEOPLE.requester, 'AWAITING_MINUTES');
    await client.clock({ now: `${startDate}T16:00:00+07:00` });
    const action = `/visits/${body.id}/minutes`;

    // the secretary typed for more than an hour and posts
    const jar = await signIn(PEOPLE.secretary);
    const typed = formFields(seedMinutes(startDate));
    typed.append('_csrf', 'the-token-of-the-page-an-hour-ago');
    expire(jar, PEOPLE.secretary);
    const posted = await send(jar, 'POST', action, typed);
    expect(posted.status).toBe(401);
    const parked = formOn(await posted.text(), '/auth/renew');
    expect(parked?.get('_next')).toBe(action);
    for (const [name, value] of formFields(seedMinutes(startDate)))
      expect(parked?.getAll(name)).toContain(value);

    // with the refresh cookie gone (signed out elsewhere), what was typed is still kept, with a way to sign in
    const noRefresh: Jar = new Map();
    const kept = await send(noRefresh, 'POST', '/auth/renew', parked);
    const keptPage = await kept.text();
    expect(keptPage).toContain('href="/auth/sign-in');
    expect(formOn(keptPage, '/auth/renew')?.toString()).toBe(parked?.toString());

    // renewed: the page sends the form again with the new session's token, and the minutes are recorded
    const renewed = await send(jar, 'POST', '/auth/renew', parked);
    expect(renewed.status).toBe(200);
    keep(jar, renewed);
    const again = formOn(await renewed.text(), action);
    expect(again?.get('_csrf')).toBeTruthy();
    const sent = await send(jar, 'POST', action, again);
    expect(sent.status).toBe(303);
    await client.waitForStatus(body.id, PEOPLE.requester, ['MINUTES_DRAFTED', 'AWAITING_MINUTES_APPROVAL']);
  }, 60_000);
});
