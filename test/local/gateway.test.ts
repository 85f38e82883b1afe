import { request as httpRequest } from 'node:http';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FunctionName, Route } from '#functions/manifest.ts';
import {
  type AuthorizerHandler,
  type Gateway,
  type HttpHandler,
  startGateway,
} from '#infra/local/gateway.ts';
import { matchRoute } from '#infra/local/gateway-routes.ts';

const ROUTES: readonly Route[] = [
  { method: 'GET', path: '/healthz', fn: 'healthz', auth: 'public' },
  { method: 'GET', path: '/visits/new', fn: 'submitVisit', auth: 'user' },
  { method: 'POST', path: '/visits', fn: 'submitVisit', auth: 'user' },
  { method: 'GET', path: '/visits/{id}', fn: 'getVisit', auth: 'user' },
  { method: 'GET', path: '/visits/{id}/documents/{docId}', fn: 'getVisit', auth: 'user' },
  { method: 'POST', path: '/approve/{token}', fn: 'approvalLink', auth: 'public' },
  { method: 'GET', path: '/archive', fn: 'archive', auth: 'user' },
  { method: 'GET', path: '/agencies', fn: 'listAgencies', auth: 'public' },
];

interface Seen {
  event: APIGatewayProxyEventV2 & { requestContext: { authorizer?: { lambda: Record<string, unknown> } } };
  context: Context;
}

let seen: Seen[] = [];
let authorizerCalls = 0;
let logLines: string[] = [];
let ready = true;

const echo: HttpHandler = (event, context) => {
  seen.push({ event: event as Seen['event'], context });
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ok: true }),
  };
};

const HANDLERS: Partial<Record<FunctionName, HttpHandler>> = {
  healthz: () => ({ statusCode: 200, body: '{"ok":true}' }),
  // the manifest's DEFAULT_ROUTE: what no route matches
  static: (event) => ({
    statusCode: 404,
    body: JSON.stringify({ routeKey: event.routeKey, method: event.requestContext.http.method }),
  }),
  submitVisit: echo,
  getVisit: echo,
  approvalLink: echo,
  // string and header-less results, cookies and a base64 body, as API Gateway maps them
  listAgencies: (event) => {
    const q = event.queryStringParameters?.shape;
    if (q === 'string') return '["plain string"]';
    if (q === 'object') return { hello: 'world' };
    if (q === 'binary')
      return { statusCode: 200, isBase64Encoded: true, body: Buffer.from([0, 1, 2, 255]).toString('base64') };
    return {
      statusCode: 201,
      headers: { 'x-count': 3, 'content-type': 'text/plain' },
      cookies: ['a=1; Path=/', 'b=2; Path=/; HttpOnly'],
      body: 'made',
    };
  },
  archive: async () => {
    throw new Error('the archive handler broke');
  },
};

const authorizer: AuthorizerHandler = async (event) => {
  authorizerCalls++;
  const header = event.headers?.authorization;
  if (header === 'Bearer forged') return { isAuthorized: false };
  if (header === 'Bearer boom') throw new Error('authorizer exploded');
  if (header === 'Bearer good')
    return {
      isAuthorized: true,
      context: {
        email: 'hoa.lt@btgtu.quangnam.example',
        roles: 'staff,secretary',
        agencyId: 'btgtu-quang-nam',
      },
    };
  return { isAuthorized: true, context: {} };
};

let gateway: Gateway;

beforeAll(async () => {
  gateway = await startGateway({
    port: 0,
    routes: ROUTES,
    loadHandler: async (fn) => {
      const h = HANDLERS[fn];
      if (!h) throw new Error(`no handler for ${fn}`);
      return h;
    },
    authorizer,
    localRoutes: async (req, res) => {
      if (req.url !== '/local/ping') return false;
      res.writeHead(200, { 'content-type': 'text/plain' }).end('pong');
      return true;
    },
    ready: () => ready,
    log: (line) => logLines.push(line),
  });
});

afterAll(async () => {
  await gateway.close();
});

beforeEach(() => {
  seen = [];
  authorizerCalls = 0;
  logLines = [];
  ready = true;
});

function last(): Seen {
  const s = seen.at(-1);
  if (!s) throw new Error('the handler was not called');
  return s;
}

