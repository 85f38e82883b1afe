/**
 * What an API Gateway HTTP API makes of a request for its Lambda functions (payload 2.0), and of their results,
 * faithful where handlers can tell: lowercased headers with repeated ones comma-joined, cookies in their own
 * field, URL-decoded path parameters, bodies as text only for text/*, JSON, XML and JavaScript (everything else,
 * form posts included, arrives base64-encoded), string and header-less results answered as JSON.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  APIGatewayEventRequestContextV2,
  APIGatewayProxyEventV2,
  APIGatewayRequestAuthorizerEventV2,
} from 'aws-lambda';
import type { Route } from '#functions/manifest.ts';
import { type Headers, send } from '#infra/local/http.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '#workflows/local-arns.ts';

const API_ID = 'local';

/** One request as API Gateway passes it on: the parts shared by the authorizer's event and the handler's. */
export interface GatewayRequest {
  routeKey: string;
  rawPath: string;
  rawQueryString: string;
  headers: Record<string, string>;
  cookies: string[];
  queryStringParameters?: Record<string, string>;
  pathParameters: Record<string, string>;
  requestContext: APIGatewayEventRequestContextV2;
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

/**
 * The request as API Gateway passes it on, for the route it matched; `$default` (no route matched) keeps the
 * request's own method.
 */
export function gatewayRequest(
  req: IncomingMessage,
  matched: { route: Route; pathParameters: Record<string, string> } | '$default',
  target: { rawPath: string; rawQueryString: string; host: string; requestId: string },
): GatewayRequest {
  const { route, pathParameters } =
    matched === '$default' ? { route: undefined, pathParameters: {} } : matched;
  const { rawPath, rawQueryString, requestId } = target;
  const method = route ? route.method : (req.method ?? 'GET').toUpperCase();
  const routeKey = route ? `${route.method} ${route.path}` : '$default';
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

  const hostHeader = headers.host ?? target.host;
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
  return {
    routeKey,
    rawPath,
    rawQueryString,
    headers,
    cookies,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    pathParameters,
    requestContext,
  };
}

/** The REQUEST authorizer's event (payload 2.0, no identity source) for a request. */
export function authorizerEvent(r: GatewayRequest): APIGatewayRequestAuthorizerEventV2 {
  const { method } = r.requestContext.http;
  const hasParams = Object.keys(r.pathParameters).length > 0;
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: `arn:aws:execute-api:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${API_ID}/$default/${method}${r.rawPath}`,
    identitySource: [],
    routeKey: r.routeKey,
    rawPath: r.rawPath,
    rawQueryString: r.rawQueryString,
    cookies: r.cookies,
    headers: { ...r.headers },
    ...(r.queryStringParameters ? { queryStringParameters: r.queryStringParameters } : {}),
    requestContext: { ...r.requestContext },
    ...(hasParams ? { pathParameters: { ...r.pathParameters } } : {}),
  };
}

/** The handler's event for a request with its body, and the authorizer's context when the route has one. */
export function proxyEvent(
  r: GatewayRequest,
  body: Buffer,
  authorizer?: { lambda: Record<string, unknown> },
): APIGatewayProxyEventV2 {
  const requestContext: APIGatewayEventRequestContextV2 & { authorizer?: typeof authorizer } = authorizer
    ? { ...r.requestContext, authorizer }
    : r.requestContext;
  const text = body.length === 0 || isTextContent(r.headers['content-type']);
  const hasParams = Object.keys(r.pathParameters).length > 0;
  return {
    version: '2.0',
    routeKey: r.routeKey,
    rawPath: r.rawPath,
    rawQueryString: r.rawQueryString,
    ...(r.cookies.length > 0 ? { cookies: r.cookies } : {}),
    headers: r.headers,
    ...(r.queryStringParameters ? { queryStringParameters: r.queryStringParameters } : {}),
    requestContext,
    ...(body.length > 0 ? { body: text ? body.toString('utf8') : body.toString('base64') } : {}),
    ...(hasParams ? { pathParameters: r.pathParameters } : {}),
    isBase64Encoded: !text,
  };
}

/** Writes a handler's result as API Gateway (payload 2.0) would. */
export function writeResult(res: ServerResponse, result: unknown, requestId: string): void {
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
  const headers: Headers = { ...base };
  for (const [k, v] of Object.entries(r.headers ?? {})) {
    if (v !== undefined && v !== null) headers[k.toLowerCase()] = String(v);
  }
  if (Array.isArray(r.cookies) && r.cookies.length > 0) headers['set-cookie'] = r.cookies.map(String);
  const text = typeof r.body === 'string' ? r.body : '';
  const body = r.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
  const status = typeof r.statusCode === 'number' ? r.statusCode : Number(r.statusCode ?? 200);
  send(res, Number.isInteger(status) && status >= 100 && status < 600 ? status : 500, headers, body);
}
