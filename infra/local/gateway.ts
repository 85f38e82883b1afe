/**
 * The local HTTP gateway: serves the manifest's routes the way an API Gateway HTTP API does, turning each request
 * into a payload 2.0 event for the same handler modules. For routes behind the authorizer it first runs the
 * Lambda REQUEST authorizer (simple responses): a refusal answers 403 `{"message":"Forbidden"}` as API Gateway
 * does, otherwise its context reaches the handler as `requestContext.authorizer.lambda`.
 *
 * Faithful where handlers can tell: lowercased headers with repeated ones comma-joined, cookies in their own
 * field, URL-decoded path parameters, bodies as text only for text/*, JSON, XML and JavaScript (everything else,
 * form posts included, arrives base64-encoded), string and header-less results answered as JSON. It also enforces
 * the contract's 1 MB body limit (413) before any handler runs. Never logs a body, a header or a token.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  APIGatewayEventRequestContextV2,
  APIGatewayProxyEventV2,
  APIGatewayRequestAuthorizerEventV2,
  Context,
} from 'aws-lambda';
import type { Language } from '#domain/visit.ts';
import { FUNCTIONS, type FunctionName, type Route } from '#functions/manifest.ts';

export const LOCAL_REGION = 'ap-southeast-1';
export const LOCAL_ACCOUNT = '000000000000';
const API_ID = 'local';

/** The contract's request body limit (API.md): larger bodies answer 413. */
export const BODY_LIMIT_BYTES = 1024 * 1024;
/** Past this, the connection is cut instead of drained. */
const DRAIN_LIMIT_BYTES = 16 * BODY_LIMIT_BYTES;

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