/** A raw request, so repeated header lines and exact bodies reach the gateway as sent. */
function raw(
  method: string,
  path: string,
  headers: Record<string, string | string[]> = {},
  body?: Buffer | string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, gateway.url);
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('local gateway: routing', () => {
  it('matches a literal segment before a path parameter', () => {
    expect(matchRoute(ROUTES, 'GET', '/visits/new')?.route.path).toBe('/visits/new');
    expect(matchRoute(ROUTES, 'GET', '/visits/v1')?.route.path).toBe('/visits/{id}');
    expect(matchRoute(ROUTES, 'GET', '/visits/')).toBeUndefined();
    expect(matchRoute(ROUTES, 'GET', '/visits/v1/extra')).toBeUndefined();
  });

  it('hands an unknown path or a method the route lacks to the $default route, without the authorizer', async () => {
    const calls = authorizerCalls;
    for (const [method, path] of [
      ['GET', '/nowhere'],
      ['DELETE', '/visits/v1'],
      ['POST', '/healthz'],
    ] as const) {
      const res = await fetch(new URL(path, gateway.url), { method });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ routeKey: '$default', method });
    }
    expect(seen).toHaveLength(0);
    expect(authorizerCalls).toBe(calls);
  });

  it('serves the local routes before the manifest routes', async () => {
    const res = await fetch(new URL('/local/ping', gateway.url));
    expect(await res.text()).toBe('pong');
  });
});

describe('local gateway: the payload 2.0 event', () => {
  it('carries the route key, raw path, URL-decoded path parameters and the request context', async () => {
    const sent = Date.now();
    const res = await fetch(new URL('/visits/a%20b/documents/d%C3%A9', gateway.url), {
      headers: { 'user-agent': 'vitest-agent' },
    });
    expect(res.status).toBe(200);
    const { event, context } = last();
    expect(event.version).toBe('2.0');
    expect(event.routeKey).toBe('GET /visits/{id}/documents/{docId}');
    expect(event.rawPath).toBe('/visits/a%20b/documents/d%C3%A9');
    expect(event.pathParameters).toEqual({ id: 'a b', docId: 'dé' });
    expect(event.rawQueryString).toBe('');
    expect(event.queryStringParameters).toBeUndefined();
    expect(event.body).toBeUndefined();
    expect(event.isBase64Encoded).toBe(false);
    const rc = event.requestContext;
    expect(rc.stage).toBe('$default');
    expect(rc.routeKey).toBe(event.routeKey);
    expect(rc.http).toEqual({
      method: 'GET',
      path: '/visits/a%20b/documents/d%C3%A9',
      protocol: 'HTTP/1.1',
      sourceIp: '127.0.0.1',
      userAgent: 'vitest-agent',
    });
    expect(rc.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(rc.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(rc.timeEpoch).toBeGreaterThanOrEqual(sent);
    expect(rc.timeEpoch).toBeLessThanOrEqual(Date.now());
    expect(rc.accountId).toMatch(/^\d{12}$/);
    expect(rc.domainName).toBe(new URL(gateway.url).host);
    expect(res.headers.get('apigw-requestid')).toBe(rc.requestId);
    // a Lambda-like context
    expect(context.awsRequestId).toBe(rc.requestId);
    expect(context.functionName).toContain('getVisit');
    expect(context.memoryLimitInMB).toBe('256');
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(5000);
  });

  it('passes the raw query string and comma-joins repeated query parameters', async () => {
    await fetch(new URL('/visits/v1?a=1&a=2&b=x%20y&c=', gateway.url));
    const { event } = last();
    expect(event.rawQueryString).toBe('a=1&a=2&b=x%20y&c=');
    expect(event.queryStringParameters).toEqual({ a: '1,2', b: 'x y', c: '' });
  });

  it('lowercases headers, comma-joins repeated ones and moves cookies to their own field', async () => {
    await raw('GET', '/visits/v1', {
      'X-Custom': ['one', 'two'],
      Accept: 'application/json',
      Cookie: ['ev_session=abc; theme=dark', 'lang=vi'],
    });
    const { event } = last();
    expect(event.headers['x-custom']).toBe('one,two');
    expect(event.headers.accept).toBe('application/json');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.headers['x-forwarded-proto']).toBe('http');
    expect(event.cookies).toEqual(['ev_session=abc', 'theme=dark', 'lang=vi']);
  });

  it('passes a JSON body as text', async () => {
    const body = JSON.stringify({ title: 'Trao đổi kinh nghiệm' });
    await fetch(new URL('/visits', gateway.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body,
    });
    const { event } = last();
    expect(event.isBase64Encoded).toBe(false);
    expect(event.body).toBe(body);
  });

  it('base64-encodes a form post, as API Gateway does', async () => {
    const form = 'title=Trao+%C4%91%E1%BB%95i&members%5B0%5D%5Bname%5D=Lan';
    await fetch(new URL('/visits', gateway.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    const { event } = last();
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? '', 'base64').toString('utf8')).toBe(form);
  });

  it('base64-encodes a binary body byte for byte', async () => {
    const bytes = Buffer.from([0, 255, 128, 10, 13, 0x50, 0x4b]);
    await raw('POST', '/approve/t0k', { 'content-type': 'application/octet-stream' }, bytes);
    const { event } = last();
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? '', 'base64').equals(bytes)).toBe(true);
    expect(event.requestContext.authorizer).toBeUndefined();
  });
});

