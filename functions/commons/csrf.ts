/**
 * CSRF protection for cookie-authenticated posts, without server state: the token is an HMAC keyed by a random
 * seed the sign-in sets in an HttpOnly cookie of its own (or, for a session signed in without one, by the session
 * token itself), so only a page served to the holder of that sign-in can carry it. It changes with every sign-in
 * but not when the session is renewed: a form shown before a renewal (in this tab or another) is still taken.
 * Requests with `Authorization: Bearer` need none (a browser never adds that header to a cross-site request), nor
 * do approval-link posts (the link is the credential).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError } from '#domain/errors.ts';
import { cookieValue, parseBody } from './http.ts';
import { SESSION_COOKIE } from './identity.ts';

/** The form field that carries the token. */
export const CSRF_FIELD = '_csrf';
/** The header a script may send instead. */
export const CSRF_HEADER = 'x-csrf-token';

/** The cookie holding the sign-in's seed of its CSRF tokens (HttpOnly, Path=/, for the browser session). */
export const CSRF_SEED_COOKIE = 'ev_csrf';

/** A new seed, set at sign-in. */
export function newCsrfSeed(): string {
  return randomBytes(32).toString('base64url');
}

const LABEL = 'exchange-visits csrf v1';

export class CsrfError extends DomainError {
  constructor() {
    super('CSRF', 403, {
      vi: 'Biểu mẫu đã hết hiệu lực (phiên đăng nhập đã thay đổi). Vui lòng tải lại trang và gửi lại.',
      en: 'This form is no longer valid (the session changed). Reload the page and send it again.',
    });
  }
}

type CookieEvent = Pick<APIGatewayProxyEventV2, 'cookies' | 'headers'>;

function hasBearer(event: CookieEvent): boolean {
  return /^Bearer\s+\S+/i.test(event.headers.authorization ?? '');
}

/** True when the caller is authenticated by the session cookie (and not by a Bearer token). */
export function isCookieAuthenticated(event: CookieEvent): boolean {
  return !hasBearer(event) && cookieValue(event, SESSION_COOKIE) !== undefined;
}

/** The token for a session token. */
export function csrfToken(session: string): string {
  return createHmac('sha256', session).update(LABEL).digest('base64url');
}

/**
 * The token to put in this request's forms: keyed by the sign-in's seed, else by `session` (a session just
 * renewed) or the request's session; undefined when the request carries neither.
 */
export function csrfFor(event: CookieEvent, session?: string): string | undefined {
  const key = cookieValue(event, CSRF_SEED_COOKIE) ?? session ?? cookieValue(event, SESSION_COOKIE);
  return key ? csrfToken(key) : undefined;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Throws CsrfError when a cookie-authenticated request carries no token, or a token of another session, in the
 * body's `_csrf` field or the `x-csrf-token` header. Bearer-authenticated and anonymous requests pass.
 */
export function assertCsrf(event: CookieEvent, body: Record<string, unknown>): void {
  if (!isCookieAuthenticated(event)) return;
  const expected = csrfFor(event);
  const sent = typeof body[CSRF_FIELD] === 'string' ? body[CSRF_FIELD] : event.headers[CSRF_HEADER];
  if (!expected || typeof sent !== 'string' || !same(sent, expected)) throw new CsrfError();
}

/** The body without the token, for validation. */
export function withoutCsrf(body: Record<string, unknown>): Record<string, unknown> {
  const { [CSRF_FIELD]: _, ...rest } = body;
  return rest;
}

/**
 * The body of a POST: parsed (413 over 1 MB, 400 unreadable), its CSRF token checked (for a cookie session,
 * unless `csrf` is false: link posts, where the link is the credential) and removed.
 */
export function readPost(
  event: APIGatewayProxyEventV2,
  opts: { csrf?: boolean } = {},
): Record<string, unknown> {
  const body = parseBody(event);
  if (opts.csrf !== false) assertCsrf(event, body);
  return withoutCsrf(body);
}
