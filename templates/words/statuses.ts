/** The visit's statuses as people read them, in Vietnamese and English (the glossary's names). */
import type { Bilingual } from '#domain/errors.ts';
import type { VisitStatus } from '#domain/visit.ts';

export const STATUS_LABELS: Record<VisitStatus, Bilingual> = {
  SUBMITTED: { vi: 'Đã gửi đề nghị', en: 'Submitted' },
  AGENDA_DRAFTED: { vi: 'Đã lập dự thảo chương trình', en: 'Agenda drafted' },
  AWAITING_APPROVAL: { vi: 'Chờ phê duyệt', en: 'Awaiting approval' },
  CHANGES_REQUESTED: { vi: 'Yêu cầu chỉnh sửa', en: 'Changes requested' },
  APPROVED: { vi: 'Đã phê duyệt', en: 'Approved' },
  AWAITING_MINUTES: { vi: 'Chờ biên bản', en: 'Awaiting minutes' },
  MINUTES_DRAFTED: { vi: 'Đã lập dự thảo biên bản', en: 'Minutes drafted' },
  AWAITING_MINUTES_APPROVAL: { vi: 'Chờ chủ tọa duyệt biên bản', en: "Awaiting the chair's sign-off" },
  MINUTES_CHANGES_REQUESTED: { vi: 'Chủ tọa yêu cầu chỉnh sửa biên bản', en: 'Minutes sent back' },
  ARCHIVED: { vi: 'Đã lưu trữ', en: 'Archived' },
  REJECTED: { vi: 'Bị từ chối', en: 'Rejected' },
  EXPIRED: { vi: 'Quá hạn', en: 'Expired' },
  FAILED: { vi: 'Lỗi xử lý', en: 'Failed' },
  CANCELLED: { vi: 'Đã hủy', en: 'Cancelled' },
};