describe('local gateway: limits, the authorizer and failures', () => {
  it('answers 413 in the JSON error shape for a body over 1 MB, without calling the handler', async () => {
    const res = await fetch(new URL('/visits', gateway.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer good' },
      body: `"${'x'.repeat(1024 * 1024)}"`,
    });
    expect(res.status).toBe(413);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(body.error.message).toBeTruthy();
    expect(seen).toHaveLength(0);
    expect(authorizerCalls).toBe(0);
  });

  it('accepts a body of exactly 1 MB', async () => {
    const body = Buffer.alloc(1024 * 1024, 0x61);
    const res = await raw('POST', '/approve/t0k', { 'content-type': 'text/plain' }, body);
    expect(res.status).toBe(200);
    expect(last().event.body?.length).toBe(1024 * 1024);
  });

  it('answers 403 {"message":"Forbidden"} when the authorizer refuses, without calling the handler', async () => {
    const res = await fetch(new URL('/visits/v1', gateway.url), {
      headers: { authorization: 'Bearer forged' },
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ message: 'Forbidden' });
    expect(seen).toHaveLength(0);
  });

  it('passes an anonymous caller through with an empty authorizer context', async () => {
    const res = await fetch(new URL('/visits/v1', gateway.url));
    expect(res.status).toBe(200);
    expect(last().event.requestContext.authorizer).toEqual({ lambda: {} });
    expect(authorizerCalls).toBe(1);
  });

  it("hands the authorizer's context to the handler as requestContext.authorizer.lambda", async () => {
    await fetch(new URL('/visits/new', gateway.url), { headers: { authorization: 'Bearer good' } });
    expect(last().event.requestContext.authorizer?.lambda).toEqual({
      email: 'hoa.lt@btgtu.quangnam.example',
      roles: 'staff,secretary',
      agencyId: 'btgtu-quang-nam',
    });
  });

  it('runs no authorizer before a public route', async () => {
    await fetch(new URL('/approve/t0k', gateway.url), {
      method: 'POST',
      headers: { authorization: 'Bearer forged' },
    });
    expect(seen).toHaveLength(1);
    expect(authorizerCalls).toBe(0);
  });

  it('answers 500 {"message":"Internal Server Error"} when a handler throws, logging no body', async () => {
    const res = await fetch(new URL('/archive?secret=1', gateway.url), {
      headers: { authorization: 'Bearer good' },
    });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ message: 'Internal Server Error' });
    expect(logLines).toHaveLength(1);
    expect(logLines[0]).toContain('the archive handler broke');
    expect(logLines[0]).not.toContain('Bearer');
    expect(logLines[0]).not.toContain('secret=1');
  });

  it('answers 500 when the authorizer throws', async () => {
    const res = await fetch(new URL('/visits/v1', gateway.url), {
      headers: { authorization: 'Bearer boom' },
    });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ message: 'Internal Server Error' });
    expect(seen).toHaveLength(0);
  });

  it('answers /healthz 503 {"ok":false} until the runtime is ready', async () => {
    ready = false;
    const before = await fetch(new URL('/healthz', gateway.url));
    expect(before.status).toBe(503);
    expect(await before.json()).toEqual({ ok: false });
    ready = true;
    const after = await fetch(new URL('/healthz', gateway.url));
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual({ ok: true });
  });
});

describe('local gateway: responses', () => {
  it('writes status, headers, cookies as Set-Cookie lines and the body', async () => {
    const res = await fetch(new URL('/agencies', gateway.url));
    expect(res.status).toBe(201);
    expect(res.headers.get('x-count')).toBe('3');
    expect(res.headers.get('content-type')).toBe('text/plain');
    expect(res.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/; HttpOnly']);
    expect(await res.text()).toBe('made');
  });

  it('answers a string result as a 200 JSON body', async () => {
    const res = await fetch(new URL('/agencies?shape=string', gateway.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual(['plain string']);
  });

  it('answers a result without statusCode as 200 JSON of the whole result', async () => {
    const res = await fetch(new URL('/agencies?shape=object', gateway.url));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ hello: 'world' });
  });

  it('decodes a base64 result body', async () => {
    const res = await fetch(new URL('/agencies?shape=binary', gateway.url));
    expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from([0, 1, 2, 255]));
  });
});
