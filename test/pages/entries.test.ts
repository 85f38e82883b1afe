/**
 * The HTTP wrapper every HTTP entry is built with: each entry answers exactly the routes the manifest gives its
 * function, and the logs of one request never carry the keys of the one before (a warm container).
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDirectory } from '#adapters/dynamodb-directory.ts';
import { json } from '#commons/http.ts';
import { logger } from '#commons/logger.ts';
import { type HttpFunction, http } from '#commons/routes.ts';
import { FUNCTIONS, type FunctionName, ROUTES } from '#functions/manifest.ts';
import { lambdaContext } from '#infra/local/lambda-context.ts';
import { useEmulators } from '../support/emulators.ts';
import { httpEvent } from '../support/http-event.ts';

const HTTP_FUNCTIONS = (Object.keys(FUNCTIONS) as FunctionName[]).filter(
  (fn): fn is HttpFunction => FUNCTIONS[fn].kind === 'http',
);

type Entry = (event: APIGatewayProxyEventV2, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

/** An event for a route key, as a JSON client sends it: no identity, no path parameters unless given. */
function eventFor(
  routeKey: string,
  opts: { params?: Record<string, string>; query?: Record<string, string> } = {},
): APIGatewayProxyEventV2 {
  return httpEvent(routeKey, { ...opts, headers: { accept: 'application/json' } });
}

async function entryOf(fn: HttpFunction): Promise<Entry & { routes: readonly string[] }> {
  const url = new URL(`../../${FUNCTIONS[fn].entry}`, import.meta.url).href;
  const mod = (await import(/* @vite-ignore */ url)) as { handler: Entry & { routes: readonly string[] } };
  return mod.handler;
}

let lines: Record<string, unknown>[] = [];

