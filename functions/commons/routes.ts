/**
 * The wrapper of every HTTP entry, as `task` is of every Step Functions task: an entry reads as the routes the
 * manifest gives its function and, for each, its domain call:
 *
 *   export const handler = http('getVisit', { 'GET /visits/{id}': { roles: STAFF, handle: async (req) => … }, … });
 *
 * The table must hold exactly the function's route keys (a type error otherwise, and an error at start-up for a
 * table that got past the types). For each request the wrapper
 * - keys the logs by the route, and by the visit when the path names one, and resets the keys when the request
 *   ends, so a warm container never logs the previous request's visit (never the event: it carries tokens);
 * - on a route behind the authorizer, reads who the signed-in person is from the directory — their user record,
 *   with the directory items the route declares it needs (`needs`), in one BatchGetItem; the request reads the
 *   directory from that and nothing is kept for the next request, so a change holds from the very next one — and
 *   checks the route's roles by throwing: no email, no user or a disabled one answers 401 (JSON) or, for a
 *   browser, 303 to the session's renewal (then sign-in) or a posted form kept; a missing role 403; the one error
 *   mapping (httpErrors with the error pages) renders them, and every other named error, in the request's
 *   language, as JSON or as a page;
 * - checks the route's path parameters are present (400 naming the missing one) and of their shape (a value of
 *   another shape names nothing: the route's 404, before any read), and hands the route what it reads: the
 *   parameters, the user, the language, the viewer of a page, whether the answer is JSON, and `page`
 *   and `answer` to reply with HTML or JSON.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type DirectoryNeeds, directory, requestDirectory } from '#adapters/dynamodb-directory.ts';
import { MalformedRequestError, UnauthenticatedError } from '#domain/errors.ts';
import { VISIT_ID } from '#domain/ids.ts';
import type { DirectoryReader } from '#domain/ports.ts';
import type { Language } from '#domain/visit.ts';
import { type FUNCTIONS, type FunctionName, ROUTES } from '#functions/manifest.ts';
import type { Viewer } from '#templates/pages/layout.ts';
import { httpErrors, json, langOf, type Result, wantsJson } from './http.ts';
import { authenticatedEmail, type Identity, identify, isRole, type Role } from './identity.ts';
import { logger } from './logger.ts';
import { pageErrors, sendPage, viewerOf } from './pages.ts';
import { type ParamShape, paramShape } from './path-params.ts';

type ManifestRoute = (typeof ROUTES)[number];
type KeyOf<R> = R extends { method: infer M extends string; path: infer P extends string }
  ? `${M} ${P}`
  : never;

/** The functions the manifest serves over HTTP. */
export type HttpFunction = {
  [F in FunctionName]: (typeof FUNCTIONS)[F]['kind'] extends 'http' ? F : never;
}[FunctionName];

/** The route keys the manifest gives `F`, as API Gateway writes them: "GET /visits/{id}". */
export type RouteKey<F extends HttpFunction> = KeyOf<Extract<ManifestRoute, { fn: F }>>;

type SignedInKey<F extends HttpFunction> = KeyOf<Extract<ManifestRoute, { fn: F; auth: 'user' }>>;

/** The path parameters of a route key: "GET /visits/{id}/documents/{docId}" → "id" | "docId". */
export type PathParams<K extends string> = K extends `${string}{${infer P}}${infer Rest}`
  ? P | PathParams<Rest>
  : never;

/** What a route reads of its request, parsed and checked. */
export interface HttpRequest<K extends string, U extends Identity | undefined> {
  event: APIGatewayProxyEventV2;
  /** the path parameters, each present and non-empty */
  params: Readonly<Record<PathParams<K>, string>>;
  /** the signed-in user on a route behind the authorizer, as the directory has them now; none on a public route */
  user: U;
  /** the directory as this request reads it (what the route declared it needs is read already) */
  directory: DirectoryReader;
  lang: Language;
  /** the answer is JSON: the request accepts JSON or sends it */
  wantsJson: boolean;
  /** who looks at a page, in which language, with the CSRF token for its forms */
  readonly viewer: Viewer;
  /** an HTML page (a `?lang=` in the request is remembered in the `lang` cookie) */
  page(body: string, statusCode?: number): Result;
  /** `body` as JSON for a JSON client, else the page `page` renders */
  answer(statusCode: number, body: unknown, page: () => string): Result;
}

type Handle<K extends string, U extends Identity | undefined> = (req: HttpRequest<K, U>) => Promise<Result>;

/** What of the directory a signed-in route reads besides its user, read in the same one read. */
export type Needs = (event: APIGatewayProxyEventV2) => DirectoryNeeds;

/**
 * A route behind the authorizer: its handler (any signed-in user), or the roles it needs (one of them; none for
 * any signed-in user), what of the directory it reads, and it.
 */
export type SignedInRoute<K extends string> =
  | Handle<K, Identity>
  | { roles?: readonly Role[]; needs?: Needs; handle: Handle<K, Identity> };

/** An entry's routes: every key the manifest gives the function, and no other. */
export type RouteTable<F extends HttpFunction> = {
  [K in RouteKey<F>]: K extends SignedInKey<F> ? SignedInRoute<K> : Handle<K, undefined>;
};

interface CompiledRoute {
  signedIn: boolean;
  roles: readonly Role[];
  needs?: Needs;
  params: readonly { name: string; shape: ParamShape }[];
  handle: (req: HttpRequest<string, Identity | undefined>) => Promise<Result>;
}

