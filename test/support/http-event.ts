/** An API Gateway (payload 2.0) event for a route key, as the gateway builds it, for calling a handler directly. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export function httpEvent(
  routeKey: string,
  opts: {
    /** path parameters */
    params?: Record<string, string>;
    query?: Record<string, string>;
    cookies?: string[];
    body?: string;
    headers?: Record<string, string>;
  } = {},
): APIGatewayProxyEventV2 {
  const [method = 'GET', rawPath = '/'] = routeKey.split(' ');
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: new URLSearchParams(opts.query ?? {}).toString(),
    headers: { ...(opts.headers ?? {}) },
    ...(opts.cookies ? { cookies: opts.cookies } : {}),
    ...(opts.query ? { queryStringParameters: opts.query } : {}),
    ...(opts.params ? { pathParameters: opts.params } : {}),
    ...(opts.body !== undefined ? { body: opts.body } : {}),
    isBase64Encoded: false,
    requestContext: { http: { method, path: rawPath } },
  } as unknown as APIGatewayProxyEventV2;
}
