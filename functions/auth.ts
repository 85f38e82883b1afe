/**
 * Sign-in through Cognito's managed login, for browsers:
 * - GET /auth/sign-in?next=/path: 302 to /oauth2/authorize with a fresh state and a PKCE challenge; the state, the
 *   verifier and `next` wait in a short-lived HttpOnly cookie scoped to /auth.
 * - GET /auth/callback?code&state: checks the state, exchanges the code (with the verifier) at /oauth2/token, sets
 *   the session cookie to the ID token (HttpOnly, Secure, SameSite=Lax) and returns to `next` (a path on this site).
 * - POST /auth/sign-out: clears the session cookie and ends the managed login's session too.
 * The local runtime answers /auth/sign-in and /auth/sign-out itself (a picker of seeded users).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { requireEnv } from '#adapters/env.ts';
import { readPost } from '#commons/csrf.ts';
import { cookieValue, type Result, redirect } from '#commons/http.ts';
import { SESSION_COOKIE, SignInError, safeNext } from '#commons/identity.ts';
import { logger } from '#commons/logger.ts';
import { http } from '#commons/routes.ts';
import type { Language } from '#domain/visit.ts';
import { ENV } from '#functions/manifest.ts';

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
  const read = (name: string) => requireEnv(name).replace(/\/+$/, '');
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

const b64url = (bytes: Buffer) => bytes.toString('base64url');

function cookie(name: string, value: string, path: string, maxAge: number): string {
  return `${name}=${value}; Path=${path}; Max-Age=${maxAge}; HttpOnly; Secure; SameSite=Lax`;
}

function signIn(event: APIGatewayProxyEventV2, lang: Language): Result {
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
    lang,
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

export const handler = http('auth', {
  'GET /auth/sign-in': async ({ event, lang }) => signIn(event, lang),
  'GET /auth/callback': async ({ event }) => callback(event),
  'POST /auth/sign-out': async ({ event }) => signOut(event),
});
