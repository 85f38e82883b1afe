/**
 * The routes only the local runtime serves (the HTTP contract's local section), tried before the manifest's:
 *
 * - `GET /local/jwks.json` (and `/local/.well-known/jwks.json`): the key set the authorizer verifies tokens with;
 * - `GET /local/users` (who exists now in the directory and may sign in), `POST /local/sign-in` (`{"email"}` of
 *   any enabled directory user, as JSON for a token, or the picker's form for a cookie and a redirect to `next`),
 *   and `GET /auth/sign-in` standing in for the managed login's page;
 * - `GET /local/logout`, `POST /local/oauth2/token` (the refresh grant) and `POST /local/oauth2/revoke`: the
 *   managed login's endpoints that the auth function's renewal and sign-out (served here as on AWS, with their
 *   checks) call or send the browser to;
 * - `POST /local/clock` (`{"advanceDays"}` or `{"now"}`): moves the application clock, keeps it across restarts,
 *   runs the scheduled functions, and answers once the deadlines it passed have fired;
 * - `GET /local/outbox`: the mail sent, with the links in each;
 * - `POST /local/ses-events`: an SES delivery event (a bounce, a complaint) exactly as EventBridge hands it to the
 *   bounce function in AWS, handed to the same function here (the mail emulator never bounces).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { appClock, clockOffset, setClockOffset } from '#adapters/clock.ts';
import { CSRF_SEED_COOKIE, newCsrfSeed } from '#commons/csrf.ts';
import { REFRESH_COOKIE, SESSION_COOKIE, safeNext } from '#commons/identity.ts';
import { vietnamDate, vietnamIso } from '#domain/clock.ts';
import type { DirectoryUser } from '#domain/directory/users.ts';
import { currentVersion } from '#domain/directory/versions.ts';
import type { DirectoryReader } from '#domain/ports.ts';
import { type LocalAuth, TOKEN_TTL_SECONDS } from '#infra/local/auth.ts';
import { saveClock } from '#infra/local/clock-file.ts';
import { listSentMail } from '#infra/local/emulators.ts';
import type { LocalEvents } from '#infra/local/events.ts';
import { type Headers, parseBody, sendError, sendHtml, sendJson } from '#infra/local/http.ts';
import { signInPage } from '#infra/local/sign-in-page.ts';
import type { LocalStepFunctions } from '#infra/local/stepfunctions/runtime.ts';

export interface LocalRoutesOptions {
  dataDir: string;
  auth: LocalAuth;
  /** told when the clock moves; the clock route answers when it is idle again */
  sfn: Pick<LocalStepFunctions, 'clockChanged' | 'idle'>;
  /** the mail emulator, read for the outbox */
  sesEndpoint: string;
  /** the directory: who may sign in */
  directory: DirectoryReader;
  /** the gateway's base URL: where the managed login's stand-in may send a browser back to */
  publicUrl: string;
  /** EventBridge's part: the scheduled functions, run when the clock moves, and SES's events delivered */
  events: Pick<LocalEvents, 'scheduled' | 'mailFeedback'>;
}

/** A user who may sign in locally, with their agency's name today. */
export interface SignInUser {
  email: string;
  name: string;
  roles: readonly string[];
  agencyId: string;
  agencyName: string;
}

/** Every enabled user of the directory now, by agency, with the agency's current name. */
export async function signInUsers(directory: DirectoryReader): Promise<SignInUser[]> {
  const today = vietnamDate(appClock.now());
  const agencies = await directory.agencies();
  const users = await Promise.all(agencies.map((a) => directory.users(a.id)));
  return users.flat().flatMap((u: DirectoryUser) => {
    if (u.disabled) return [];
    const agency = agencies.find((a) => a.id === u.agencyId);
    const name = agency ? currentVersion(agency.versions, today)?.name : undefined;
    return [
      { email: u.email, name: u.name, roles: u.roles, agencyId: u.agencyId, agencyName: name ?? u.agencyId },
    ];
  });
}

/** Where the stand-in for the managed login's endpoints lives (the functions' COGNITO_DOMAIN locally). */
export const LOCAL_LOGIN_PATH = '/local';

/** Answers a request when it is one of the local routes; resolves whether it did. */
export type LocalRoutes = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void;

