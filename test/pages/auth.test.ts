/**
 * Sign-in through the managed login, against a stand-in token endpoint on this machine: the sign-in redirect
 * (state and PKCE), the code exchange at the callback, the session cookie, and sign-out.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { csrfToken } from '#commons/csrf.ts';
import { safeNext } from '#commons/identity.ts';
import { httpEvent } from '../support/http-event.ts';

interface TokenRequest {
  contentType: string;
  form: Record<string, string>;
}

let server: Server;
let domain: string;
let requests: TokenRequest[] = [];
let revoked: Record<string, string>[] = [];
let answer: { status: number; body: unknown } = { status: 200, body: {} };
let auth: typeof import('#functions/auth.ts');

const PUBLIC_URL = 'https://visits.example';
const CLIENT_ID = 'client-123';
const ID_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJlbWFpbCI6Imh1b25nIn0.signature';

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/oauth2/revoke') {
        revoked.push(Object.fromEntries(new URLSearchParams(body)));
        res.writeHead(200).end();
        return;
      }
      if (req.method === 'POST' && req.url === '/oauth2/token') {
        requests.push({
          contentType: req.headers['content-type'] ?? '',
          form: Object.fromEntries(new URLSearchParams(body)),
        });
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer.body));
        return;
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  domain = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.COGNITO_DOMAIN = domain;
  process.env.USER_POOL_CLIENT_ID = CLIENT_ID;
  process.env.PUBLIC_URL = PUBLIC_URL;
  auth = await import('#functions/auth.ts');
  auth.resetAuthConfig();
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
});

beforeEach(() => {
  requests = [];
  revoked = [];
  answer = {
    status: 200,
    body: { id_token: ID_TOKEN, access_token: 'a', expires_in: 3600, token_type: 'Bearer' },
  };
});

const event = httpEvent;

async function call(e: APIGatewayProxyEventV2) {
  const res = (await auth.handler(e, {} as Context)) as {
    statusCode: number;
    headers: Record<string, string>;
    cookies?: string[];
    body?: string;
  };
  return res;
}

/** The flow cookie's value from a sign-in answer. */
function flowCookie(cookies: string[] | undefined): string {
  const c = (cookies ?? []).find((x) => x.startsWith('ev_auth='));
  return (c ?? '').split(';')[0] ?? '';
}

