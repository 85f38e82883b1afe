/**
 * The notice that a visit's mail did not reach someone, to the requester and the administrators of the agency the
 * address belongs to. In both languages (Vietnamese, then English), whatever the visit's language: the people told
 * are not always the visit's own. Plain text, and the same as simple HTML with everything typed escaped.
 */
import type { BounceNoticeContext, ComposeBounceNotice } from '#domain/mail-bounces.ts';
import type { Language } from '#domain/visit.ts';
import { esc } from './html.ts';
import { noticeLabel } from './pages/labels.ts';
import { APP_NAME, t } from './pages/layout.ts';
import { dateRange } from './words/dates.ts';

function who(c: BounceNoticeContext): string {
  return c.person
    ? `${c.person.name}${c.person.position ? `, ${c.person.position}` : ''} <${c.address}>`
    : c.address;
}

/** What happened, and what it means, for one language. */
function paragraphs(c: BounceNoticeContext, lang: Language): string[] {
  const L = (vi: string, en: string) => t(lang, vi, en);
  const notice = c.feedback.notice ? noticeLabel(c.feedback.notice, lang) : L('thư', 'mail');
  const agency = lang === 'vi' ? c.agency.name : c.agency.nameEn;
  const why =
    c.feedback.kind === 'complaint'
      ? L(
          'người nhận đã đánh dấu thư là thư rác; hệ thống sẽ không gửi thêm thư tới địa chỉ này.',
          'its recipient marked it as spam; no more mail will be sent to this address.',
        )
      : c.feedback.permanent
        ? L(
            'máy chủ thư của người nhận từ chối vĩnh viễn (địa chỉ không tồn tại hoặc không nhận thư); thư sau tới địa chỉ này sẽ bị chặn cho tới khi địa chỉ được sửa.',
            "the recipient's mail server refused it for good (the address does not exist or takes no mail); later mail to this address is held back until the address is corrected.",
          )
        : L(
            'máy chủ thư của người nhận không nhận thư sau nhiều lần gửi lại (hộp thư đầy, thư quá lớn hoặc bị từ chối tạm thời).',
            "the recipient's mail server did not accept it after repeated tries (a full mailbox, a message too large, or a temporary refusal).",
          );
  return [
    L(
      `Thư “${notice}” về chuyến công tác dưới đây không đến được ${who(c)}: ${why}`,
      `The ${notice} about the visit below did not reach ${who(c)}: ${why}`,
    ),
    L(
      `Người nhận có thể chưa có liên kết cần để xử lý hồ sơ. Đề nghị ${agency} kiểm tra và cập nhật địa chỉ thư điện tử, báo người nhận theo cách khác nếu cần, và mở trang chuyến công tác để theo dõi.`,
      `The recipient may not have the link they need to act on the file. ${agency} is asked to check and correct the email address, reach the person another way if needed, and follow the visit on its page.`,
    ),
  ];
}

function facts(c: BounceNoticeContext, lang: Language): [string, string][] {
  const r = c.visit.request;
  const L = (vi: string, en: string) => t(lang, vi, en);
  return [
    [L('Nội dung', 'Visit'), r.title],
    [L('Cơ quan cử đoàn', 'Sending agency'), lang === 'vi' ? c.visiting.name : c.visiting.nameEn],
    [L('Cơ quan đón đoàn', 'Host agency'), lang === 'vi' ? c.host.name : c.host.nameEn],
    [L('Thời gian', 'Dates'), dateRange(r.startDate, r.endDate)],
  ];
}

const LANGS: readonly Language[] = ['vi', 'en'];

export const composeBounceNotice: ComposeBounceNotice = (c) => {
  const title = c.visit.request.title;
  const subject = `Thư không đến được người nhận: ${title} · Mail not delivered: ${title}`;
  const part = (lang: Language) => ({
    greeting: t(lang, 'Kính gửi đồng chí,', 'Hello,'),
    lines: paragraphs(c, lang),
    about: facts(c, lang),
    action: t(lang, 'Mở trang chuyến công tác', 'Open the visit'),
  });
  const text = [
    ...LANGS.flatMap((lang) => {
      const p = part(lang);
      return [
        p.greeting,
        '',
        ...p.lines,
        '',
        ...p.about.map(([k, v]) => `${k}: ${v}`),
        '',
        `${p.action}: ${c.link}`,
        '',
        '—',
        '',
      ];
    }),
    `${APP_NAME.vi} · ${APP_NAME.en}`,
    '',
  ].join('\n');
  const cell = 'padding:2px 12px 2px 0;vertical-align:top';
  const section = (lang: Language) => {
    const p = part(lang);
    return `<div lang="${lang}"><p>${esc(p.greeting)}</p>${p.lines.map((l) => `<p>${esc(l)}</p>`).join('')}
<table role="presentation" style="border-collapse:collapse;margin:12px 0">${p.about
      .map(
        ([k, v]) =>
          `<tr><td style="${cell};color:#5b6675">${esc(k)}</td><td style="${cell}"><strong>${esc(v)}</strong></td></tr>`,
      )
      .join('')}</table>
<p><a href="${esc(c.link)}">${esc(p.action)}</a></p></div>`;
  };
  const html = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${esc(subject)}</title></head><body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1d2430">${LANGS.map(section).join('<hr>')}<p>${esc(APP_NAME.vi)} · ${esc(APP_NAME.en)}</p></body></html>`;
  return { subject, text, html };
};
