/** Small helpers for the handlers that serve several routes of the manifest. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { MalformedRequestError } from '#domain/errors.ts';

/** The route key as API Gateway sets it, e.g. "GET /visits/{id}". */
export function routeOf(event: Pick<APIGatewayProxyEventV2, 'routeKey'>): string {
  return event.routeKey;
}

export function pathParam(event: Pick<APIGatewayProxyEventV2, 'pathParameters'>, name: string): string {
  const value = event.pathParameters?.[name];
  if (!value)
    throw new MalformedRequestError({ vi: `Thiếu tham số ${name}`, en: `Missing path parameter ${name}` });
  return value;
}
