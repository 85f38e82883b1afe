import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json } from '#commons/http.ts';
import { authenticatedEmail, SESSION_COOKIE, toAuthorizerContext } from '#commons/identity.ts';
import { http } from '#commons/routes.ts';
import type { DirectoryStore } from '#domain/ports.ts';
import type { Route } from '#functions/manifest.ts';
import { createLocalAuth, type LocalAuth } from '#infra/local/auth.ts';
import { type Gateway, type HttpHandler, startGateway } from '#infra/local/gateway.ts';
import { lambdaContext } from '#infra/local/lambda-context.ts';

import { seedTestDirectory, seedUser } from '../support/directory.ts';
import { useEmulators } from '../support/emulators.ts';

const secretary = seedUser('thao.vtt@btgdvtu.danang.example');
const auditor = seedUser('tam.vtt@btgdvtu.danang.example');

// the wrapper reads who a person is from the directory, on the emulators' table
const env = useEmulators();
let directory: DirectoryStore;
beforeAll(async () => {
  directory = await seedTestDirectory(env.doc, env.tableName);
});

/** getVisit's routes: the visit for staff and secretaries (answers who it saw), the home page for anyone. */
const staffOnly = http('getVisit', {
  'GET /': async ({ user }) => ({ statusCode: 200, body: user.name }),
  'GET /visits/{id}': {
    roles: ['staff', 'secretary'],
    handle: async ({ user }) => json(200, { email: user.email, roles: user.roles }),
  },
  'GET /visits/{id}/documents/{docId}': { roles: ['staff', 'secretary'], handle: async () => json(200, {}) },
});

/** recordMinutes's routes, for a post. */
const secretaryOnly = http('recordMinutes', {
  'GET /visits/{id}/minutes': { roles: ['secretary'], handle: async () => json(200, {}) },
  'POST /visits/{id}/minutes': { roles: ['secretary'], handle: async () => json(201, {}) },
});

