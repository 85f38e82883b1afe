/**
 * The page shell every HTML page shares: the viewer, the two languages, the header with the navigation, the
 * language switch and sign-out, and the stylesheet and the (optional, enhancing) script. No inline script or style
 * (the Content-Security-Policy forbids both).
 */
import type { Language } from '#domain/visit.ts';
import { esc } from '#templates/html.ts';

/** Who looks at a page, in which language, and the CSRF token for its forms. */
export interface Viewer {
  lang: Language;
  /** current path and query, for the language switch */
  path: string;
  user?: { name: string; email?: string; roles: readonly string[]; agencyId?: string };
  csrf?: string;
}

/** Picks the text of the page's language. */
export function t(lang: Language, vi: string, en: string): string {
  return lang === 'vi' ? vi : en;
}

export const APP_NAME = { vi: 'Trao đổi đoàn công tác', en: 'Exchange Visits' } as const;

export interface PageOptions {
  lang: Language;
  title: string;
  /** the signed-in user, when there is one */
  user?: { name: string; roles: readonly string[] };
  /** the current path (and query), for the language switch */
  path?: string;
  /** the CSRF token for the sign-out form (cookie sessions) */
  csrf?: string;
  /** no navigation (pages reached through an emailed link by someone who is not signed in) */
  bare?: boolean;
  /**
   * The page's posted form, by its id, and the label of the button that sends it. Its default button (the one
   * Enter presses) then comes first in the page, before any row button, and the language switch posts the form to
   * be drawn again in the other language with everything typed, instead of leaving it.
   */
  form?: { id: string; submit: string };
  /** how many things wait on the user's agency (home's to-do), shown beside the visits' link */
  todoCount?: number;
}

/** `path` with `lang=<lang>` in place of any lang it had. */
export function withLang(path: string, lang: Language): string {
  const [base = '/', query = ''] = path.split('?', 2);
  const params = new URLSearchParams(query);
  params.set('lang', lang);
  return `${base}?${params.toString()}`;
}

function nav(opts: PageOptions): string {
  const { lang, user, csrf } = opts;
  if (!user || opts.bare) return '';
  const links: string[] = [];
  if (user.roles.includes('staff') || user.roles.includes('secretary')) {
    const count = opts.todoCount
      ? ` <span class="count">${opts.todoCount}<span class="visually-hidden"> ${t(lang, 'việc cần xử lý', 'to do')}</span></span>`
      : '';
    links.push(`<a href="/">${t(lang, 'Chuyến công tác', 'Visits')}${count}</a>`);
    links.push(`<a href="/actions">${t(lang, 'Nhiệm vụ', 'Action items')}</a>`);
  }
  if (user.roles.includes('auditor'))
    links.push(`<a href="/archive">${t(lang, 'Kiểm tra hồ sơ', 'Archive')}</a>`);
  if (user.roles.includes('admin') || user.roles.includes('directory-admin'))
    links.push(`<a href="/directory">${t(lang, 'Danh bạ', 'Directory')}</a>`);
  const signOut = `<form class="sign-out" method="post" action="/auth/sign-out">${
    csrf ? `<input type="hidden" name="_csrf" value="${esc(csrf)}">` : ''
  }<button class="link" type="submit">${t(lang, 'Đăng xuất', 'Sign out')}</button></form>`;
  return `<nav class="main-nav" aria-label="${t(lang, 'Điều hướng', 'Navigation')}">${links.join('')}<span class="who">${esc(user.name)}</span>${signOut}</nav>`;
}

/** The switch to the other language: a link, or on a form's page a button that posts the form to redraw it. */
function languageSwitch(opts: PageOptions): string {
  const { lang, path = '/' } = opts;
  const other: Language = lang === 'vi' ? 'en' : 'vi';
  const label = other === 'en' ? 'English' : 'Tiếng Việt';
  if (opts.form)
    return `<button class="lang" type="submit" form="${esc(opts.form.id)}" name="_lang" value="${other}" formnovalidate lang="${other}">${label}</button>`;
  return `<a class="lang" href="${esc(withLang(path, other))}" hreflang="${other}" lang="${other}">${label}</a>`;
}

/**
 * The first submit button of the page's form in tree order, so the one Enter presses: it sends the form. Hidden
 * from sight and from assistive technology (the visible button at the form's end says the same).
 */
function defaultButton(form: PageOptions['form']): string {
  return form
    ? `<button class="visually-hidden" type="submit" form="${esc(form.id)}" tabindex="-1" aria-hidden="true">${esc(form.submit)}</button>\n`
    : '';
}

export function page(opts: PageOptions, body: string): string {
  const { lang, title } = opts;
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(title)} · ${APP_NAME[lang]}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/app.css">
<script src="/static/app.js" defer></script>
</head>
<body>
${defaultButton(opts.form)}<header class="top"><div class="bar"><a class="brand" href="/">${APP_NAME[lang]}</a>
${languageSwitch(opts)}</div>
${nav(opts)}</header>
<main>
${body}
</main>
</body>
</html>`;
}

/** The links to a paged list's first page (on a later page) and next page (when there is one); empty when neither. */
export function pager(
  lang: Language,
  hrefs: { firstHref?: string | undefined; nextHref?: string | undefined },
): string {
  const links = [
    hrefs.firstHref
      ? `<a class="button secondary" href="${esc(hrefs.firstHref)}">${t(lang, '« Trang đầu', '« First page')}</a>`
      : '',
    hrefs.nextHref
      ? `<a class="button secondary" rel="next" href="${esc(hrefs.nextHref)}">${t(lang, 'Trang sau »', 'Next page »')}</a>`
      : '',
  ].filter(Boolean);
  return links.length ? `<p class="actions pager">${links.join(' ')}</p>` : '';
}
