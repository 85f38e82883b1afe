/**
 * The routes only the local runtime serves (the HTTP contract's local section), tried before the manifest's:
 *
 * - `GET /local/jwks.json` (and `/local/.well-known/jwks.json`): the key set the authorizer verifies tokens with;
 * - `GET /local/users`, `POST /local/sign-in` (`{"email"}` as JSON for a token, or the picker's form for a
 *   cookie and a redirect to `next`), and `GET /auth/sign-in` / `POST /auth/sign-out` standing in for the
 *   managed login;
 * - `POST /local/clock` (`{"advanceDays"}` or `{"now"}`): moves the application clock, keeps it across restarts,
 *   and answers once the deadlines it passed have fired and the scheduled functions have run at the new time;
 * - `GET /local/outbox`: the mail sent, with the links in each.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { appClock, clockOffset, setClockOffset } from '#adapters/clock.ts';
import { SESSION_COOKIE, safeNext } from '#commons/identity.ts';
import { vietnamIso } from '#domain/clock.ts';
import { findLocalUser, type LocalAuth, localUsers, TOKEN_TTL_SECONDS } from '#infra/local/auth.ts';
import { saveClock } from '#infra/local/clock-file.ts';
import { listSentMail } from '#infra/local/emulators.ts';
import { type Headers, parseBody, sendError, sendHtml, sendJson } from '#infra/local/http.ts';
import type { LocalSchedules } from '#infra/local/schedules.ts';
import { signInPage } from '#infra/local/sign-in-page.ts';
import type { LocalStepFunctions } from '#infra/local/stepfunctions/runtime.ts';

export interface LocalRoutesOptions {
  dataDir: string;
  auth: LocalAuth;
  /** told when the clock moves; the clock route answers when it is idle again */
  sfn: Pick<LocalStepFunctions, 'clockChanged' | 'idle'>;
  /** the scheduled functions: run when the clock moves, and waited for likewise */
  schedules: Pick<LocalSchedules, 'clockChanged' | 'idle'>;
  /** the mail emulator, read for the outbox */
  sesEndpoint: string;
}

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

function redirect(res: ServerResponse, location: string, cookie: string): void {
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
    const user = findLocalUser(email);
    if (!user) {
      if (body.kind === 'form') {
        const notice = `Không có người dùng ${email} (no such user)`;
        return sendHtml(res, 404, signInPage(localUsers(), safeNext(body.value.next), notice));
      }
      return sendError(res, 404, 'USER_NOT_FOUND', 'No seeded user has this email', {
        email: 'not a seeded user (see GET /local/users)',
      });
    }
    const token = auth.signToken(user);
    const cookie = `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Lax; Path=/; Max-Age=${TOKEN_TTL_SECONDS}`;
    if (body.kind === 'form') redirect(res, safeNext(body.value.next), cookie);
    else answer(res, 200, { token }, { 'set-cookie': cookie });
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
    // let the deadlines the move passed fire and the scheduled functions run at the new time, so the answer comes
    // after their reminders and timeouts
    opts.sfn.clockChanged();
    opts.schedules.clockChanged();
    await Promise.race([
      Promise.all([opts.sfn.idle(), opts.schedules.idle()]),
      new Promise((r) => setTimeout(r, CLOCK_SETTLE_MS).unref()),
    ]);
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

  const routes: Record<string, Route> = {
    'GET /local/jwks.json': jwks,
    'GET /local/.well-known/jwks.json': jwks,
    'GET /local/users': (_req, res) => answer(res, 200, localUsers()),
    'GET /auth/sign-in': (_req, res, url) =>
      sendHtml(res, 200, signInPage(localUsers(), safeNext(url.searchParams.get('next')))),
    'POST /auth/sign-out': (_req, res) =>
      redirect(res, '/auth/sign-in', `${SESSION_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0`),
    'POST /local/sign-in': signIn,
    'POST /local/clock': moveClock,
    'GET /local/outbox': outbox,
  };

  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const route = routes[`${req.method ?? 'GET'} ${url.pathname}`];
    if (!route) return false;
    await route(req, res, url);
    return true;
  };
}