/** From here to the end of the test, the JSON lines the logger writes (both streams, in order) go to `lines`. */
function captureLogs(): void {
  lines = [];
  const keep = (chunk: unknown) => {
    for (const line of String(chunk).split('\n'))
      if (line.startsWith('{')) lines.push(JSON.parse(line) as Record<string, unknown>);
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(keep);
  vi.spyOn(process.stderr, 'write').mockImplementation(keep);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('every HTTP entry answers the routes the manifest gives it, and no other', () => {
  beforeAll(() => {
    // the sign-in routes read their configuration on first use
    process.env.COGNITO_DOMAIN = 'https://login.visits.example';
    process.env.USER_POOL_CLIENT_ID = 'client-123';
    process.env.PUBLIC_URL = 'https://visits.example';
  });

  it.each(HTTP_FUNCTIONS)('%s', async (fn) => {
    const declared = ROUTES.filter((r) => r.fn === fn).map((r) => `${r.method} ${r.path}`);
    const entry = await entryOf(fn);
    captureLogs();

    expect([...entry.routes].sort()).toEqual(declared.sort());
    for (const key of declared) {
      // a route it answers: a sign-in, a missing parameter, or the answer itself; never the 500 of an unknown route
      const res = await entry(eventFor(key), lambdaContext(fn));
      expect(res.statusCode, key).toBeLessThan(500);
    }
    const foreign = ROUTES.find((r) => r.fn !== fn);
    const res = await entry(eventFor(`${foreign?.method} ${foreign?.path}`), lambdaContext(fn));
    expect(res.statusCode).toBe(500);
    expect(lines.at(-1)).toMatchObject({ message: 'request failed', error: { message: /has no route/ } });
  });

  it('refuses, before any request, a table that is not the manifest’s', () => {
    const healthz = async () => json(200, { ok: true });
    // @ts-expect-error the manifest gives healthz no such route
    expect(() => http('healthz', { 'GET /healthz': healthz, 'GET /other': healthz })).toThrow(
      /no route GET \/other/,
    );
    // @ts-expect-error a route of the manifest is missing
    expect(() => http('auth', { 'GET /auth/sign-in': healthz })).toThrow(
      /no handler .* GET \/auth\/callback/,
    );
    expect(() =>
      http('approvalLink', {
        'GET /approve/{token}': healthz,
        // @ts-expect-error a public route cannot need roles
        'GET /approve/{token}/document': { roles: ['staff'], handle: healthz },
        'POST /approve/{token}': healthz,
      }),
    ).toThrow(/is public/);
  });

  it('types each route’s path parameters from its key', () => {
    const entry = http('archive', {
      // @ts-expect-error GET /archive has no path parameter
      'GET /archive': async ({ params }) => json(200, params.visitId),
      'GET /archive/{visitId}': async ({ params }) => json(200, params.visitId),
      'GET /archive/{visitId}/download': async ({ params }) => json(200, params.visitId),
      'GET /archive/{visitId}/documents/{docId}/download': async ({ params }) =>
        json(200, [params.visitId, params.docId]),
    });
    expect(entry.routes).toHaveLength(4);
  });
});

describe('the logs of a warm container', () => {
  // a signed-in request reads its user from the directory
  const env = useEmulators();
  beforeAll(async () => {
    const at = '2026-01-01T00:00:00.000Z';
    await createDirectory(env.doc, env.tableName).createUser({
      email: 'a@b.example',
      name: 'A',
      roles: ['staff'],
      agencyId: 'btgdvtu-da-nang',
      disabled: false,
      createdAt: at,
      updatedAt: at,
    });
  });

  const VISIT_A = '20260801-7K3QX9M2PA';
  const VISIT_B = '20260802-AAAAAAAAAA';
  // shaped as a link token, or the wrapper answers 404 before the route runs
  const TOKEN = 'cGF5bG9hZA.c2lnbmF0dXJl';
  it('never carry the previous request’s visit: keys appended by a route are gone when it ends', async () => {
    // as the approval link does: the visit is known once the link is resolved, and keys the logs from there
    const entry = http('approvalLink', {
      'GET /approve/{token}': async ({ event }) => {
        logger.appendKeys({ visitId: event.queryStringParameters?.visit });
        logger.warn('link shown');
        return json(200, {});
      },
      'GET /approve/{token}/document': async () => {
        logger.warn('document asked for');
        return json(200, {});
      },
      'POST /approve/{token}': async ({ event }) => {
        logger.appendKeys({ visitId: event.queryStringParameters?.visit });
        throw new Error('the decision failed');
      },
    });
    const context = lambdaContext('approvalLink');
    captureLogs();

    await entry(
      eventFor('GET /approve/{token}', { params: { token: TOKEN }, query: { visit: VISIT_A } }),
      context,
    );
    await entry(eventFor('GET /approve/{token}/document', { params: { token: TOKEN } }), context);
    const failed = await entry(
      eventFor('POST /approve/{token}', { params: { token: TOKEN }, query: { visit: VISIT_B } }),
      context,
    );
    await entry(eventFor('GET /approve/{token}/document', { params: { token: TOKEN } }), context);

    expect(failed.statusCode).toBe(500);
    expect(lines.map((l) => [l.message, l.route, l.visitId])).toEqual([
      ['link shown', 'GET /approve/{token}', VISIT_A],
      ['document asked for', 'GET /approve/{token}/document', undefined],
      ['request failed', 'POST /approve/{token}', VISIT_B],
      ['document asked for', 'GET /approve/{token}/document', undefined],
    ]);
    expect(JSON.stringify(lines)).not.toContain(TOKEN);
  });

  it('are keyed by the visit a path names, for that request only', async () => {
    const entry = http('getVisit', {
      'GET /': async () => {
        logger.warn('home');
        return json(200, {});
      },
      'GET /visits/{id}': async () => {
        logger.warn('visit');
        return json(200, {});
      },
      'GET /visits/{id}/documents/{docId}': async () => json(200, {}),
    });
    const signedIn = (e: APIGatewayProxyEventV2) =>
      ({
        ...e,
        requestContext: {
          ...e.requestContext,
          authorizer: { lambda: { email: 'a@b.example', roles: 'staff' } },
        },
      }) as APIGatewayProxyEventV2;
    const context = lambdaContext('getVisit');
    captureLogs();

    await entry(signedIn(eventFor('GET /visits/{id}', { params: { id: VISIT_A } })), context);
    await entry(signedIn(eventFor('GET /')), context);

    expect(lines.map((l) => [l.message, l.visitId])).toEqual([
      ['visit', VISIT_A],
      ['home', undefined],
    ]);
  });
});