/** A Lambda-like context for one invocation of `fn`, with the manifest's memory size and timeout. */
export function lambdaContext(fn: FunctionName, requestId: string = randomUUID()): Context {
  const spec = FUNCTIONS[fn];
  const deadline = Date.now() + spec.timeoutSeconds * 1000;
  const name = `exchange-visits-${fn}`;
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${name}`,
    memoryLimitInMB: String(spec.memoryMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: `${day}/[$LATEST]${requestId.replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

interface CompiledRoute {
  route: Route;
  segments: { literal?: string; param?: string; greedy?: boolean }[];
}

function compile(route: Route): CompiledRoute {
  const segments = route.path
    .split('/')
    .slice(1)
    .map((s) => {
      const m = /^\{([A-Za-z0-9_]+)(\+)?\}$/.exec(s);
      return m ? { param: m[1], greedy: m[2] === '+' } : { literal: s };
    });
  return { route, segments };
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The route for a method and raw path, and its decoded path parameters; the most specific wins (a literal
 * segment over a parameter, segment by segment), as in API Gateway.
 */
export function matchRoute(
  routes: readonly Route[],
  method: string,
  rawPath: string,
): { route: Route; pathParameters: Record<string, string> } | undefined {
  const parts = rawPath.split('/').slice(1);
  let best: { route: Route; pathParameters: Record<string, string>; score: string } | undefined;
  for (const { route, segments } of routes.map(compile)) {
    if (route.method !== method) continue;
    const params: Record<string, string> = {};
    let score = '';
    let ok = true;
    for (let i = 0; i < segments.length && ok; i++) {
      const seg = segments[i]!;
      const part = parts[i];
      if (seg.greedy && seg.param) {
        const rest = parts.slice(i);
        if (rest.length === 0 || rest.join('') === '') ok = false;
        else params[seg.param] = decode(rest.join('/'));
        score += '0';
        i = parts.length;
        break;
      }
      if (part === undefined) ok = false;
      else if (seg.literal !== undefined) {
        ok = seg.literal === part;
        score += '2';
      } else if (seg.param) {
        ok = part !== '';
        params[seg.param] = decode(part);
        score += '1';
      }
    }
    const greedy = segments.some((s) => s.greedy);
    if (!ok || (!greedy && parts.length !== segments.length)) continue;
    if (!best || score > best.score) best = { route, pathParameters: params, score };
  }
  return best && { route: best.route, pathParameters: best.pathParameters };
}

/** API Gateway delivers these as text; any other body (form posts too) arrives base64-encoded. */
function isTextContent(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const media = contentType.split(';')[0]!.trim().toLowerCase();
  return (
    media.startsWith('text/') ||
    media === 'application/json' ||
    media === 'application/xml' ||
    media === 'application/javascript'
  );
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** API Gateway's request time format: 12/Mar/2020:19:03:58 +0000 */
function requestTime(at: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(at.getUTCDate())}/${MONTHS[at.getUTCMonth()]}/${at.getUTCFullYear()}:${p(at.getUTCHours())}:${p(at.getUTCMinutes())}:${p(at.getUTCSeconds())} +0000`;
}

function queryParameters(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === '') return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(rawQueryString)) {
    out[k] = out[k] === undefined ? v : `${out[k]},${v}`;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

type BodyRead = { ok: true; body: Buffer } | { ok: false };

/** Reads the body up to the limit; a larger one is drained (so the client reads the 413) and refused. */
function readBody(req: IncomingMessage): Promise<BodyRead> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > DRAIN_LIMIT_BYTES) {
      resolve({ ok: false });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= BODY_LIMIT_BYTES) chunks.push(chunk);
      else if (size > DRAIN_LIMIT_BYTES) req.destroy();
    });
    req.on('end', () =>
      resolve(size > BODY_LIMIT_BYTES ? { ok: false } : { ok: true, body: Buffer.concat(chunks) }),
    );
    req.on('close', () => {
      if (!req.complete) resolve({ ok: false });
    });
    req.on('error', reject);
  });
}

function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string | string[]>,
  body: Buffer | string,
): void {
  if (res.headersSent) return;
  const buf = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { ...headers, 'content-length': String(buf.length) });
  res.end(buf);
}

function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  extra: Record<string, string> = {},
): void {
  send(res, status, { 'content-type': 'application/json', ...extra }, JSON.stringify(value));
}

/** Writes a handler's result as API Gateway (payload 2.0) would. */
function writeResult(res: ServerResponse, result: unknown, requestId: string): void {
  const base = { 'apigw-requestid': requestId };
  if (typeof result === 'string') {
    send(res, 200, { ...base, 'content-type': 'application/json' }, result);
    return;
  }
  if (!result || typeof result !== 'object' || !('statusCode' in result)) {
    send(res, 200, { ...base, 'content-type': 'application/json' }, JSON.stringify(result ?? null));
    return;
  }
  const r = result as {
    statusCode?: unknown;
    headers?: Record<string, unknown>;
    cookies?: unknown;
    body?: unknown;
    isBase64Encoded?: unknown;
  };
  const headers: Record<string, string | string[]> = { ...base };
  for (const [k, v] of Object.entries(r.headers ?? {})) {
    if (v !== undefined && v !== null) headers[k.toLowerCase()] = String(v);
  }
  if (Array.isArray(r.cookies) && r.cookies.length > 0) headers['set-cookie'] = r.cookies.map(String);
  const text = typeof r.body === 'string' ? r.body : '';
  const body = r.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
  const status = typeof r.statusCode === 'number' ? r.statusCode : Number(r.statusCode ?? 200);
  send(res, Number.isInteger(status) && status >= 100 && status < 600 ? status : 500, headers, body);
}

function language(req: IncomingMessage): Language {
  return (req.headers['accept-language'] ?? '').trim().toLowerCase().startsWith('en') ? 'en' : 'vi';
}

export async function startGateway(opts: GatewayOptions): Promise<Gateway> {
  const log = opts.log ?? ((line: string) => console.error(line));
  const host = opts.host ?? '127.0.0.1';
  const routes = opts.routes;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const rawPath = q < 0 ? target : target.slice(0, q);
    const rawQueryString = q < 0 ? '' : target.slice(q + 1);

    if (!opts.ready()) {
      if (rawPath === '/healthz') sendJson(res, 503, { ok: false });
      else sendJson(res, 503, { message: 'Service Unavailable' });
      return;
    }
    if (opts.localRoutes && (await opts.localRoutes(req, res))) return;

    const read = await readBody(req);
    if (!read.ok) {
      const message =
        language(req) === 'en' ? 'The request body is larger than 1 MB' : 'Nội dung yêu cầu vượt quá 1 MB';
      sendJson(res, 413, { error: { code: 'PAYLOAD_TOO_LARGE', message } }, { connection: 'close' });
      return;
    }
    const matched = matchRoute(routes, method, rawPath);
    if (!matched) {
      sendJson(res, 404, { message: 'Not Found' });
      return;
    }
    const { route, pathParameters } = matched;
    const routeKey = `${route.method} ${route.path}`;
    const requestId = randomUUID();
    const now = new Date();
    const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');

    const headers: Record<string, string> = {};
    let cookieHeader: string[] = [];
    for (const [name, values] of Object.entries(req.headersDistinct)) {
      if (!values) continue;
      if (name === 'cookie') cookieHeader = values;
      else headers[name] = values.join(',');
    }
    headers['x-forwarded-for'] = headers['x-forwarded-for']
      ? `${headers['x-forwarded-for']}, ${sourceIp}`
      : sourceIp;
    headers['x-forwarded-port'] = String(req.socket.localPort ?? '');
    headers['x-forwarded-proto'] = 'http';
    const cookies = cookieHeader
      .flatMap((c) => c.split(';'))
      .map((c) => c.trim())
      .filter((c) => c !== '');

    const hostHeader = headers.host ?? host;
    const requestContext: APIGatewayEventRequestContextV2 = {
      accountId: LOCAL_ACCOUNT,
      apiId: API_ID,
      domainName: hostHeader,
      domainPrefix: hostHeader.split(/[.:]/)[0] ?? hostHeader,
      http: {
        method,
        path: rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey,
      stage: '$default',
      time: requestTime(now),
      timeEpoch: now.getTime(),
    };
    const queryStringParameters = queryParameters(rawQueryString);
    const hasParams = Object.keys(pathParameters).length > 0;

    let authorizer: { lambda: Record<string, unknown> } | undefined;
    if (route.auth === 'user') {
      const authEvent: APIGatewayRequestAuthorizerEventV2 = {
        version: '2.0',
        type: 'REQUEST',
        routeArn: `arn:aws:execute-api:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${API_ID}/$default/${method}${rawPath}`,
        identitySource: [],
        routeKey,
        rawPath,
        rawQueryString,
        cookies,
        headers: { ...headers },
        ...(queryStringParameters ? { queryStringParameters } : {}),
        requestContext: { ...requestContext },
        ...(hasParams ? { pathParameters: { ...pathParameters } } : {}),
      };
      let decision: AuthorizerResult;
      try {
        decision = await opts.authorizer(authEvent, lambdaContext('authorizer'));
      } catch (err) {
        log(`[gateway] ${routeKey}: the authorizer failed: ${describe(err)}`);
        sendJson(res, 500, { message: 'Internal Server Error' }, { 'apigw-requestid': requestId });
        return;
      }
      if (decision?.isAuthorized !== true) {
        sendJson(res, 403, { message: 'Forbidden' }, { 'apigw-requestid': requestId });
        return;
      }
      authorizer = { lambda: { ...(decision.context ?? {}) } };
    }

    const withAuthorizer: APIGatewayEventRequestContextV2 & { authorizer?: typeof authorizer } = authorizer
      ? { ...requestContext, authorizer }
      : requestContext;
    const body = read.body;
    const text = body.length === 0 || isTextContent(headers['content-type']);
    const event: APIGatewayProxyEventV2 = {
      version: '2.0',
      routeKey,
      rawPath,
      rawQueryString,
      ...(cookies.length > 0 ? { cookies } : {}),
      headers,
      ...(queryStringParameters ? { queryStringParameters } : {}),
      requestContext: withAuthorizer,
      ...(body.length > 0 ? { body: text ? body.toString('utf8') : body.toString('base64') } : {}),
      ...(hasParams ? { pathParameters } : {}),
      isBase64Encoded: !text,
    };

    let result: unknown;
    try {
      const handler = await opts.loadHandler(route.fn);
      result = await handler(event, lambdaContext(route.fn, requestId));
    } catch (err) {
      log(`[gateway] ${routeKey} (${route.fn}) failed: ${describe(err)}`);
      sendJson(res, 500, { message: 'Internal Server Error' }, { 'apigw-requestid': requestId });
      return;
    }
    writeResult(res, result, requestId);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // the path of a link carries its token: log the route's shape only
      log(
        `[gateway] ${req.method} ${redactPath((req.url ?? '').split('?')[0] ?? '')} failed: ${describe(err)}`,
      );
      if (!res.headersSent) sendJson(res, 500, { message: 'Internal Server Error' });
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
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
