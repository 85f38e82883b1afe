/**
 * Sign-in through Cognito's managed login, for browsers, and the session kept alive while the person works:
 * - GET /auth/sign-in?next=/path: 302 to /oauth2/authorize with a fresh state and a PKCE challenge; the state, the
 *   verifier and `next` wait in a short-lived HttpOnly cookie scoped to /auth.
 * - GET /auth/callback?code&state: checks the state, exchanges the code (with the verifier) at /oauth2/token, sets
 *   the session cookie to the ID token (HttpOnly, Secure, SameSite=Lax) and the refresh cookie to the refresh token
 *   (HttpOnly, Secure, SameSite=Strict, Path=/auth), and returns to `next` (a path on this site).
 * - GET /auth/renew?next=/path: a browser whose session is over (the wrapper sends it here before sign-in): a new
 *   ID token from the refresh token, and back to `next`; else on to sign in.
 * - POST /auth/renew: a form posted with an expired session, kept by the wrapper: renewed, it goes back to where it
 *   was posted with the new session's CSRF token; when it cannot be renewed, it stays kept on the page while the
 *   person signs in again in another tab. Only a same-origin post is taken (the page that kept it is ours).
 * - POST /auth/sign-out: clears both cookies, revokes the refresh token, and ends the managed login's session.
 * The local runtime answers /auth/sign-in itself (a picker of seeded users) and stands in for the managed login's
 * token, revoke and logout endpoints, so renewal and sign-out run this same code there.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { requireEnv } from '#adapters/env.ts';
import { CSRF_FIELD, CSRF_SEED_COOKIE, CsrfError, csrfFor, newCsrfSeed, readPost } from '#commons/csrf.ts';
import { bodyText, cookieValue, type Result, redirect } from '#commons/http.ts';
import {
  REFRESH_COOKIE,
  RENEW_PATH,
  SESSION_COOKIE,
  SIGN_IN_PATH,
  SignInError,
  safeNext,
} from '#commons/identity.ts';
import { logger } from '#commons/logger.ts';
import { http } from '#commons/routes.ts';
import type { Language } from '#domain/visit.ts';
import { ENV } from '#functions/manifest.ts';
import type { Viewer } from '#templates/pages/layout.ts';
import { keptFormPage, type PostedFields, resentFormPage } from '#templates/pages/session.ts';

/** The cookie holding state, PKCE verifier and `next` between sign-in and callback. */
export const FLOW_COOKIE = 'ev_auth';
const FLOW_SECONDS = 600;
/** The field of a kept form that names where it was posted. */
const NEXT_FIELD = '_next';

interface Config {
  domain: string;
  clientId: string;
  publicUrl: string;
}

let config: Config | undefined;

/** Read once, on first use; names any missing variable. */
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

/** An endpoint of the managed login, under its base URL (Cognito's domain; the local stand-in's path). */
function endpoint(path: string): URL {
  return new URL(path, `${settings().domain}/`);
}

function cookie(name: string, value: string, path: string, maxAge: number): string {
  return `${name}=${value}; Path=${path}; Max-Age=${maxAge}; HttpOnly; Secure; SameSite=Lax`;
}

/** The refresh cookie (no Max-Age: it ends with the browser session), or its removal. */
function refreshCookie(token: string | undefined): string {
  return token
    ? `${REFRESH_COOKIE}=${token}; Path=/auth; HttpOnly; Secure; SameSite=Strict`
    : `${REFRESH_COOKIE}=; Path=/auth; Max-Age=0; HttpOnly; Secure; SameSite=Strict`;
}

function sessionCookie(idToken: string, expiresIn: unknown): string {
  const maxAge = typeof expiresIn === 'number' && expiresIn > 0 ? expiresIn : 3600;
  return cookie(SESSION_COOKIE, idToken, '/', maxAge);
}

interface Tokens {
  id_token?: unknown;
  refresh_token?: unknown;
  expires_in?: unknown;
}

/** A grant at the token endpoint: the tokens, or undefined when it is refused (its status is logged, no more). */
async function tokenGrant(form: Record<string, string>): Promise<Tokens | undefined> {
  const { clientId } = settings();
  const res = await fetch(endpoint('oauth2/token'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ ...form, client_id: clientId }).toString(),
    signal: AbortSignal.timeout(5000),
  });
  const tokens = (await res.json().catch(() => ({}))) as Tokens;
  if (res.ok && typeof tokens.id_token === 'string' && tokens.id_token !== '') return tokens;
  // the token endpoint's status only (its answer could echo a code or a token)
  logger.warn('token grant refused', { grant: form.grant_type, status: res.status });
  if (res.status >= 500) throw new SignInError(502);
  return undefined;
}

