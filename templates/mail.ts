/**
 * The notices the lifecycle mails, in the visit's language: plain text that says what, who, when and the link,
 * and the same as simple HTML. Everything people typed is escaped in the HTML.
 */

import type { ComposeNotice, NoticeContext, NoticeKind } from '#domain/ports.ts';
import { STATUS_LABELS } from '#domain/visit.ts';

type Lang = 'vi' | 'en';

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** 24/08/2026 or 24 Aug 2026, 17:00 in Vietnam time. */
function when(iso: string, lang: Lang, withTime = true): string {
  const d = new Date(Date.parse(iso) + 7 * 3600_000);
  const dd = String(d.getUTCDate()).padStart(2, '0');
  const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
  const time = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  const date = `${dd}/${mm}/${d.getUTCFullYear()}`;
  if (!withTime) return date;
  return lang === 'vi' ? `${time} ngày ${date}` : `${date} ${time} (Vietnam time)`;
}

function day(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

interface Parts {
  subject: string;
  lines: string[];
  action?: string;
}

function parts(kind: NoticeKind, c: NoticeContext, lang: Lang): Parts {
  const r = c.visit.request;
  const vi = lang === 'vi';
  const visiting = vi ? c.visiting.name : c.visiting.nameEn;
  const host = vi ? c.host.name : c.host.nameEn;
  const dates = r.startDate === r.endDate ? day(r.startDate) : `${day(r.startDate)} – ${day(r.endDate)}`;
  const what = vi
    ? `Đoàn công tác ${visiting} đến làm việc với ${host} ngày ${dates} tại ${r.place}: “${r.title}”.`
    : `The working delegation of ${visiting} visits ${host} on ${dates} at ${r.place}: “${r.title}”.`;
  const by = c.deadline
    ? vi
      ? `Đề nghị xử lý trước ${when(c.deadline, lang)}.`
      : `Please act by ${when(c.deadline, lang)}.`
    : '';
  const number = c.documentNumber
    ? vi
      ? `Văn bản số ${c.documentNumber}.`
      : `Document No. ${c.documentNumber}.`
    : '';
  const comment = c.comment ? (vi ? `Ý kiến: ${c.comment}` : `Comment: ${c.comment}`) : '';
  const status = STATUS_LABELS[c.visit.status][lang];
  const T = (viText: string, enText: string) => (vi ? viText : enText);
  switch (kind) {
    case 'approvalRequest':
    case 'escalation':
    case 'approvalReminder':
      return {
        subject: T(
          `${kind === 'approvalReminder' ? '[Nhắc việc] ' : ''}Đề nghị phê duyệt chương trình làm việc: ${r.title}`,
          `${kind === 'approvalReminder' ? '[Reminder] ' : ''}Approval requested: work programme “${r.title}”`,
        ),
        lines: [
          what,
          kind === 'escalation'
            ? T(
                'Người phê duyệt trước chưa xử lý trong thời hạn; đề nghị đồng chí xem xét thay.',
                'The previous approver did not act in time; the request is escalated to you.',
              )
            : '',
          number,
          T(
            'Dự thảo chương trình được đính kèm. Mở liên kết để xem và quyết định (phê duyệt, yêu cầu chỉnh sửa hoặc từ chối).',
            'The draft programme is attached. Open the link to read it and decide (approve, request changes or reject).',
          ),
          by,
        ],
        action: T('Xem và phê duyệt', 'Review and decide'),
      };
    case 'revisionRequest':
    case 'revisionReminder':
      return {
        subject: T(
          `${kind === 'revisionReminder' ? '[Nhắc việc] ' : ''}Yêu cầu chỉnh sửa đề nghị: ${r.title}`,
          `${kind === 'revisionReminder' ? '[Reminder] ' : ''}Changes requested: “${r.title}”`,
        ),
        lines: [
          what,
          T(
            'Người phê duyệt yêu cầu chỉnh sửa đề nghị làm việc.',
            'The approver asks for changes to the request.',
          ),
          comment,
          by,
        ],
        action: T('Chỉnh sửa đề nghị', 'Revise the request'),
      };
    case 'approved':
      return {
        subject: T(`Đã phê duyệt chương trình làm việc: ${r.title}`, `Work programme approved: “${r.title}”`),
        lines: [
          what,
          c.by ? T(`Phê duyệt bởi ${c.by}.`, `Approved by ${c.by}.`) : '',
          number,
          T(
            'Chương trình đã duyệt và thư mời lịch được đính kèm.',
            'The approved programme and a calendar invitation are attached.',
          ),
        ],
      };
    case 'rejected':
      return {
        subject: T(`Đề nghị làm việc bị từ chối: ${r.title}`, `Visit request rejected: “${r.title}”`),
        lines: [what, c.by ? T(`Từ chối bởi ${c.by}.`, `Rejected by ${c.by}.`) : '', comment],
      };
    case 'expired':
      return {
        subject: T(`Đề nghị làm việc đã quá hạn: ${r.title}`, `Visit request expired: “${r.title}”`),
        lines: [
          what,
          T(
            'Không có quyết định trong thời hạn; đề nghị đã quá hạn.',
            'No decision was made in time; the request has expired.',
          ),
        ],
      };
    case 'minutesRequest':
    case 'minutesReminder':
    case 'minutesChanges':
      return {
        subject: T(
          `${kind === 'minutesReminder' ? '[Nhắc việc] ' : ''}${kind === 'minutesChanges' ? 'Chủ tọa yêu cầu chỉnh sửa biên bản' : 'Đề nghị lập biên bản làm việc'}: ${r.title}`,
          `${kind === 'minutesReminder' ? '[Reminder] ' : ''}${kind === 'minutesChanges' ? 'Minutes sent back' : 'Minutes to record'}: “${r.title}”`,
        ),
        lines: [
          what,
          T(
            'Đề nghị thư ký ghi biên bản làm việc qua biểu mẫu (cần đăng nhập).',
            'The secretary is asked to record the minutes through the form (sign-in required).',
          ),
          comment,
          by,
        ],
        action: T('Ghi biên bản', 'Record the minutes'),
      };
    case 'minutesSignoff':
    case 'minutesSignoffReminder':
      return {
        subject: T(
          `${kind === 'minutesSignoffReminder' ? '[Nhắc việc] ' : ''}Đề nghị chủ tọa duyệt biên bản: ${r.title}`,
          `${kind === 'minutesSignoffReminder' ? '[Reminder] ' : ''}Minutes for your sign-off: “${r.title}”`,
        ),
        lines: [
          what,
          number,
          T(
            'Dự thảo biên bản được đính kèm. Mở liên kết để duyệt hoặc yêu cầu chỉnh sửa.',
            'The draft minutes are attached. Open the link to approve them or send them back.',
          ),
          by,
        ],
        action: T('Xem và duyệt biên bản', 'Review the minutes'),
      };
    case 'archived':
      return {
        subject: T(`Biên bản đã được lưu trữ: ${r.title}`, `Minutes archived: “${r.title}”`),
        lines: [
          what,
          T(
            'Biên bản đã duyệt và chương trình làm việc đã được lưu trữ, không thể sửa đổi.',
            'The signed-off minutes and the programme are archived and can no longer be changed.',
          ),
        ],
      };
    case 'failed':
      return {
        subject: T(`Lỗi xử lý đề nghị làm việc: ${r.title}`, `Processing failed: “${r.title}”`),
        lines: [
          what,
          T(
            `Trạng thái: ${status}. Bộ phận kỹ thuật đã được ghi nhận lỗi.`,
            `Status: ${status}. The error has been recorded for the operators.`,
          ),
          comment,
        ],
      };
  }
}

function compose(kind: NoticeKind, c: NoticeContext, lang: Lang) {
  const p = parts(kind, c, lang);
  const greeting = lang === 'vi' ? `Kính gửi đồng chí ${c.recipient.name},` : `Dear ${c.recipient.name},`;
  const lines = p.lines.filter(Boolean);
  const sign = lang === 'vi' ? 'Hệ thống Trao đổi đoàn công tác' : 'Exchange Visits';
  const text = [
    greeting,
    '',
    ...lines,
    ...(c.link ? ['', `${p.action ?? ''}: ${c.link}`] : []),
    '',
    sign,
    '',
  ].join('\n');
  const htmlBody = [
    `<p>${esc(greeting)}</p>`,
    ...lines.map((l) => `<p>${esc(l)}</p>`),
    c.link ? `<p><a href="${esc(c.link)}">${esc(p.action ?? c.link)}</a></p>` : '',
    `<p>${esc(sign)}</p>`,
  ].join('\n');
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${esc(p.subject)}</title></head><body>${htmlBody}</body></html>`;
  return { subject: p.subject, text, html };
}

export const composeNotice: ComposeNotice = (kind, ctx) => compose(kind, ctx, ctx.visit.request.language);
