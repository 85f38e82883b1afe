/**
 * Sign-in through Cognito's managed login (ARCHITECTURE.md, Sign-in), for browsers:
 * - GET /auth/sign-in?next=/path: 302 to /oauth2/authorize with a fresh state and a PKCE challenge; the state, the
 *   verifier and `next` wait in a short-lived HttpOnly cookie scoped to /auth.
 * - GET /auth/callback?code&state: checks the state, exchanges the code (with the verifier) at /oauth2/token, sets
 *   the session cookie to the ID token (HttpOnly, Secure, SameSite=Lax) and returns to `next` (a path on this site).
 * - POST /auth/sign-out: clears the session cookie and ends the managed login's session too.
 * The local runtime answers /auth/sign-in and /auth/sign-out itself (a picker of seeded users).
 */
import { createHash, randomBytes } from 'node:crypto';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { cookieValue } from '#commons/csrf.ts';
import { httpErrors, langOf, type Result, redirect } from '#commons/http.ts';
import { SESSION_COOKIE } from '#commons/identity.ts';
import { logger } from '#commons/logger.ts';
import { pageErrors, readPost, sendPage, viewerOf } from '#commons/pages.ts';
import { DomainError } from '#domain/errors.ts';
import { ENV } from '#functions/manifest.ts';
import { errorPage } from '#templates/pages/errors.ts';

/** The cookie holding state, PKCE verifier and `next` between sign-in and callback. */
export const FLOW_COOKIE = 'ev_auth';
const FLOW_SECONDS = 600;

interface Config {
  domain: string;
  clientId: string;
  publicUrl: string;
}

let config: Config | undefined;

/** Read once, on first use (the local runtime never calls the Cognito routes); names any missing variable. */
function settings(): Config {
  if (config) return config;
  const read = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`environment variable ${name} is not set`);
    return value.replace(/\/+$/, '');
  };
  config = {
    domain: read(ENV.cognitoDomain),
    clientId: read(ENV.userPoolClientId),
    publicUrl: read(ENV.publicUrl),
  };
  return config;
}

/** For tests: forget the configuration read from the environment. */
export function resetAuthConfig(): void {
  config = undefined;
}

/** Only a path on this site: no scheme, no host, no `//evil.example`, no backslashes. */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.includes('\\'))
    return '/';
  if (next.startsWith('/auth/')) return '/';
  return next;
}

const b64url = (bytes: Buffer) => bytes.toString('base64url');

function cookie(name: string, value: string, path: string, maxAge: number): string {
  return `${name}=${value}; Path=${path}; Max-Age=${maxAge}; HttpOnly; Secure; SameSite=Lax`;
}

class SignInError extends DomainError {
  constructor(status = 400) {
    super('SIGN_IN_FAILED', status, {
      vi: 'Đăng nhập không thành công hoặc đã quá thời gian. Vui lòng đăng nhập lại.',
      en: 'Signing in did not complete, or took too long. Please sign in again.',
    });
  }
}

function signIn(event: APIGatewayProxyEventV2): Result {
  const { domain, clientId, publicUrl } = settings();
  const state = b64url(randomBytes(24));
  const verifier = b64url(randomBytes(48));
  const challenge = b64url(createHash('sha256').update(verifier).digest());
  const next = safeNext(event.queryStringParameters?.next);
  const url = new URL('/oauth2/authorize', domain);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: `${publicUrl}/auth/callback`,
    scope: 'openid email profile',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    lang: langOf(event),
  }).toString();
  const flow = `${state}.${verifier}.${b64url(Buffer.from(next))}`;
  return { ...redirect(url.toString(), 302), cookies: [cookie(FLOW_COOKIE, flow, '/auth', FLOW_SECONDS)] };
}

async function callback(event: APIGatewayProxyEventV2): Promise<Result> {
  const { domain, clientId, publicUrl } = settings();
  const q = event.queryStringParameters ?? {};
  const [state, verifier, nextEncoded] = (cookieValue(event, FLOW_COOKIE) ?? '').split('.');
  if (!state || !verifier || q.state !== state || !q.code) throw new SignInError();
  const res = await fetch(new URL('/oauth2/token', domain), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: clientId,
      code: q.code,
      redirect_uri: `${publicUrl}/auth/callback`,
      code_verifier: verifier,
    }).toString(),
    signal: AbortSignal.timeout(5000),
  });
  const tokens = (await res.json().catch(() => ({}))) as { id_token?: unknown; expires_in?: unknown };
  if (!res.ok || typeof tokens.id_token !== 'string' || tokens.id_token === '') {
    // the token endpoint's error code only (its description could echo the code)
    logger.warn('code exchange refused', { status: res.status });
    throw new SignInError(res.status >= 500 ? 502 : 400);
  }
  const maxAge = typeof tokens.expires_in === 'number' && tokens.expires_in > 0 ? tokens.expires_in : 3600;
  const next = safeNext(Buffer.from(nextEncoded ?? '', 'base64url').toString('utf8'));
  return {
    ...redirect(next, 303),
    cookies: [cookie(SESSION_COOKIE, tokens.id_token, '/', maxAge), cookie(FLOW_COOKIE, '', '/auth', 0)],
  };
}

function signOut(event: APIGatewayProxyEventV2): Result {
  readPost(event); // checks the CSRF token of a cookie session
  const { domain, clientId, publicUrl } = settings();
  const url = new URL('/logout', domain);
  url.search = new URLSearchParams({ client_id: clientId, logout_uri: `${publicUrl}/` }).toString();
  return { ...redirect(url.toString(), 303), cookies: [cookie(SESSION_COOKIE, '', '/', 0)] };
}

export const handler = middy<APIGatewayProxyEventV2, Result>()
  .use(
    httpErrors({
      report: (error) => logger.error('sign-in failed', { error: error as Error }),
      page: (error, lang, event) =>
        error instanceof SignInError
          ? sendPage(
              event,
              error.status,
              errorPage(
                { ...viewerOf(event), lang },
                {
                  status: error.status,
                  code: error.code,
                  message: error.text[lang],
                  action: { href: '/auth/sign-in', label: lang === 'vi' ? 'Đăng nhập lại' : 'Sign in again' },
                },
              ),
            )
          : pageErrors(error, lang, event),
    }),
  )
  .handler(async (event) => {
    switch (event.routeKey) {
      case 'GET /auth/sign-in':
        return signIn(event);
      case 'GET /auth/callback':
        return callback(event);
      default:
        return signOut(event);
    }
  });