function signIn(event: APIGatewayProxyEventV2, lang: Language): Result {
  const { clientId, publicUrl } = settings();
  const state = b64url(randomBytes(24));
  const verifier = b64url(randomBytes(48));
  const challenge = b64url(createHash('sha256').update(verifier).digest());
  const next = safeNext(event.queryStringParameters?.next);
  const url = endpoint('oauth2/authorize');
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
  const { publicUrl } = settings();
  const q = event.queryStringParameters ?? {};
  const [state, verifier, nextEncoded] = (cookieValue(event, FLOW_COOKIE) ?? '').split('.');
  if (!state || !verifier || q.state !== state || !q.code) throw new SignInError();
  const tokens = await tokenGrant({
    grant_type: 'authorization_code',
    code: q.code,
    redirect_uri: `${publicUrl}/auth/callback`,
    code_verifier: verifier,
  });
  if (!tokens) throw new SignInError();
  const next = safeNext(Buffer.from(nextEncoded ?? '', 'base64url').toString('utf8'));
  const refresh = typeof tokens.refresh_token === 'string' ? tokens.refresh_token : undefined;
  return {
    ...redirect(next, 303),
    cookies: [
      sessionCookie(String(tokens.id_token), tokens.expires_in),
      ...(refresh ? [refreshCookie(refresh)] : []),
      // the seed of this sign-in's CSRF tokens: it outlives the session's renewals, so open forms stay valid
      `${CSRF_SEED_COOKIE}=${newCsrfSeed()}; Path=/; HttpOnly; Secure; SameSite=Lax`,
      cookie(FLOW_COOKIE, '', '/auth', 0),
    ],
  };
}

/** A new ID token from the refresh cookie, or undefined when there is none or it is refused. */
async function renewed(event: APIGatewayProxyEventV2): Promise<Tokens | undefined> {
  const refresh = cookieValue(event, REFRESH_COOKIE);
  if (!refresh) return undefined;
  return tokenGrant({ grant_type: 'refresh_token', refresh_token: refresh });
}

async function renewPage(event: APIGatewayProxyEventV2): Promise<Result> {
  const next = safeNext(event.queryStringParameters?.next);
  const tokens = await renewed(event);
  if (tokens)
    return { ...redirect(next, 303), cookies: [sessionCookie(String(tokens.id_token), tokens.expires_in)] };
  const sent = cookieValue(event, REFRESH_COOKIE) !== undefined;
  return {
    ...redirect(`${SIGN_IN_PATH}?next=${encodeURIComponent(next)}`, 303),
    ...(sent ? { cookies: [refreshCookie(undefined)] } : {}),
  };
}

/** A post from a page of this site: its Origin (or, without one, Sec-Fetch-Site) says so. */
function sameOrigin(event: APIGatewayProxyEventV2): boolean {
  const origin = event.headers.origin;
  if (origin) return origin === new URL(settings().publicUrl).origin;
  return event.headers['sec-fetch-site'] === 'same-origin';
}

/** The kept form's fields as posted (names and order kept), without its own `_next` and any stale CSRF token. */
function keptFields(event: APIGatewayProxyEventV2): { next: string; fields: PostedFields } {
  const params = new URLSearchParams(bodyText(event));
  const fields = [...params].filter(([name]) => name !== NEXT_FIELD && name !== CSRF_FIELD);
  return { next: safeNext(params.get(NEXT_FIELD)), fields };
}

async function renewForm(event: APIGatewayProxyEventV2, viewer: Viewer, page: Page): Promise<Result> {
  if (!sameOrigin(event)) throw new CsrfError();
  const { next, fields } = keptFields(event);
  const tokens = await renewed(event);
  if (!tokens) {
    const kept = page(
      keptFormPage(viewer, {
        renewPath: RENEW_PATH,
        next,
        fields,
        signIn: `${SIGN_IN_PATH}?next=${encodeURIComponent('/')}`,
      }),
      401,
    );
    return cookieValue(event, REFRESH_COOKIE) ? { ...kept, cookies: [refreshCookie(undefined)] } : kept;
  }
  const idToken = String(tokens.id_token);
  const csrf = csrfFor(event, idToken) ?? '';
  const resent = page(resentFormPage(viewer, { action: next, fields, csrf }));
  return { ...resent, cookies: [...(resent.cookies ?? []), sessionCookie(idToken, tokens.expires_in)] };
}

type Page = (body: string, statusCode?: number) => Result;

/** Revokes the refresh token; a revocation that fails is logged, and the sign-out goes on. */
async function revoke(token: string): Promise<void> {
  const { clientId } = settings();
  try {
    const res = await fetch(endpoint('oauth2/revoke'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, client_id: clientId }).toString(),
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) logger.warn('refresh token not revoked', { status: res.status });
  } catch (error) {
    logger.warn('refresh token not revoked', { error: error as Error });
  }
}

async function signOut(event: APIGatewayProxyEventV2): Promise<Result> {
  readPost(event); // checks the CSRF token of a cookie session
  const { clientId, publicUrl } = settings();
  const refresh = cookieValue(event, REFRESH_COOKIE);
  if (refresh) await revoke(refresh);
  const url = endpoint('logout');
  url.search = new URLSearchParams({ client_id: clientId, logout_uri: `${publicUrl}/` }).toString();
  return {
    ...redirect(url.toString(), 303),
    cookies: [
      cookie(SESSION_COOKIE, '', '/', 0),
      cookie(CSRF_SEED_COOKIE, '', '/', 0),
      refreshCookie(undefined),
    ],
  };
}

export const handler = http('auth', {
  'GET /auth/sign-in': async ({ event, lang }) => signIn(event, lang),
  'GET /auth/callback': async ({ event }) => callback(event),
  'GET /auth/renew': async ({ event }) => renewPage(event),
  'POST /auth/renew': async ({ event, viewer, page }) => renewForm(event, viewer, page),
  'POST /auth/sign-out': async ({ event }) => signOut(event),
});
