/**
 * Who is asking, and whether they may (ARCHITECTURE.md, Sign-in). The Lambda authorizer only authenticates: it
 * passes an identity, or none, in its context. This middleware decides: no identity answers 401 in the JSON error
 * shape (or a 303 to sign-in for a browser), a missing role answers 403; otherwise the identity is on
 * `request.context.user`. Bundled into every HTTP function, so it imports no SDK and no logger.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { type DomainError, ForbiddenError, UnauthenticatedError } from '#domain/errors.ts';
import type { Language } from '#domain/visit.ts';
import { esc } from '#templates/html.ts';
import { SECURITY_HEADERS } from './headers.ts';

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

/** Where a browser without a session is sent; `next` carries the page it asked for. */
export const SIGN_IN_PATH = '/auth/sign-in';

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

/** The Lambda context of a handler behind `requireUser`. */
export interface IdentityContext extends Context {
  /** the signed-in user (`identity` is taken: Lambda's own Cognito identity field) */
  user: Identity;
}

/** True when the answer should be JSON: the request accepts JSON or sends a JSON body. */
export function wantsJson(event: Pick<APIGatewayProxyEventV2, 'headers'>): boolean {
  const accept = event.headers.accept ?? '';
  const contentType = event.headers['content-type'] ?? '';
  return accept.includes('application/json') || contentType.includes('application/json');
}

function language(event: Pick<APIGatewayProxyEventV2, 'headers'>): Language {
  return (event.headers['accept-language'] ?? '').trim().toLowerCase().startsWith('en') ? 'en' : 'vi';
}

function jsonError(error: DomainError, lang: Language): APIGatewayProxyResultV2 {
  return {
    statusCode: error.status,
    headers: { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ error: { code: error.code, message: error.text[lang] } }),
  };
}

function htmlError(error: DomainError, lang: Language): APIGatewayProxyResultV2 {
  const message = esc(error.text[lang]);
  return {
    statusCode: error.status,
    headers: { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8' },
    body: `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${message}</title></head><body><main><h1>${message}</h1><p><a href="/">${lang === 'vi' ? 'Về trang chủ' : 'Home'}</a></p></main></body></html>`,
  };
}

/** 303 to sign-in; `next` is the page asked for (for a GET), else the home page. */
function redirectToSignIn(event: APIGatewayProxyEventV2): APIGatewayProxyResultV2 {
  const method = event.requestContext.http.method;
  const next =
    method === 'GET' || method === 'HEAD'
      ? `${event.rawPath}${event.rawQueryString ? `?${event.rawQueryString}` : ''}`
      : '/';
  return {
    statusCode: 303,
    headers: { ...SECURITY_HEADERS, location: `${SIGN_IN_PATH}?next=${encodeURIComponent(next)}` },
    body: '',
  };
}

/**
 * Requires a signed-in user, and with `roles` at least one of them. Otherwise answers (JSON or HTML as the request
 * prefers) 401 / 303 to sign-in for no identity and 403 for a missing role, without calling the handler.
 */
export function requireUser(
  opts: { roles?: readonly Role[] } = {},
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2, Error, IdentityContext> {
  const roles = opts.roles ?? [];
  for (const r of roles) if (!isRole(r)) throw new TypeError(`requireUser: unknown role ${String(r)}`);
  return {
    name: 'requireUser',
    before: (request) => {
      const { event } = request;
      const identity = readIdentity(event);
      if (!identity) {
        return wantsJson(event)
          ? jsonError(new UnauthenticatedError(), language(event))
          : redirectToSignIn(event);
      }
      if (roles.length > 0 && !hasRole(identity, roles)) {
        const error = new ForbiddenError();
        return wantsJson(event) ? jsonError(error, language(event)) : htmlError(error, language(event));
      }
      request.context.user = identity;
      return undefined;
    },
  };
}
