/**
 * The notices of the changes to a visit, in the visit's language (Vietnamese or English), as the lifecycle's other
 * notices (mail.ts) write them: the visit called off, its dates moved, an approval handed to someone else; and the
 * line a resent link carries, saying who asked for it.
 */
import type { NoticeContext, NoticeKind } from '#domain/ports.ts';
import type { Language } from '#domain/visit.ts';
import { dateRange } from './words/dates.ts';

/** What a notice says: its subject, its opening lines, the label of its link. */
export interface Parts {
  subject: string;
  lines: string[];
  action?: string;
}

export type ChangeNotice = Extract<NoticeKind, 'cancelled' | 'rescheduled' | 'reassignedAway'>;

export const CHANGE_NOTICES: readonly ChangeNotice[] = ['cancelled', 'rescheduled', 'reassignedAway'];

export function isChangeNotice(kind: NoticeKind): kind is ChangeNotice {
  return (CHANGE_NOTICES as readonly NoticeKind[]).includes(kind);
}

export function changeParts(kind: ChangeNotice, c: NoticeContext, lang: Language): Parts {
  const r = c.visit.request;
  const T = (vi: string, en: string) => (lang === 'vi' ? vi : en);
  const by = c.byName ?? '';
  const reason = c.comment ? T(`Lý do: ${c.comment}`, `Reason: ${c.comment}`) : '';
  switch (kind) {
    case 'cancelled':
      return {
        subject: T(`Hủy chuyến công tác: ${r.title}`, `Visit cancelled: “${r.title}”`),
        lines: [
          T(
            `Chuyến công tác dưới đây đã được hủy${by ? ` (người hủy: ${by})` : ''}. Các liên kết phê duyệt, chỉnh sửa đã gửi không còn dùng được.`,
            `The visit below has been cancelled${by ? ` by ${by}` : ''}. The approval and revision links sent for it no longer work.`,
          ),
          reason,
          c.calendar === 'cancel'
            ? T(
                'Thư hủy lịch (.ics) được đính kèm để xóa sự kiện khỏi lịch của đồng chí.',
                'A calendar cancellation (.ics) is attached to remove the event from your calendar.',
              )
            : '',
        ],
      };
    case 'rescheduled':
      return {
        subject: T(`Đổi thời gian chuyến công tác: ${r.title}`, `Visit rescheduled: “${r.title}”`),
        lines: [
          T(
            `${by || 'Người đề nghị'} đã đổi thời gian chuyến công tác dưới đây${c.previousDates ? ` (trước đây: ${dateRange(c.previousDates.startDate, c.previousDates.endDate)})` : ''}.`,
            `${by || 'The requester'} moved the dates of the visit below${c.previousDates ? ` (they were ${dateRange(c.previousDates.startDate, c.previousDates.endDate)})` : ''}.`,
          ),
          reason,
          T(
            'Chương trình làm việc được lập lại theo thời gian mới và gửi phê duyệt lại từ bước đầu; các liên kết đã gửi trước đây không còn dùng được. Khi được phê duyệt, thư mời lịch sẽ được cập nhật.',
            'The programme is drafted again for the new dates and goes for approval from the first step; the links sent before no longer work. Once it is approved, the calendar invitation is updated.',
          ),
        ],
      };
    case 'reassignedAway':
      return {
        subject: T(`Chuyển yêu cầu phê duyệt: ${r.title}`, `Approval reassigned: “${r.title}”`),
        lines: [
          T(
            `Yêu cầu phê duyệt chương trình làm việc dưới đây đã được ${by || 'quản trị cơ quan'} chuyển cho ${c.toName ?? ''}; liên kết đã gửi đồng chí không còn dùng được.`,
            `The approval of the programme below was reassigned by ${by || "the agency's administrator"} to ${c.toName ?? ''}; the link sent to you no longer works.`,
          ),
          reason,
        ],
      };
  }
}

/** The line a resent link opens with, and the subject's mark. */
export function resentLine(c: NoticeContext, lang: Language): { mark: string; line: string } | undefined {
  if (!c.resentBy) return undefined;
  return lang === 'vi'
    ? {
        mark: '[Gửi lại] ',
        line: `Thư này được gửi lại theo đề nghị của ${c.resentBy}; liên kết vẫn như trước.`,
      }
    : {
        mark: '[Sent again] ',
        line: `Sent again at the request of ${c.resentBy}; the link is the same as before.`,
      };
}
