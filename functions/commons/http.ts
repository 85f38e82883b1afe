/**
 * The HTTP edge shared by every HTTP function: reading the request (cookies, body: JSON or forms with indexed
 * names, the language of the answer, whether it should be JSON), response helpers with the security headers, and
 * the one place where named errors become responses. No SDK, no logger.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DomainError, MalformedRequestError, ValidationError } from '#domain/errors.ts';
import { MAX_INPUT_DEPTH, nestedTooDeeply, PROTOTYPE_KEYS, plainInput } from '#domain/input.ts';
import type { Language } from '#domain/visit.ts';
import { fieldMessages as composeFieldMessages } from '#templates/words/fields.ts';
import { SECURITY_HEADERS } from './headers.ts';
import { RENEW_PATH } from './identity.ts';

export { SECURITY_HEADERS };

export type Result = APIGatewayProxyStructuredResultV2;

export const MAX_BODY_BYTES = 1_048_576;

export class PayloadTooLargeError extends DomainError {
  constructor() {
    super('PAYLOAD_TOO_LARGE', 413, {
      vi: 'Dữ liệu gửi lên vượt quá 1 MB',
      en: 'The request body is larger than 1 MB',
    });
  }
}

type CookieEvent = { cookies?: string[]; headers?: Record<string, string | undefined> };

/** The value of a cookie, from API Gateway's `cookies` field (or a raw Cookie header). */
export function cookieValue(event: CookieEvent, name: string): string | undefined {
  const cookies = event.cookies ?? (event.headers?.cookie ? [event.headers.cookie] : []);
  for (const cookie of cookies) {
    for (const part of cookie.split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || undefined;
    }
  }
  return undefined;
}

/** The answer's language: `?lang=`, then the `lang` cookie, then Accept-Language; Vietnamese by default. */
export function langOf(
  event: Pick<APIGatewayProxyEventV2, 'headers' | 'queryStringParameters' | 'cookies'>,
): Language {
  const q = event.queryStringParameters?.lang;
  if (q === 'en' || q === 'vi') return q;
  const cookie = cookieValue(event, 'lang');
  if (cookie === 'en' || cookie === 'vi') return cookie;
  return (event.headers['accept-language'] ?? '').trim().toLowerCase().startsWith('en') ? 'en' : 'vi';
}

/** True when the answer should be JSON: the request accepts JSON or sends a JSON body. */
export function wantsJson(event: Pick<APIGatewayProxyEventV2, 'headers'>): boolean {
  const accept = event.headers.accept ?? '';
  const contentType = event.headers['content-type'] ?? '';
  return accept.includes('application/json') || contentType.includes('application/json');
}

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): Result {
  return {
    statusCode,
    headers: { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

export function html(statusCode: number, body: string, headers: Record<string, string> = {}): Result {
  return {
    statusCode,
    headers: { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', ...headers },
    body,
  };
}

export function redirect(location: string, statusCode = 303): Result {
  return { statusCode, headers: { ...SECURITY_HEADERS, location }, body: '' };
}

/**
 * 303 to the renewal of an expired session (which goes on to sign in when it cannot renew); `next` is the page
 * asked for (for a GET), else the home page.
 */
export function renewRedirect(
  event: Pick<APIGatewayProxyEventV2, 'rawPath' | 'rawQueryString' | 'requestContext'>,
): Result {
  const method = event.requestContext?.http?.method;
  const next =
    method === 'GET' || method === 'HEAD'
      ? `${event.rawPath}${event.rawQueryString ? `?${event.rawQueryString}` : ''}`
      : '/';
  return redirect(`${RENEW_PATH}?next=${encodeURIComponent(next)}`);
}

/**
 * Sets `obj[path]` for a form name such as `members[0][name]` or `topics[]`; a name nested deeper than the domain
 * takes is refused (422 naming its field) before anything is built.
 */
function assign(obj: Record<string, unknown>, name: string, value: string): void {
  const parts = name.replace(/\]/g, '').split('[');
  if (parts.length > MAX_INPUT_DEPTH) throw nestedTooDeeply(parts[0] ?? '');
  let node: Record<string, unknown> | unknown[] = obj;
  for (let i = 0; i < parts.length; i++) {
    const raw = parts[i] ?? '';
    const last = i === parts.length - 1;
    const nextIsIndex = /^\d*$/.test(parts[i + 1] ?? 'x');
    const key: string | number = Array.isArray(node) ? (raw === '' ? node.length : Number(raw)) : raw;
    if (typeof key === 'number' && (!Number.isInteger(key) || key > 999)) return;
    if (typeof key === 'string' && PROTOTYPE_KEYS.has(key)) return;
    const container = node as Record<string | number, unknown>;
    if (last) {
      container[key] = value;
      return;
    }
    if (container[key] === undefined || typeof container[key] !== 'object')
      container[key] = nextIsIndex ? [] : {};
    node = container[key] as Record<string, unknown> | unknown[];
  }
}

/** Drops the holes an indexed form can leave (a removed row) so arrays stay dense. */
function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(compact);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compact(v)]));
  return value;
}

