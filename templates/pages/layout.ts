/**
 * The page shell every HTML page shares: escaping, the two languages, the header with the language switch, and
 * the stylesheet link. No inline script or style (the Content-Security-Policy forbids both).
 */
export type Lang = 'vi' | 'en';

/** Escapes text for HTML element content and attribute values. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/** Picks the text of the page's language. */
export function t(lang: Lang, vi: string, en: string): string {
  return lang === 'vi' ? vi : en;
}

export interface PageOptions {
  lang: Lang;
  title: string;
  /** the signed-in user's name, when there is one */
  user?: { name: string; roles: readonly string[] };
  /** the current path, for the language switch */
  path?: string;
}

export function page(opts: PageOptions, body: string): string {
  const { lang, title, user, path = '/' } = opts;
  const other: Lang = lang === 'vi' ? 'en' : 'vi';
  const sep = path.includes('?') ? '&' : '?';
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · ${t(lang, 'Trao đổi đoàn công tác', 'Exchange Visits')}</title>
<link rel="stylesheet" href="/static/app.css">
</head>
<body>
<header class="top"><a class="brand" href="/">${t(lang, 'Trao đổi đoàn công tác', 'Exchange Visits')}</a>
<nav>${user ? `<span class="who">${esc(user.name)}</span>` : ''}<a href="${esc(`${path}${sep}lang=${other}`)}" hreflang="${other}">${other === 'en' ? 'English' : 'Tiếng Việt'}</a></nav></header>
<main>
${body}
</main>
</body>
</html>`;
}
