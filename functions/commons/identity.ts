/**
 * Who is asking, and whether they may. The Lambda authorizer only authenticates: it passes the email its token
 * proves, or none, in its context. The directory's user record decides everything else — roles, agency, disabled —
 * on every request (the HTTP wrapper reads it, `identify` decides): no email, no user, or a disabled one is
 * UnauthenticatedError (401 JSON, or 303 to sign-in for a browser), a missing role ForbiddenError (403), and the
 * one error mapping renders them like any named error. Also where sign-in may send a browser back to (`safeNext`).
 * No SDK, no logger.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { DirectoryUser, Identity, Role } from '#domain/directory/users.ts';
import { DomainError, ForbiddenError, UnauthenticatedError } from '#domain/errors.ts';

export { type Identity, isRole, ROLES, type Role } from '#domain/directory/users.ts';

/**
 * The authorizer's context as API Gateway passes it on (`requestContext.authorizer.lambda`): the email the token
 * proves. Empty for an anonymous or expired session.
 */
export type AuthorizerContext = {
  email?: string;
};

/** The session cookie holding the ID token (HttpOnly, SameSite=Lax). */
export const SESSION_COOKIE = 'ev_session';

/**
 * The cookie holding the refresh token: HttpOnly, Secure, SameSite=Strict and scoped to /auth, so only the
 * renewal (and sign-out, which revokes it) ever reads it; it lives as long as the browser session, Cognito's
 * refresh-token validity bounding it.
 */
export const REFRESH_COOKIE = 'ev_refresh';

/** Where a browser signs in; `next` carries the page it asked for. */
export const SIGN_IN_PATH = '/auth/sign-in';

/**
 * Where a browser whose session is over goes first: the session is renewed from the refresh cookie when it can be,
 * else the browser goes on to sign in. `GET ?next=` returns to a page; a POST carries a form kept across it.
 */
export const RENEW_PATH = '/auth/renew';

/**
 * Where sign-in may return to: only a path on this site. No scheme or host, no `//evil.example`, no backslash
 * (browsers read `/\` as `//`), no control character or space (browsers drop tabs and newlines, so `/\t/evil`
 * would become `//evil`), and nothing under /auth/ (no sign-in loop). Anything else is the home page.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//')) return '/';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
  if (/[\\\s\u0000-\u001f\u007f]/.test(next) || next.startsWith('/auth/')) return '/';
  return next;
}

/** Signing in did not complete (a forged or stale state, a refused code); its page offers to sign in again. */
export class SignInError extends DomainError {
  constructor(status = 400) {
    super('SIGN_IN_FAILED', status, {
      vi: 'Đăng nhập không thành công hoặc đã quá thời gian. Vui lòng đăng nhập lại.',
      en: 'Signing in did not complete, or took too long. Please sign in again.',
    });
  }
}

/** The context the authorizer returns for the email a token proves (the inverse of `authenticatedEmail`). */
export function toAuthorizerContext(email: string): Required<AuthorizerContext> {
  return { email };
}

/** The email the authorizer passed on, or undefined for none (public route, anonymous, expired session). */
export function authenticatedEmail(
  event: Pick<APIGatewayProxyEventV2, 'requestContext'>,
): string | undefined {
  const authorizer = (event.requestContext as { authorizer?: { lambda?: unknown } }).authorizer;
  const ctx = authorizer?.lambda;
  if (!ctx || typeof ctx !== 'object') return undefined;
  const { email } = ctx as Record<string, unknown>;
  return typeof email === 'string' && email !== '' ? email.trim().toLowerCase() : undefined;
}

export function hasRole(identity: Pick<Identity, 'roles'>, roles: readonly Role[]): boolean {
  return roles.some((r) => identity.roles.includes(r));
}

/**
 * Who the directory says the signed-in person is, holding at least one of `roles` when any are named. Throws
 * UnauthenticatedError when the directory has no such user or the user is disabled (the session no longer holds),
 * and ForbiddenError for a missing role.
 */
export function identify(user: DirectoryUser | undefined, roles: readonly Role[] = []): Identity {
  if (!user || user.disabled) throw new UnauthenticatedError();
  const identity: Identity = {
    email: user.email,
    name: user.name,
    roles: user.roles,
    agencyId: user.agencyId,
  };
  if (roles.length > 0 && !hasRole(identity, roles)) throw new ForbiddenError();
  return identity;
}