function event(
  opts: {
    lambda?: Record<string, unknown>;
    headers?: Record<string, string>;
    method?: string;
    path?: string;
    query?: string;
    cookies?: string[];
    routeKey?: string;
  } = {},
): APIGatewayProxyEventV2 {
  const method = opts.method ?? 'GET';
  const path = opts.path ?? '/visits/20260801-7K3QX9M2PA';
  const routeKey = opts.routeKey ?? `${method} /visits/{id}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: opts.query ?? '',
    headers: opts.headers ?? {},
    ...(opts.cookies ? { cookies: opts.cookies } : {}),
    ...(opts.query ? { queryStringParameters: Object.fromEntries(new URLSearchParams(opts.query)) } : {}),
    pathParameters: { id: '20260801-7K3QX9M2PA' },
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: '127.0.0.1',
      domainPrefix: '127',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'r1',
      routeKey,
      stage: '$default',
      time: '27/Nov/2026:06:00:00 +0000',
      timeEpoch: Date.now(),
      ...(opts.lambda ? { authorizer: { lambda: opts.lambda } } : {}),
    } as APIGatewayProxyEventV2['requestContext'],
  };
}

type Structured = Exclude<APIGatewayProxyResultV2, string>;

async function call(
  h: typeof staffOnly | typeof secretaryOnly,
  e: APIGatewayProxyEventV2,
): Promise<Structured> {
  return (await h(e, lambdaContext('getVisit'))) as Structured;
}

describe('authenticatedEmail', () => {
  it('reads the email the authorizer passed, and none for a public route or an empty context', () => {
    expect(authenticatedEmail(event({ lambda: toAuthorizerContext(secretary.email) }))).toBe(secretary.email);
    expect(authenticatedEmail(event())).toBeUndefined();
    expect(authenticatedEmail(event({ lambda: {} }))).toBeUndefined();
  });

  it('reads only the email: roles or an agency in the context count for nothing', () => {
    const lambda = { email: secretary.email, roles: 'directory-admin', agencyId: 'elsewhere' };
    expect(authenticatedEmail(event({ lambda }))).toBe(secretary.email);
  });
});

describe('the directory decides every request', () => {
  it('a user unknown to the directory is not signed in, whatever the token proves', async () => {
    const res = await call(
      staffOnly,
      event({ lambda: toAuthorizerContext('nobody@x.example'), headers: { accept: 'application/json' } }),
    );
    expect(res.statusCode).toBe(401);
  });

  it('a role removed or a user disabled holds from the very next request', async () => {
    const who = seedUser('duy.ha@btgdvtu.danang.example');
    const ask = () =>
      call(
        staffOnly,
        event({ lambda: toAuthorizerContext(who.email), headers: { accept: 'application/json' } }),
      );
    expect((await ask()).statusCode).toBe(200);

    await directory.updateUser(who.email, { roles: ['auditor'] });
    expect((await ask()).statusCode).toBe(403);

    await directory.updateUser(who.email, { roles: ['staff'], disabled: true });
    expect((await ask()).statusCode).toBe(401);

    await directory.updateUser(who.email, { disabled: false });
    expect((await ask()).statusCode).toBe(200);
  });
});

describe('the identity check of the HTTP wrapper', () => {
  it('answers 401 in the JSON error shape when a JSON client has no identity', async () => {
    const res = await call(staffOnly, event({ lambda: {}, headers: { accept: 'application/json' } }));
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body ?? '')).toEqual({
      error: { code: 'UNAUTHENTICATED', message: 'Vui lòng đăng nhập' },
    });
  });

  it('treats a JSON body as a JSON client, and answers in English when asked', async () => {
    const res = await call(
      secretaryOnly,
      event({
        method: 'POST',
        routeKey: 'POST /visits/{id}/minutes',
        lambda: {},
        headers: { 'content-type': 'application/json', 'accept-language': 'en-GB,en;q=0.9' },
      }),
    );
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body ?? '')).toEqual({
      error: { code: 'UNAUTHENTICATED', message: 'Please sign in' },
    });
  });

  it('picks the language of a 401 as pages do: ?lang, then the lang cookie, then Accept-Language', async () => {
    const headers = { accept: 'application/json', 'accept-language': 'vi' };
    const cookie = await call(staffOnly, event({ headers, cookies: ['lang=en'] }));
    expect(JSON.parse(cookie.body ?? '')).toMatchObject({ error: { message: 'Please sign in' } });
    const query = await call(staffOnly, event({ headers, cookies: ['lang=vi'], query: 'lang=en' }));
    expect(JSON.parse(query.body ?? '')).toMatchObject({ error: { message: 'Please sign in' } });
  });

  it('redirects a browser to the renewal of its session (then sign-in) with the page it asked for', async () => {
    const res = await call(
      staffOnly,
      event({
        lambda: {},
        path: '/visits/20260801-7K3QX9M2PA',
        query: 'lang=en',
        headers: { accept: 'text/html,*/*;q=0.8' },
      }),
    );
    expect(res.statusCode).toBe(303);
    expect(res.headers?.location).toBe(
      `/auth/renew?next=${encodeURIComponent('/visits/20260801-7K3QX9M2PA?lang=en')}`,
    );
  });

  it('sends a browser that posts no form without a session to renew it, and then home', async () => {
    const res = await call(
      secretaryOnly,
      event({
        method: 'POST',
        routeKey: 'POST /visits/{id}/minutes',
        path: '/visits/20260801-7K3QX9M2PA/minutes',
      }),
    );
    expect(res.statusCode).toBe(303);
    expect(res.headers?.location).toBe(`/auth/renew?next=${encodeURIComponent('/')}`);
  });

  it('answers 403 for a user without the role, in JSON or as the styled error page', async () => {
    const lambda = toAuthorizerContext(auditor.email);
    const json = await call(staffOnly, event({ lambda, headers: { accept: 'application/json' } }));
    expect(json.statusCode).toBe(403);
    expect(JSON.parse(json.body ?? '')).toMatchObject({ error: { code: 'FORBIDDEN' } });
    const html = await call(staffOnly, event({ lambda, headers: { accept: 'text/html' } }));
    expect(html.statusCode).toBe(403);
    expect(html.headers?.['content-type']).toContain('text/html');
    expect(html.body).toContain('<link rel="stylesheet" href="/static/app.css">');
    expect(html.body).toContain('<html lang="vi">');
    expect(html.body).toContain('Không có quyền truy cập');
    expect(html.body).toContain('Bạn không có quyền');
  });

  it('renders the 403 page in the language of ?lang or of the lang cookie, whatever Accept-Language says', async () => {
    const lambda = toAuthorizerContext(auditor.email);
    const headers = { accept: 'text/html', 'accept-language': 'vi-VN' };
    for (const e of [
      event({ lambda, headers, query: 'lang=en' }),
      event({ lambda, headers, cookies: ['lang=en'] }),
    ]) {
      const res = await call(staffOnly, e);
      expect(res.statusCode).toBe(403);
      expect(res.body).toContain('<html lang="en">');
      expect(res.body).toContain('Not allowed');
      expect(res.body).toContain('You are not allowed to do this');
    }
  });

  it('hands the identity to the route', async () => {
    const res = await call(staffOnly, event({ lambda: toAuthorizerContext(secretary.email) }));
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body ?? '')).toEqual({ email: secretary.email, roles: ['staff', 'secretary'] });
    const any = await call(
      staffOnly,
      event({ lambda: toAuthorizerContext(auditor.email), routeKey: 'GET /', path: '/' }),
    );
    expect(any.body).toBe(auditor.name);
  });

  it('refuses an unknown role at construction', () => {
    expect(() =>
      http('getVisit', {
        'GET /': async () => json(200, {}),
        'GET /visits/{id}': { roles: ['owner' as 'staff'], handle: async () => json(200, {}) },
        'GET /visits/{id}/documents/{docId}': async () => json(200, {}),
      }),
    ).toThrow(/unknown role/);
  });
});

describe('sign-in end to end: gateway, authorizer and middleware over real HTTP', () => {
  let dataDir: string;
  let gateway: Gateway;
  let auth: LocalAuth;
  const routes: Route[] = [{ method: 'GET', path: '/visits/{id}', fn: 'getVisit', auth: 'user' }];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ev-identity-'));
    let jwks: unknown;
    gateway = await startGateway({
      port: 0,
      routes,
      ready: () => true,
      loadHandler: async () => staffOnly as unknown as HttpHandler,
      authorizer: async (e) => (await import('#functions/authorizer.ts')).handler(e),
      localRoutes: async (req, res) => {
        if (req.url !== '/local/jwks.json') return false;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
        return true;
      },
    });
    auth = createLocalAuth({ dataDir, issuer: `${gateway.url}/local` });
    jwks = auth.jwks;
    process.env.JWT_ISSUER = auth.issuer;
    process.env.JWKS_URI = `${gateway.url}/local/jwks.json`;
    process.env.USER_POOL_CLIENT_ID = auth.clientId;
    process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  });

  afterAll(async () => {
    await gateway.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const url = () => new URL('/visits/20260801-7K3QX9M2PA', gateway.url);

  it('lets a signed-in secretary through, by Bearer token or session cookie', async () => {
    const token = auth.signToken(secretary);
    const bearer = await fetch(url(), { headers: { authorization: `Bearer ${token}` } });
    expect(bearer.status).toBe(200);
    expect(await bearer.json()).toEqual({ email: secretary.email, roles: ['staff', 'secretary'] });
    const cookie = await fetch(url(), { headers: { cookie: `${SESSION_COOKIE}=${token}` } });
    expect(cookie.status).toBe(200);
  });

  it('answers 401 JSON, or 303 to the renewal (then sign-in) for a browser, without a session', async () => {
    const json = await fetch(url(), { headers: { accept: 'application/json' } });
    expect(json.status).toBe(401);
    const page = await fetch(url(), { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/auth/renew?next=%2Fvisits%2F20260801-7K3QX9M2PA');
  });

  it('answers an expired session as no session', async () => {
    const token = auth.signToken(secretary, { issuedAt: new Date(Date.now() - 9 * 3600 * 1000) });
    const res = await fetch(url(), {
      headers: { accept: 'application/json', authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(401);
  });

  it('answers 403 for an auditor on a staff page', async () => {
    const res = await fetch(url(), {
      headers: { accept: 'application/json', authorization: `Bearer ${auth.signToken(auditor)}` },
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });

  it('answers a forged token as no identity: 401 in JSON, the way to sign in for a browser', async () => {
    const [h, p] = auth.signToken(secretary).split('.');
    const forged = `${h}.${p}.${Buffer.alloc(256, 7).toString('base64url')}`;
    const res = await fetch(url(), {
      headers: { accept: 'application/json', authorization: `Bearer ${forged}` },
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    const page = await fetch(url(), { headers: { cookie: `ev_session=${forged}` }, redirect: 'manual' });
    expect(page.status).toBe(303);
    // a browser goes to renew its session first, which sends it on to sign in when it cannot
    expect(page.headers.get('location')).toMatch(/^\/auth\/renew\?next=/);
  });
});
