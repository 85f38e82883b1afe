/**
 * The pages a browser sees for a named error that is not shown beside a field (403, 404, 409, 413, 503 …), and
 * the page of an emailed link that cannot be used.
 */

import { esc } from '#templates/html.ts';
import { vnDateTime } from '#templates/words/dates.ts';
import { decidedLabel, nameOf } from './labels.ts';
import { page, t, type Viewer } from './layout.ts';

export interface ErrorPageData {
  status: number;
  code: string;
  message: string;
  /** field messages, when a validation error reaches a page without its form */
  fields?: readonly string[];
  /** what to do next, instead of going home */
  action?: { href: string; label: string };
  /** the heading, when the status's own says too little (an address that leads nowhere) */
  title?: string;
}

function heading(status: number, lang: Viewer['lang']): string {
  switch (status) {
    case 400:
      return t(lang, 'Yêu cầu không hợp lệ', 'Bad request');
    case 403:
      return t(lang, 'Không có quyền truy cập', 'Not allowed');
    case 404:
      return t(lang, 'Không tìm thấy', 'Not found');
    case 409:
      return t(lang, 'Không thực hiện được lúc này', 'Not possible now');
    case 410:
      return t(lang, 'Đã hết hạn', 'Expired');
    case 413:
      return t(lang, 'Dữ liệu quá lớn', 'Too much data');
    case 429:
      return t(lang, 'Vừa mới gửi', 'Too soon');
    case 422:
      return t(lang, 'Dữ liệu chưa hợp lệ', 'The input is not valid');
    case 503:
      return t(lang, 'Hệ thống đang bận', 'The service is busy');
    default:
      return t(lang, 'Có lỗi xảy ra', 'Something went wrong');
  }
}

function advice(d: ErrorPageData, lang: Viewer['lang']): string {
  if (d.code === 'CSRF')
    return t(lang, 'Tải lại trang biểu mẫu rồi gửi lại.', 'Reload the form and send it again.');
  switch (d.status) {
    case 413:
      return t(
        lang,
        'Nội dung gửi lên tối đa 1 MB. Quay lại trang trước (nút Quay lại của trình duyệt), rút gọn nội dung rồi gửi lại.',
        'Up to 1 MB can be sent. Go back (your browser’s Back button), shorten the text and send it again.',
      );
    case 503:
      return t(lang, 'Vui lòng thử lại sau ít phút.', 'Please try again in a few minutes.');
    case 403:
      return t(
        lang,
        'Nếu bạn cần quyền này, hãy liên hệ quản trị hệ thống của cơ quan.',
        'If you need this access, ask your agency’s administrator.',
      );
    default:
      return '';
  }
}

export function errorPage(viewer: Viewer, d: ErrorPageData): string {
  const { lang } = viewer;
  const title = d.title ?? heading(d.status, lang);
  const tip = advice(d, lang);
  return page(
    { lang, title, path: viewer.path, user: viewer.user, csrf: viewer.csrf },
    `<div class="confirm problem"><h1>${esc(title)}</h1>
<p>${esc(d.message)}</p>
${d.fields?.length ? `<ul>${d.fields.map((f) => `<li>${esc(f)}</li>`).join('')}</ul>` : ''}
${tip ? `<p>${esc(tip)}</p>` : ''}
<p>${
      d.action
        ? `<a class="button primary" href="${esc(d.action.href)}">${esc(d.action.label)}</a>`
        : `<a class="button secondary" href="/">${t(lang, 'Về trang chủ', 'Home')}</a>`
    }</p></div>`,
  );
}

/** The page of an address that leads nowhere (the `$default` route): 404, with the way home. */
export function pageNotFound(viewer: Viewer): string {
  const { lang } = viewer;
  return errorPage(viewer, {
    status: 404,
    code: 'NOT_FOUND',
    title: t(lang, 'Không tìm thấy trang', 'Page not found'),
    message: t(
      lang,
      'Địa chỉ này không dẫn tới trang nào. Kiểm tra lại địa chỉ, hoặc về trang chủ.',
      'This address leads to no page. Check it, or go to the home page.',
    ),
  });
}

/**
 * The page of a link that cannot be used: unknown (404), expired (410), already used (409), or closed by a change
 * (410: `closed.message` says what happened, by whom, when and why).
 */
export function linkProblemPage(
  viewer: Viewer,
  p: {
    status: number;
    decidedBy?: string;
    decidedByName?: string;
    decidedAt?: string;
    decision?: string;
    closed?: { message: string };
  },
): string {
  const { lang } = viewer;
  const L = (vi: string, en: string) => t(lang, vi, en);
  let title: string;
  let text: string;
  if (p.closed) {
    title = L('Liên kết không còn dùng được', 'This link no longer works');
    text = p.closed.message;
  } else if (p.status === 410) {
    title = L('Liên kết đã hết hạn', 'This link has expired');
    text = L(
      'Thời hạn xử lý của liên kết này đã qua, hoặc yêu cầu đã được chuyển cho người khác. Nếu cần, vui lòng liên hệ văn phòng cơ quan.',
      'The time to act on this link has passed, or the request went to someone else. If needed, contact the agency’s office.',
    );
  } else if (p.status === 409) {
    title = L('Liên kết đã được sử dụng', 'This link has already been used');
    const who = p.decidedByName ?? (p.decidedBy ? nameOf(p.decidedBy) : '');
    text =
      p.decision || who
        ? `${L('Quyết định', 'The decision')} “${decidedLabel(p.decision, lang)}” ${L('đã được ghi nhận', 'was recorded')}${
            who ? ` ${L('bởi', 'by')} ${who}` : ''
          }${p.decidedAt ? ` ${L('lúc', 'at')} ${vnDateTime(p.decidedAt)}` : ''}. ${L('Mỗi liên kết chỉ dùng được một lần.', 'Each link can be used once.')}`
        : L('Yêu cầu này đã được xử lý.', 'This request has already been handled.');
  } else {
    title = L('Liên kết không tồn tại', 'This link does not exist');
    text = L(
      'Liên kết không đúng hoặc không còn hợp lệ. Vui lòng mở lại liên kết trong thư, chép đầy đủ địa chỉ.',
      'The link is wrong or no longer valid. Open it again from the mail, copying the whole address.',
    );
  }
  return page(
    { lang, title, path: viewer.path, bare: true },
    `<div class="confirm problem"><h1>${esc(title)}</h1><p>${esc(text)}</p></div>`,
  );
}