export function parseForm(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of new URLSearchParams(text)) assign(out, name, value);
  return compact(out) as Record<string, unknown>;
}

/** The request body as text; PayloadTooLargeError (413) over 1 MB. */
export function bodyText(event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'>): string {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new PayloadTooLargeError();
  return text;
}

/** The media type the request says its body is, lowercased, without parameters. */
export function bodyType(event: Pick<APIGatewayProxyEventV2, 'headers'>): string {
  return (event.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** The request body as an object: JSON or a urlencoded form; 413 over 1 MB, 400 for anything unreadable. */
export function parseBody(
  event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded' | 'headers'>,
): Record<string, unknown> {
  const text = bodyText(event);
  const type = bodyType(event);
  if (type === 'application/x-www-form-urlencoded') return parseForm(text);
  if (type === 'application/json' || (type === '' && text.trim().startsWith('{'))) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      // answered below
    }
    // a copy no deeper than the domain takes (422 naming the field otherwise), made without recursion
    if (value && typeof value === 'object' && !Array.isArray(value))
      return plainInput(value) as Record<string, unknown>;
    throw new MalformedRequestError({ vi: 'Nội dung JSON không hợp lệ', en: 'The JSON body is not valid' });
  }
  if (text === '') return {};
  throw new MalformedRequestError({
    vi: 'Chỉ nhận application/json hoặc biểu mẫu',
    en: 'Send application/json or a urlencoded form',
  });
}

/** A ValidationError's messages by field path ("Label: reason"), in one language. */
export function fieldMessages(error: ValidationError, lang: Language): Record<string, string> {
  return composeFieldMessages(error.fields, lang);
}

/** The JSON error shape of the HTTP contract, in the request's language. */
export function errorBody(error: DomainError, lang: Language): { error: Record<string, unknown> } {
  const body: Record<string, unknown> = { code: error.code, message: error.text[lang] };
  if (error instanceof ValidationError) body.fields = fieldMessages(error, lang);
  else if (error instanceof MalformedRequestError && error.fields)
    body.fields = composeFieldMessages(error.fields, lang);
  // what the error says besides (who cancelled a visit, when and why)
  return { error: { ...error.details, ...body } };
}

/** Renders the error page of a named error for a browser (the pages module gives it, so this one stays small). */
export type ErrorPage = (
  error: DomainError,
  lang: Language,
  event: APIGatewayProxyEventV2,
) => Result | undefined;

/**
 * Named errors → their status, as JSON or (for a browser) an error page, and 401 for a browser → its page (a
 * posted form kept) or 303 to the session's renewal; anything else → 500 without details, reported through
 * `report` (the handler's logger) and never echoed.
 */
export function httpErrors(
  opts: { report?: (error: unknown) => void; page?: ErrorPage } = {},
): MiddlewareObj<APIGatewayProxyEventV2, Result> {
  return {
    name: 'httpErrors',
    onError: (request) => {
      const { error, event } = request;
      const lang = langOf(event);
      if (error instanceof DomainError) {
        const browser = !wantsJson(event);
        if (error.status === 401 && browser) {
          // a form posted with an expired session is kept on a page of its own; anything else renews on the way
          request.response = opts.page?.(error, lang, event) ?? renewRedirect(event);
          return;
        }
        const response =
          (browser && opts.page?.(error, lang, event)) || json(error.status, errorBody(error, lang));
        if (error.headers) response.headers = { ...response.headers, ...error.headers };
        request.response = response;
        return;
      }
      opts.report?.(error);
      const internal = new DomainError('INTERNAL', 500, { vi: 'Lỗi hệ thống', en: 'Internal error' });
      request.response = json(500, errorBody(internal, lang));
    },
  };
}
