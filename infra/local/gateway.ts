/**
 * The local HTTP gateway: serves the manifest's routes the way an API Gateway HTTP API does, turning each request
 * into a payload 2.0 event for the same handler modules (`gateway-events.ts`). For routes behind the authorizer it
 * first runs the Lambda REQUEST authorizer (simple responses): a refusal answers 403 `{"message":"Forbidden"}` as
 * API Gateway does, otherwise its context reaches the handler as `requestContext.authorizer.lambda`. It enforces
 * the contract's 1 MB body limit (413) before any handler runs. A request no route matches goes, as `$default`,
 * to the function the manifest names for it (the styled 404). Never logs a body, a header or a token.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayRequestAuthorizerEventV2, Context } from 'aws-lambda';
import type { Language } from '#domain/visit.ts';
import { DEFAULT_ROUTE, type FunctionName, type Route } from '#functions/manifest.ts';
import { authorizerEvent, gatewayRequest, proxyEvent, writeResult } from '#infra/local/gateway-events.ts';
import { matchRoute } from '#infra/local/gateway-routes.ts';
import { type Headers, listen, readBody, sendJson } from '#infra/local/http.ts';
import { lambdaContext } from '#infra/local/lambda-context.ts';

/** The contract's request body limit: larger bodies answer 413. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

export type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => unknown;

export interface AuthorizerResult {
  isAuthorized: boolean;
  context?: Record<string, unknown>;
}

export type AuthorizerHandler = (
  event: APIGatewayRequestAuthorizerEventV2,
  context: Context,
) => Promise<AuthorizerResult>;

export interface GatewayOptions {
  port: number;
  host?: string;
  routes: readonly Route[];
  loadHandler: (fn: FunctionName) => Promise<HttpHandler>;
  authorizer: AuthorizerHandler;
  /** tried first, for routes outside the manifest (e.g. /local/*); resolves true when it answered */
  localRoutes?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
  /** until true, /healthz answers 503 `{"ok":false}` and every other request 503 */
  ready: () => boolean;
  /** one line per failure; console.error by default */
  log?: (line: string) => void;
}

export interface Gateway {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** API Gateway's own answers (not a handler's) are JSON without a charset. */
function answer(res: ServerResponse, status: number, value: unknown, headers: Headers = {}): void {
  sendJson(res, status, value, { 'content-type': 'application/json', ...headers });
}

function language(req: IncomingMessage): Language {
  return (req.headers['accept-language'] ?? '').trim().toLowerCase().startsWith('en') ? 'en' : 'vi';
}

export async function startGateway(opts: GatewayOptions): Promise<Gateway> {
  const log = opts.log ?? ((line: string) => console.error(line));
  const host = opts.host ?? '127.0.0.1';

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const rawPath = q < 0 ? target : target.slice(0, q);
    const rawQueryString = q < 0 ? '' : target.slice(q + 1);

    if (!opts.ready()) {
      if (rawPath === '/healthz') answer(res, 503, { ok: false });
      else answer(res, 503, { message: 'Service Unavailable' });
      return;
    }
    if (opts.localRoutes && (await opts.localRoutes(req, res))) return;

    const read = await readBody(req, BODY_LIMIT_BYTES);
    if (!read.ok) {
      const message =
        language(req) === 'en' ? 'The request body is larger than 1 MB' : 'Nội dung yêu cầu vượt quá 1 MB';
      answer(res, 413, { error: { code: 'PAYLOAD_TOO_LARGE', message } }, { connection: 'close' });
      return;
    }
    const matched = matchRoute(opts.routes, method, rawPath) ?? '$default';
    const requestId = randomUUID();
    const request = gatewayRequest(req, matched, { rawPath, rawQueryString, host, requestId });
    const { routeKey } = request;
    const fn = matched === '$default' ? DEFAULT_ROUTE.fn : matched.route.fn;

    let authorizer: { lambda: Record<string, unknown> } | undefined;
    if (matched !== '$default' && matched.route.auth === 'user') {
      let decision: AuthorizerResult;
      try {
        decision = await opts.authorizer(authorizerEvent(request), lambdaContext('authorizer'));
      } catch (err) {
        log(`[gateway] ${routeKey}: the authorizer failed: ${describe(err)}`);
        answer(res, 500, { message: 'Internal Server Error' }, { 'apigw-requestid': requestId });
        return;
      }
      if (decision?.isAuthorized !== true) {
        answer(res, 403, { message: 'Forbidden' }, { 'apigw-requestid': requestId });
        return;
      }
      authorizer = { lambda: { ...(decision.context ?? {}) } };
    }

    let result: unknown;
    try {
      const handler = await opts.loadHandler(fn);
      result = await handler(proxyEvent(request, read.body, authorizer), lambdaContext(fn, requestId));
    } catch (err) {
      log(`[gateway] ${routeKey} (${fn}) failed: ${describe(err)}`);
      answer(res, 500, { message: 'Internal Server Error' }, { 'apigw-requestid': requestId });
      return;
    }
    writeResult(res, result, requestId);
  }

  // requests still being handled: closing waits for them, so no handler writes to an emulator that has stopped
  const inflight = new Set<Promise<void>>();
  const server = createServer((req, res) => {
    const handling = handle(req, res).catch((err: unknown) => {
      // the path of a link carries its token: log the route's shape only
      log(
        `[gateway] ${req.method} ${redactPath((req.url ?? '').split('?')[0] ?? '')} failed: ${describe(err)}`,
      );
      if (!res.headersSent) answer(res, 500, { message: 'Internal Server Error' });
      else res.destroy();
    });
    inflight.add(handling);
    void handling.finally(() => inflight.delete(handling));
  });
  const listening = await listen(server, opts.port, host);
  return {
    ...listening,
    async close() {
      await listening.close();
      await Promise.allSettled([...inflight]);
    },
  };
}

/** An error's name, message and stack; never a request's body or headers. */
function describe(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}

/** A path with the token of an approval or revision link replaced, fit for a log line. */
export function redactPath(path: string): string {
  return path.replace(/\/(approve|revise)\/[^/]+/g, '/$1/{token}');
}
