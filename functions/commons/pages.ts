/**
 * The browser side of the HTTP handlers: who is looking and in which language, the page response (which also
 * remembers a `?lang=` choice in the `lang` cookie), and the error page of every named error. The form flow is in
 * forms.ts.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type DomainError, LinkUsedError, UnauthenticatedError, ValidationError } from '#domain/errors.ts';
import type { Language } from '#domain/visit.ts';
import { errorPage, linkProblemPage } from '#templates/pages/errors.ts';
import { t, type Viewer } from '#templates/pages/layout.ts';
import { keptFormPage } from '#templates/pages/session.ts';
import { CSRF_FIELD, csrfFor } from './csrf.ts';
import { bodyText, bodyType, type ErrorPage, fieldMessages, html, langOf, type Result } from './http.ts';
import { type Identity, RENEW_PATH, SIGN_IN_PATH, SignInError } from './identity.ts';

const YEAR_SECONDS = 365 * 86_400;

/** The path and query of the request without `lang` (the language switch adds its own). */
export function currentPath(event: Pick<APIGatewayProxyEventV2, 'rawPath' | 'rawQueryString'>): string {
  const params = new URLSearchParams(event.rawQueryString ?? '');
  params.delete('lang');
  const query = params.toString();
  return `${event.rawPath || '/'}${query ? `?${query}` : ''}`;
}

/** Who looks at a page, in which language, and the CSRF token for its forms. */
export function viewerOf(event: APIGatewayProxyEventV2, user?: Identity): Viewer {
  const who = user;
  const csrf = csrfFor(event);
  return {
    lang: langOf(event),
    path: currentPath(event),
    ...(who ? { user: { name: who.name, email: who.email, roles: who.roles, agencyId: who.agencyId } } : {}),
    ...(csrf ? { csrf } : {}),
  };
}

/**
 * An HTML answer; a `?lang=vi|en` in the request (or `remember`: a form's language switch) is remembered in the
 * `lang` cookie for the next pages.
 */
export function sendPage(
  event: APIGatewayProxyEventV2,
  statusCode: number,
  body: string,
  remember?: Language,
): Result {
  const result = html(statusCode, body);
  const q = remember ?? event.queryStringParameters?.lang;
  if (q === 'vi' || q === 'en') result.cookies = [`lang=${q}; Path=/; Max-Age=${YEAR_SECONDS}; SameSite=Lax`];
  return result;
}

/**
 * A form posted with a session whose hour is over: everything posted (but its stale CSRF token) kept on a page
 * that sends it to the renewal, and from there back here (401). Undefined for anything but a form post (the
 * caller then renews on the way to the page) or a body over the limit.
 */
function keptForm(event: APIGatewayProxyEventV2, viewer: Viewer): Result | undefined {
  const form = bodyType(event) === 'application/x-www-form-urlencoded';
  if (event.requestContext?.http?.method !== 'POST' || !form) return undefined;
  let text: string;
  try {
    text = bodyText(event);
  } catch {
    return undefined; // over the limit: nothing to keep
  }
  const fields = [...new URLSearchParams(text)].filter(([name]) => name !== CSRF_FIELD);
  const next = `${event.rawPath}${event.rawQueryString ? `?${event.rawQueryString}` : ''}`;
  return sendPage(event, 401, keptFormPage(viewer, { renewPath: RENEW_PATH, next, fields }));
}

/**
 * The error page of every named error (the `page` hook of httpErrors): a form kept across an expired session; a
 * link's own page for a link that is unknown, expired or used; otherwise the error page, with "sign in again"
 * after a failed sign-in.
 */
export const pageErrors: ErrorPage = (error: DomainError, lang: Language, event: APIGatewayProxyEventV2) => {
  const viewer = { ...viewerOf(event), lang };
  if (error instanceof UnauthenticatedError) return keptForm(event, viewer);
  if (error.code === 'LINK_NOT_FOUND' || error.code === 'LINK_EXPIRED' || error.code === 'LINK_USED') {
    const used = error instanceof LinkUsedError ? error : undefined;
    return sendPage(
      event,
      error.status,
      linkProblemPage(viewer, {
        status: error.status,
        ...(used?.decidedBy ? { decidedBy: used.decidedBy } : {}),
        ...(used?.decidedByName ? { decidedByName: used.decidedByName } : {}),
        ...(used?.decidedAt ? { decidedAt: used.decidedAt } : {}),
        ...(used?.decision ? { decision: used.decision } : {}),
      }),
    );
  }
  // any other closed link: the visit called off, its dates moved, the approval handed to someone else
  if (error.status === 410)
    return sendPage(
      event,
      410,
      linkProblemPage(viewer, { status: 410, closed: { message: error.text[lang] } }),
    );
  return sendPage(
    event,
    error.status,
    errorPage(viewer, {
      status: error.status,
      code: error.code,
      message: error.text[lang],
      ...(error instanceof ValidationError ? { fields: Object.values(fieldMessages(error, lang)) } : {}),
      ...(error instanceof SignInError
        ? { action: { href: SIGN_IN_PATH, label: t(lang, 'Đăng nhập lại', 'Sign in again') } }
        : {}),
    }),
  );
};
