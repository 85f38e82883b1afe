/**
 * The pages that carry a posted form across a re-authentication, so nothing typed is lost to an expired session:
 * the form kept (posted with a session whose hour was over: everything typed, as hidden fields, goes to the
 * renewal), and the form sent again (once renewed: the same fields with the new session's CSRF token, back to
 * where they were posted). The script submits both on its own; without it, one button does.
 */
import { esc } from '#templates/html.ts';
import { csrfInput } from './forms.ts';
import { page, t, type Viewer } from './layout.ts';

/** A form's fields as posted: name and value, in order, repeated names kept. */
export type PostedFields = readonly (readonly [string, string])[];

function hidden(fields: PostedFields): string {
  return fields
    .map(([name, value]) => `<input type="hidden" name="${esc(name)}" value="${esc(value)}">`)
    .join('\n');
}

/**
 * The form kept: everything posted goes to `renewPath` with `next` (where it was posted). `signInFirst` when the
 * session could not be renewed: the person signs in (a new tab keeps this page) and presses Continue.
 */
export function keptFormPage(
  viewer: Viewer,
  o: { renewPath: string; next: string; fields: PostedFields; signIn?: string },
): string {
  const L = (vi: string, en: string) => t(viewer.lang, vi, en);
  const explain = o.signIn
    ? `<p role="alert">${L(
        'Không gia hạn được phiên đăng nhập. Những gì bạn đã nhập vẫn được giữ ở trang này:',
        'The session could not be renewed. What you typed is still kept on this page:',
      )} <a href="${esc(o.signIn)}" target="_blank" rel="noopener">${L(
        'đăng nhập lại (mở thẻ mới)',
        'sign in again (opens a new tab)',
      )}</a>, ${L('rồi quay lại đây và bấm Tiếp tục.', 'then come back here and press Continue.')}</p>`
    : `<p>${L(
        'Phiên đăng nhập đã hết hạn trong lúc bạn làm việc. Những gì bạn đã nhập được giữ lại và sẽ được gửi lại sau khi gia hạn phiên.',
        'Your session ended while you worked. What you typed is kept, and is sent again once the session is renewed.',
      )}</p>`;
  const body = `<h1>${L('Phiên đăng nhập đã hết hạn', 'Your session has ended')}</h1>
${explain}
<form method="post" action="${esc(o.renewPath)}"${o.signIn ? '' : ' data-autosubmit'}>
<input type="hidden" name="_next" value="${esc(o.next)}">
${hidden(o.fields)}
<button type="submit">${L('Tiếp tục', 'Continue')}</button>
</form>`;
  return page(
    { lang: viewer.lang, title: L('Phiên đăng nhập đã hết hạn', 'Session ended'), bare: true },
    body,
  );
}

/** The form sent again: the fields kept, with the renewed session's CSRF token, to `action`. */
export function resentFormPage(
  viewer: Viewer,
  o: { action: string; fields: PostedFields; csrf: string },
): string {
  const L = (vi: string, en: string) => t(viewer.lang, vi, en);
  const body = `<h1>${L('Đã gia hạn phiên đăng nhập', 'Your session is renewed')}</h1>
<p>${L('Đang gửi lại những gì bạn đã nhập…', 'Sending what you typed again…')}</p>
<form method="post" action="${esc(o.action)}" data-autosubmit>
${csrfInput(o.csrf)}
${hidden(o.fields)}
<button type="submit">${L('Gửi', 'Send')}</button>
</form>`;
  return page({ lang: viewer.lang, title: L('Gửi lại', 'Sending again'), bare: true }, body);
}