describe('signing in through the managed login', () => {
  it('redirects to /oauth2/authorize with state and an S256 PKCE challenge kept in a short-lived cookie', async () => {
    const res = await call(event('GET /auth/sign-in', { query: { next: '/visits/new' } }));
    expect(res.statusCode).toBe(302);
    const to = new URL(res.headers.location ?? '');
    expect(`${to.origin}${to.pathname}`).toBe(`${domain}/oauth2/authorize`);
    const q = to.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe(CLIENT_ID);
    expect(q.get('redirect_uri')).toBe(`${PUBLIC_URL}/auth/callback`);
    expect(q.get('scope')).toBe('openid email profile');
    expect(q.get('code_challenge_method')).toBe('S256');
    const cookie = (res.cookies ?? []).find((c) => c.startsWith('ev_auth=')) ?? '';
    expect(cookie).toMatch(/; Path=\/auth; Max-Age=600; HttpOnly; Secure; SameSite=Lax$/);
    const [state, verifier] = flowCookie(res.cookies).slice('ev_auth='.length).split('.');
    expect(q.get('state')).toBe(state);
    expect(q.get('code_challenge')).toBe(
      createHash('sha256')
        .update(verifier ?? '')
        .digest('base64url'),
    );
  });

  it('exchanges the code with its verifier, sets the session cookie and returns to the page asked for', async () => {
    const start = await call(event('GET /auth/sign-in', { query: { next: '/visits/new?lang=en' } }));
    const flow = flowCookie(start.cookies);
    const state = new URL(start.headers.location ?? '').searchParams.get('state') ?? '';
    const verifier = flow.split('.')[1];

    const res = await call(
      event('GET /auth/callback', { query: { code: 'the-code', state }, cookies: [flow, 'lang=en'] }),
    );
    expect(requests).toHaveLength(1);
    expect(requests[0]?.contentType).toBe('application/x-www-form-urlencoded');
    expect(requests[0]?.form).toEqual({
      grant_type: 'authorization_code',
      client_id: CLIENT_ID,
      code: 'the-code',
      redirect_uri: `${PUBLIC_URL}/auth/callback`,
      code_verifier: verifier,
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/visits/new?lang=en');
    expect(res.cookies).toContain(
      `ev_session=${ID_TOKEN}; Path=/; Max-Age=3600; HttpOnly; Secure; SameSite=Lax`,
    );
    expect(res.cookies).toContain('ev_auth=; Path=/auth; Max-Age=0; HttpOnly; Secure; SameSite=Lax');
  });

  it('refuses a callback whose state is not the one it sent, without calling the token endpoint', async () => {
    const start = await call(event('GET /auth/sign-in'));
    const res = await call(
      event('GET /auth/callback', {
        query: { code: 'c', state: 'forged' },
        cookies: [flowCookie(start.cookies)],
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('href="/auth/sign-in"');
    expect(requests).toHaveLength(0);
    expect(res.cookies ?? []).not.toContainEqual(expect.stringMatching(/^ev_session=/));
  });

  it('refuses a callback without the flow cookie (another browser, or too late)', async () => {
    const res = await call(event('GET /auth/callback', { query: { code: 'c', state: 's' } }));
    expect(res.statusCode).toBe(400);
    expect(requests).toHaveLength(0);
  });

  it('answers a refused code exchange with a sign-in-again page and no session', async () => {
    answer = { status: 400, body: { error: 'invalid_grant' } };
    const start = await call(event('GET /auth/sign-in'));
    const state = new URL(start.headers.location ?? '').searchParams.get('state') ?? '';
    const res = await call(
      event('GET /auth/callback', { query: { code: 'old', state }, cookies: [flowCookie(start.cookies)] }),
    );
    expect(requests).toHaveLength(1);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Đăng nhập lại');
    expect(res.cookies ?? []).not.toContainEqual(expect.stringMatching(/^ev_session=/));
  });

  it('returns only to a path on this site', async () => {
    for (const next of [
      '//evil.example/x',
      'https://evil.example',
      '/\\evil.example',
      '/auth/callback',
      '/\t/evil.example',
      '/\n/evil.example',
      undefined,
    ]) {
      expect(safeNext(next)).toBe('/');
    }
    expect(safeNext('/visits/1?lang=en')).toBe('/visits/1?lang=en');
    const start = await call(event('GET /auth/sign-in', { query: { next: '//evil.example' } }));
    const state = new URL(start.headers.location ?? '').searchParams.get('state') ?? '';
    const res = await call(
      event('GET /auth/callback', { query: { code: 'c', state }, cookies: [flowCookie(start.cookies)] }),
    );
    expect(res.headers.location).toBe('/');
  });
});

describe('signing out', () => {
  const session = `ev_session=${ID_TOKEN}`;
  const form = { 'content-type': 'application/x-www-form-urlencoded' };

  it('clears the session cookie and ends the managed login session too', async () => {
    const res = await call(
      event('POST /auth/sign-out', {
        cookies: [session],
        headers: form,
        body: `_csrf=${csrfToken(ID_TOKEN)}`,
      }),
    );
    expect(res.statusCode).toBe(303);
    const to = new URL(res.headers.location ?? '');
    expect(`${to.origin}${to.pathname}`).toBe(`${domain}/logout`);
    expect(to.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(to.searchParams.get('logout_uri')).toBe(`${PUBLIC_URL}/`);
    expect(res.cookies).toContain('ev_session=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax');
  });

  it('refuses a cross-site sign-out post without the session’s CSRF token', async () => {
    const res = await call(event('POST /auth/sign-out', { cookies: [session], headers: form, body: '' }));
    expect(res.statusCode).toBe(403);
    expect(res.cookies ?? []).toEqual([]);
  });
});

describe('keeping a session alive', () => {
  const REFRESH = 'the-refresh-token';

  it('keeps the refresh token from the code exchange in an HttpOnly cookie only /auth reads', async () => {
    answer = { status: 200, body: { id_token: ID_TOKEN, refresh_token: REFRESH, expires_in: 3600 } };
    const start = await call(event('GET /auth/sign-in', { query: { next: '/visits/new' } }));
    const state = new URL(start.headers.location ?? '').searchParams.get('state') ?? '';

    const res = await call(
      event('GET /auth/callback', { query: { code: 'c', state }, cookies: [flowCookie(start.cookies)] }),
    );

    expect(res.cookies).toContain(`ev_refresh=${REFRESH}; Path=/auth; HttpOnly; Secure; SameSite=Strict`);
  });

  it('renews the session from the refresh cookie and returns to the page asked for', async () => {
    answer = { status: 200, body: { id_token: 'renewed.id.token', expires_in: 3600 } };

    const res = await call(
      event('GET /auth/renew', { query: { next: '/visits/new' }, cookies: [`ev_refresh=${REFRESH}`] }),
    );

    expect(requests.map((r) => r.form)).toEqual([
      { grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: REFRESH },
    ]);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/visits/new');
    expect(res.cookies).toContain(
      'ev_session=renewed.id.token; Path=/; Max-Age=3600; HttpOnly; Secure; SameSite=Lax',
    );
  });

  it('sends the browser to sign in, with the page asked for, when the refresh is refused', async () => {
    answer = { status: 400, body: { error: 'invalid_grant' } };

    const res = await call(
      event('GET /auth/renew', { query: { next: '/visits/new' }, cookies: [`ev_refresh=${REFRESH}`] }),
    );

    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/auth/sign-in?next=${encodeURIComponent('/visits/new')}`);
    expect(res.cookies).toContain('ev_refresh=; Path=/auth; Max-Age=0; HttpOnly; Secure; SameSite=Strict');
  });

  it('signing out revokes the refresh token and clears its cookie', async () => {
    const res = await call(
      event('POST /auth/sign-out', {
        cookies: [`ev_session=${ID_TOKEN}`, `ev_refresh=${REFRESH}`],
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `_csrf=${csrfToken(ID_TOKEN)}`,
      }),
    );

    expect(res.statusCode).toBe(303);
    expect(revoked).toEqual([{ token: REFRESH, client_id: CLIENT_ID }]);
    expect(res.cookies).toContain('ev_refresh=; Path=/auth; Max-Age=0; HttpOnly; Secure; SameSite=Strict');
  });
});