type RouteSpec =
  | CompiledRoute['handle']
  | { roles?: readonly Role[]; needs?: Needs; handle: CompiledRoute['handle'] };

/** Holds a table to the manifest: every route of `fn` answered, no other, roles only behind the authorizer. */
function compile(fn: HttpFunction, table: Record<string, unknown>): Map<string, CompiledRoute> {
  const routes = new Map<string, CompiledRoute>();
  const declared: readonly ManifestRoute[] = ROUTES.filter((r) => r.fn === fn);
  for (const r of declared) {
    const key = `${r.method} ${r.path}`;
    const spec = table[key] as RouteSpec | undefined;
    if (!spec) throw new Error(`${fn}: no handler for the manifest's route ${key}`);
    const roles = typeof spec === 'function' ? [] : (spec.roles ?? []);
    const needs = typeof spec === 'function' ? undefined : spec.needs;
    for (const role of roles)
      if (!isRole(role)) throw new TypeError(`${fn}: ${key} names an unknown role ${role}`);
    if (roles.length > 0 && r.auth !== 'user')
      throw new Error(`${fn}: ${key} is public, it cannot need roles`);
    if (needs && r.auth !== 'user') throw new Error(`${fn}: ${key} is public, it reads no user`);
    routes.set(key, {
      signedIn: r.auth === 'user',
      roles,
      ...(needs ? { needs } : {}),
      params: [...r.path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => {
        const name = m[1] ?? '';
        return { name, shape: paramShape(r.path, name) };
      }),
      handle: typeof spec === 'function' ? spec : spec.handle,
    });
  }
  const extra = Object.keys(table).filter((key) => !routes.has(key));
  if (extra.length > 0) throw new Error(`${fn}: the manifest gives it no route ${extra.join(', ')}`);
  return routes;
}

/**
 * The route's path parameters; MalformedRequestError (400) names one that is missing, and one of another shape
 * answers what its shape says (the route's 404).
 */
function pathParams(
  event: APIGatewayProxyEventV2,
  declared: CompiledRoute['params'],
): Record<string, string> {
  const params: Record<string, string> = {};
  for (const { name, shape } of declared) {
    const value = event.pathParameters?.[name];
    if (!value)
      throw new MalformedRequestError({ vi: `Thiếu tham số ${name}`, en: `Missing path parameter ${name}` });
    if (!shape.shape.test(value)) throw shape.missing();
    params[name] = value;
  }
  return params;
}

function request(
  event: APIGatewayProxyEventV2,
  params: Record<string, string>,
  user: Identity | undefined,
  reader: () => DirectoryReader,
): HttpRequest<string, Identity | undefined> {
  const asJson = wantsJson(event);
  let viewer: Viewer | undefined;
  return {
    event,
    params,
    user,
    get directory() {
      return reader();
    },
    lang: langOf(event),
    wantsJson: asJson,
    get viewer() {
      viewer ??= viewerOf(event, user);
      return viewer;
    },
    page: (body, statusCode = 200) => sendPage(event, statusCode, body),
    answer: (statusCode, body, page) =>
      asJson ? json(statusCode, body) : sendPage(event, statusCode, page()),
  };
}

/** API Gateway's route key for a request no route matches. */
export const DEFAULT_ROUTE_KEY = '$default';

/**
 * The handler of the HTTP function `fn`, answering the routes of `table`, and with `unmatched` the `$default`
 * route (the manifest's DEFAULT_ROUTE names the one function that answers it).
 */
export function http<F extends HttpFunction>(
  fn: F,
  table: RouteTable<F>,
  opts: { unmatched?: Handle<typeof DEFAULT_ROUTE_KEY, undefined> } = {},
) {
  const routes = compile(fn, table as Record<string, unknown>);
  const declared = [...routes.keys()] as RouteKey<F>[];
  if (opts.unmatched)
    routes.set(DEFAULT_ROUTE_KEY, {
      signedIn: false,
      roles: [],
      params: [],
      handle: opts.unmatched as CompiledRoute['handle'],
    });
  const handler = middy<APIGatewayProxyEventV2, Result>()
    // after each request (answered or failed) the keys go; never the event into a log
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
    .use(
      httpErrors({
        report: (error) => logger.error('request failed', { error: error as Error }),
        page: pageErrors,
      }),
    )
    .handler(async (event) => {
      const route = routes.get(event.routeKey);
      if (!route) throw new Error(`${fn} has no route ${event.routeKey}`);
      logger.appendKeys({ route: event.routeKey });
      const email = route.signedIn ? authenticatedEmail(event) : undefined;
      if (route.signedIn && !email) throw new UnauthenticatedError();
      // the parameters' shapes are checked before the directory read, which may key items by them (`needs`)
      const params = pathParams(event, route.params);
      let user: Identity | undefined;
      let reader: DirectoryReader | undefined;
      if (email) {
        reader = await requestDirectory(email, route.needs?.(event));
        user = identify(await reader.user(email), route.roles);
      }
      const visitId = params.id ?? params.visitId;
      if (visitId && VISIT_ID.test(visitId)) logger.appendKeys({ visitId });
      return route.handle(request(event, params, user, () => reader ?? directory()));
    });
  return Object.assign(handler, { routes: declared });
}
