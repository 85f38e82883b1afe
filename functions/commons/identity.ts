/**
 * Who is asking, and whether they may. The Lambda authorizer only authenticates: it passes an identity, or none,
 * in its context. The HTTP wrapper decides with `requireIdentity`, which throws: no identity is
 * UnauthenticatedError (401 JSON, or 303 to sign-in for a browser), a missing role ForbiddenError (403), and the
 * one error mapping renders them like any named error. Also where sign-in may send a browser back to (`safeNext`).
 * Bundled into every HTTP function: no SDK, no logger.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError, ForbiddenError, UnauthenticatedError } from '#domain/errors.ts';

export const ROLES = ['staff', 'secretary', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export interface Identity {
  email: string;
  name: string;
  roles: readonly Role[];
  agencyId: string;
}

/**
 * The authorizer's context as API Gateway passes it on (`requestContext.authorizer.lambda`): flat strings,
 * roles comma-separated. Empty for an anonymous or expired session.
 */
export type AuthorizerContext = {
  email?: string;
  name?: string;
  /** e.g. "staff,secretary" */
  roles?: string;
  agencyId?: string;
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

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** The context the authorizer returns for an identity (the inverse of readIdentity). */
export function toAuthorizerContext(identity: Identity): Required<AuthorizerContext> {
  return {
    email: identity.email,
    name: identity.name,
    roles: identity.roles.join(','),
    agencyId: identity.agencyId,
  };
}

/** The identity the authorizer passed on, or undefined for none (public route, anonymous, expired session). */
export function readIdentity(event: Pick<APIGatewayProxyEventV2, 'requestContext'>): Identity | undefined {
  const authorizer = (event.requestContext as { authorizer?: { lambda?: unknown } }).authorizer;
  const ctx = authorizer?.lambda;
  if (!ctx || typeof ctx !== 'object') return undefined;
  const { email, name, roles, agencyId } = ctx as Record<string, unknown>;
  if (typeof email !== 'string' || email === '') return undefined;
  return {
    email,
    name: typeof name === 'string' ? name : email,
    roles: typeof roles === 'string' ? roles.split(',').filter(isRole) : [],
    agencyId: typeof agencyId === 'string' ? agencyId : '',
  };
}

export function hasRole(identity: Identity, roles: readonly Role[]): boolean {
  return roles.some((r) => identity.roles.includes(r));
}

/**
 * The signed-in user, holding at least one of `roles` when any are named. Throws UnauthenticatedError for no
 * identity and ForbiddenError for a missing role.
 */
export function requireIdentity(
  event: Pick<APIGatewayProxyEventV2, 'requestContext'>,
  roles: readonly Role[] = [],
): Identity {
  const identity = readIdentity(event);
  if (!identity) throw new UnauthenticatedError();
  if (roles.length > 0 && !hasRole(identity, roles)) throw new ForbiddenError();
  return identity;
}
