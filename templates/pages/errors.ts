/** The page a browser sees for a named error that is not shown beside a field (403, 404, 409, 413, 503 …). */
import { esc, page, t } from './layout.ts';
import type { Viewer } from './request-form.ts';

export interface ErrorPageData {
  status: number;
  code: string;
  message: string;
  /** field messages, when a validation error reaches a page without its form */
  fields?: readonly string[];
  /** what to do next, instead of going home */
  action?: { href: string; label: string };
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
  const title = heading(d.status, lang);
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