/** How long a clock move waits for the lifecycle to settle before it answers anyway. */
const CLOCK_SETTLE_MS = 20_000;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const URL_IN_TEXT = /https?:\/\/[^\s<>"')\]]+/g;

/** The URLs in a mail's text, in order, once each, without a sentence's closing punctuation. */
function linksIn(text: string): string[] {
  return [...new Set((text.match(URL_IN_TEXT) ?? []).map((u) => u.replace(/[.,;:!?]+$/, '')))];
}

/** JSON that no cache keeps. */
function answer(res: ServerResponse, status: number, value: unknown, headers: Headers = {}): void {
  sendJson(res, status, value, { 'cache-control': 'no-store', ...headers });
}

function redirect(res: ServerResponse, location: string, cookie: string | string[]): void {
  res.writeHead(303, { location, 'set-cookie': cookie, 'cache-control': 'no-store' });
  res.end();
}

export function createLocalRoutes(opts: LocalRoutesOptions): LocalRoutes {
  const { auth } = opts;

  const jwks: Route = (_req, res) => answer(res, 200, auth.jwks, { 'cache-control': 'max-age=300' });

  const signIn: Route = async (req, res) => {
    const body = await parseBody(req);
    if (body.kind === 'bad') return sendError(res, 400, 'MALFORMED', body.why);
    const email = body.value.email;
    if (typeof email !== 'string' || email.trim() === '')
      return sendError(res, 422, 'VALIDATION', 'The input is not valid', { email: 'an email is required' });
    const user = await opts.directory.user(email.trim().toLowerCase());
    if (!user || user.disabled) {
      if (body.kind === 'form') {
        const notice = `Không có người dùng ${email} (no such user)`;
        return sendHtml(
          res,
          404,
          signInPage(await signInUsers(opts.directory), safeNext(body.value.next), notice),
        );
      }
      return sendError(res, 404, 'USER_NOT_FOUND', 'No enabled user of the directory has this email', {
        email: 'not an enabled user (see GET /local/users)',
      });
    }
    const token = auth.signToken(user);
    // as the managed login's callback sets them: the session, and the refresh token that only /auth reads
    const cookies = [
      `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Lax; Path=/; Max-Age=${TOKEN_TTL_SECONDS}`,
      `${REFRESH_COOKIE}=${auth.signRefreshToken(user)}; HttpOnly; SameSite=Strict; Path=/auth`,
      `${CSRF_SEED_COOKIE}=${newCsrfSeed()}; HttpOnly; SameSite=Lax; Path=/`,
    ];
    if (body.kind === 'form') redirect(res, safeNext(body.value.next), cookies);
    else answer(res, 200, { token }, { 'set-cookie': cookies });
  };

  /**
   * The managed login's token endpoint, for the refresh grant: a new ID token for a refresh token this stand-in
   * signed, unexpired and not revoked, of an enabled user of the directory (400 `invalid_grant` otherwise, as
   * Cognito answers).
   */
  const token: Route = async (req, res) => {
    const body = await parseBody(req);
    const form = body.kind === 'form' ? body.value : {};
    const email =
      form.grant_type === 'refresh_token' && typeof form.refresh_token === 'string'
        ? auth.refreshEmail(form.refresh_token, String(form.client_id ?? ''))
        : undefined;
    // as Cognito refuses the refresh of a user it no longer has, or has disabled
    const user = email ? await opts.directory.user(email) : undefined;
    if (!user || user.disabled) return answer(res, 400, { error: 'invalid_grant' });
    const idToken = auth.signToken(user);
    answer(res, 200, {
      id_token: idToken,
      access_token: idToken,
      expires_in: TOKEN_TTL_SECONDS,
      token_type: 'Bearer',
    });
  };

  /** The managed login's revocation endpoint: the refresh token no longer renews anything. */
  const revoke: Route = async (req, res) => {
    const body = await parseBody(req);
    if (body.kind === 'form' && typeof body.value.token === 'string') auth.revoke(body.value.token);
    answer(res, 200, {});
  };

  /** The managed login's /logout: back to `logout_uri` when it is this site's, else to the picker. */
  const logout: Route = (_req, res, url) => {
    const back = url.searchParams.get('logout_uri') ?? '';
    const home = `${opts.publicUrl}/`;
    res.writeHead(302, { location: back === home ? home : '/auth/sign-in', 'cache-control': 'no-store' });
    res.end();
  };

  const moveClock: Route = async (req, res) => {
    const body = await parseBody(req);
    if (body.kind !== 'json')
      return sendError(res, 400, 'MALFORMED', body.kind === 'bad' ? body.why : 'The body must be JSON');
    const invalid = (field: string, why: string) =>
      sendError(res, 422, 'VALIDATION', 'The input is not valid', { [field]: why });
    const { advanceDays, now } = body.value;
    let offset: number;
    if (advanceDays !== undefined && now !== undefined)
      return invalid('now', 'give either advanceDays or now, not both');
    if (advanceDays !== undefined) {
      if (typeof advanceDays !== 'number' || !Number.isFinite(advanceDays))
        return invalid('advanceDays', 'must be a number of days');
      offset = clockOffset() + advanceDays * 86_400_000;
    } else if (now !== undefined) {
      const at = typeof now === 'string' && ISO_DATETIME.test(now) ? Date.parse(now) : Number.NaN;
      if (!Number.isFinite(at))
        return invalid('now', 'must be an ISO 8601 date-time with an offset, e.g. 2026-08-24T08:00:00+07:00');
      offset = at - Date.now();
    } else {
      return invalid('advanceDays', 'give advanceDays or now');
    }
    setClockOffset(offset);
    saveClock(opts.dataDir);
    // let the deadlines the move passed fire, and the schedules run, so the answer comes after what they did
    opts.sfn.clockChanged();
    await opts.events.scheduled();
    await Promise.race([opts.sfn.idle(), new Promise((r) => setTimeout(r, CLOCK_SETTLE_MS).unref())]);
    answer(res, 200, { now: vietnamIso(appClock.now()) });
  };

  const outbox: Route = async (_req, res) => {
    const mails = await listSentMail(opts.sesEndpoint);
    answer(
      res,
      200,
      mails.map((m) => ({
        id: m.messageId,
        to: m.to,
        subject: m.subject,
        text: m.text ?? '',
        html: m.html ?? '',
        links: linksIn(m.text ?? m.html ?? ''),
        attachments: m.attachments.map((a) => ({
          filename: a.filename ?? '',
          contentType: a.contentType,
          size: a.size,
        })),
        at: vietnamIso(new Date(m.at * 1000)),
      })),
    );
  };

  const sesEvent: Route = async (req, res) => {
    const body = await parseBody(req);
    if (body.kind !== 'json')
      return sendError(res, 400, 'MALFORMED', body.kind === 'bad' ? body.why : 'The body must be JSON');
    try {
      await opts.events.mailFeedback(body.value);
    } catch (error) {
      // as in AWS, a refused event is the function's failure (there it is retried, then dead-lettered)
      const message = error instanceof Error ? error.message : String(error);
      return sendError(
        res,
        422,
        'EVENT_REFUSED',
        `The bounce function refused the event: ${message.slice(0, 500)}`,
      );
    }
    answer(res, 200, { delivered: true });
  };

  const routes: Record<string, Route> = {
    'GET /local/jwks.json': jwks,
    'GET /local/.well-known/jwks.json': jwks,
    'GET /local/users': async (_req, res) =>
      answer(
        res,
        200,
        (await signInUsers(opts.directory)).map(({ agencyName: _n, ...u }) => u),
      ),
    'GET /auth/sign-in': async (_req, res, url) =>
      sendHtml(
        res,
        200,
        signInPage(await signInUsers(opts.directory), safeNext(url.searchParams.get('next'))),
      ),
    [`GET ${LOCAL_LOGIN_PATH}/logout`]: logout,
    [`POST ${LOCAL_LOGIN_PATH}/oauth2/token`]: token,
    [`POST ${LOCAL_LOGIN_PATH}/oauth2/revoke`]: revoke,
    'POST /local/sign-in': signIn,
    'POST /local/clock': moveClock,
    'GET /local/outbox': outbox,
    'POST /local/ses-events': sesEvent,
  };

  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const route = routes[`${req.method ?? 'GET'} ${url.pathname}`];
    if (!route) return false;
    await route(req, res, url);
    return true;
  };
}
