/**
 * The fields people fill in, as they read them, and the one way a refused field is told to them: "Label: reason".
 * The domain's ValidationError carries only the reasons, by field path; the JSON errors and the pages say them
 * through `fieldMessages`.
 */
import type { Bilingual, FieldErrors, Reason } from '#domain/errors.ts';
import type { Language } from '#domain/visit.ts';

/** Field labels by path; `[]` stands for any index and `{n}` shows it as a 1-based number. */
export const FIELD_LABELS: Record<string, Bilingual> = {
  // a visit request
  hostAgencyId: { vi: 'Cơ quan đón đoàn', en: 'Host agency' },
  visitingAgencyId: { vi: 'Cơ quan cử đoàn', en: 'Visiting agency' },
  delegationOf: { vi: 'Đoàn công tác của', en: 'Delegation of' },
  title: { vi: 'Tiêu đề', en: 'Title' },
  purpose: { vi: 'Mục đích', en: 'Purpose' },
  startDate: { vi: 'Ngày bắt đầu', en: 'Start date' },
  endDate: { vi: 'Ngày kết thúc', en: 'End date' },
  place: { vi: 'Địa điểm', en: 'Place' },
  language: { vi: 'Ngôn ngữ', en: 'Language' },
  members: { vi: 'Thành viên đoàn', en: 'Delegation members' },
  // the first member is the head of delegation, as the form's row says
  'members[0].name': { vi: 'Họ tên trưởng đoàn', en: 'Name of the head of delegation' },
  'members[0].position': { vi: 'Chức vụ trưởng đoàn', en: 'Position of the head of delegation' },
  'members[].name': { vi: 'Họ tên thành viên thứ {n}', en: 'Name of member {n}' },
  'members[].position': { vi: 'Chức vụ thành viên thứ {n}', en: 'Position of member {n}' },
  topics: { vi: 'Nội dung cần trao đổi', en: 'Topics' },
  'topics[]': { vi: 'Nội dung thứ {n}', en: 'Topic {n}' },
  agenda: { vi: 'Chương trình dự kiến', en: 'Proposed agenda' },
  'agenda[].start': { vi: 'Giờ bắt đầu mục {n}', en: 'Start time of item {n}' },
  'agenda[].end': { vi: 'Giờ kết thúc mục {n}', en: 'End time of item {n}' },
  'agenda[].content': { vi: 'Nội dung mục {n}', en: 'Content of item {n}' },
  'agenda[].presenter': { vi: 'Người trình bày mục {n}', en: 'Presenter of item {n}' },
  'agenda[].date': { vi: 'Ngày của mục {n}', en: 'Day of item {n}' },
  contact: { vi: 'Người liên hệ', en: 'Contact' },
  'contact.name': { vi: 'Họ tên người liên hệ', en: 'Contact name' },
  'contact.email': { vi: 'Email người liên hệ', en: 'Contact email' },
  'contact.phone': { vi: 'Điện thoại người liên hệ', en: 'Contact phone' },
  // the minutes
  startedAt: { vi: 'Thời gian bắt đầu', en: 'Start time' },
  endedAt: { vi: 'Thời gian kết thúc', en: 'End time' },
  chair: { vi: 'Chủ tọa', en: 'Chair' },
  'chair.name': { vi: 'Họ tên chủ tọa', en: 'Chair name' },
  'chair.position': { vi: 'Chức vụ chủ tọa', en: 'Chair position' },
  'chair.email': { vi: 'Email chủ tọa', en: 'Chair email' },
  secretary: { vi: 'Thư ký', en: 'Secretary' },
  'secretary.name': { vi: 'Họ tên thư ký', en: 'Secretary name' },
  'secretary.position': { vi: 'Chức vụ thư ký', en: 'Secretary position' },
  attendees: { vi: 'Thành phần tham dự', en: 'Attendees' },
  'attendees[].name': { vi: 'Họ tên người tham dự thứ {n}', en: 'Name of attendee {n}' },
  'attendees[].position': { vi: 'Chức vụ người tham dự thứ {n}', en: 'Position of attendee {n}' },
  'attendees[].side': { vi: 'Bên của người tham dự thứ {n}', en: 'Side of attendee {n}' },
  items: { vi: 'Nội dung cuộc làm việc', en: 'Content of the session' },
  'items[].heading': { vi: 'Tiêu đề nội dung {n}', en: 'Heading of item {n}' },
  'items[].content': { vi: 'Nội dung mục {n}', en: 'Content of item {n}' },
  conclusions: { vi: 'Kết luận', en: 'Conclusions' },
  'conclusions[]': { vi: 'Kết luận thứ {n}', en: 'Conclusion {n}' },
  actions: { vi: 'Nhiệm vụ', en: 'Action items' },
  'actions[].task': { vi: 'Nhiệm vụ thứ {n}', en: 'Task of action {n}' },
  'actions[].owner': { vi: 'Người thực hiện nhiệm vụ {n}', en: 'Owner of action {n}' },
  'actions[].ownerEmail': { vi: 'Email người thực hiện nhiệm vụ {n}', en: 'Owner email of action {n}' },
  'actions[].due': { vi: 'Thời hạn nhiệm vụ {n}', en: 'Due date of action {n}' },
  // a decision through a link
  decision: { vi: 'Quyết định', en: 'Decision' },
  comment: { vi: 'Ý kiến', en: 'Comment' },
  // an action item: marked done, reopened; an agency's list
  note: { vi: 'Ghi chú', en: 'Note' },
  status: { vi: 'Tình trạng', en: 'Status' },
  q: { vi: 'Từ khóa tìm kiếm', en: 'Search words' },
  // an archive search
  from: { vi: 'Từ ngày', en: 'From' },
  to: { vi: 'Đến ngày', en: 'To' },
  province: { vi: 'Tỉnh', en: 'Province' },
  agencyId: { vi: 'Cơ quan', en: 'Agency' },
  limit: { vi: 'Số kết quả mỗi trang', en: 'Results per page' },
  cursor: { vi: 'Con trỏ trang', en: 'Page cursor' },
  // an agency's version (the directory)
  id: { vi: 'Mã cơ quan', en: 'Agency id' },
  kind: { vi: 'Loại cơ quan', en: 'Kind of body' },
  name: { vi: 'Tên', en: 'Name' },
  nameEn: { vi: 'Tên tiếng Anh', en: 'English name' },
  parentName: { vi: 'Cơ quan cấp trên', en: 'Parent body' },
  shortName: { vi: 'Tên viết dưới cơ quan cấp trên', en: 'Name under the parent' },
  seat: { vi: 'Địa danh ghi trên văn bản', en: 'Place on the date line' },
  code: { vi: 'Ký hiệu trong số văn bản', en: 'Code in document numbers' },
  headTitle: { vi: 'Chức danh người đứng đầu', en: "Head's title" },
  validFrom: { vi: 'Áp dụng từ ngày', en: 'Valid from' },
  approvalChain: { vi: 'Trình tự phê duyệt', en: 'Approval chain' },
  'approvalChain[].approver.name': {
    vi: 'Họ tên người phê duyệt bước {n}',
    en: 'Approver of step {n}: name',
  },
  'approvalChain[].approver.position': {
    vi: 'Chức vụ người phê duyệt bước {n}',
    en: 'Approver of step {n}: position',
  },
  'approvalChain[].approver.email': {
    vi: 'Email người phê duyệt bước {n}',
    en: 'Approver of step {n}: email',
  },
  'approvalChain[].deputy.name': { vi: 'Họ tên người thay bước {n}', en: 'Deputy of step {n}: name' },
  'approvalChain[].deputy.position': {
    vi: 'Chức vụ người thay bước {n}',
    en: 'Deputy of step {n}: position',
  },
  'approvalChain[].deputy.email': { vi: 'Email người thay bước {n}', en: 'Deputy of step {n}: email' },
  'secretary.email': { vi: 'Email thư ký', en: 'Secretary email' },
  successorId: { vi: 'Cơ quan kế tục', en: 'Successor' },
  effective: { vi: 'Ngày có hiệu lực', en: 'Effective date' },
  // a user
  email: { vi: 'Email', en: 'Email' },
  roles: { vi: 'Vai trò', en: 'Roles' },
  disabled: { vi: 'Khóa tài khoản', en: 'Disabled' },
  // a substitute
  absentEmail: { vi: 'Người vắng mặt', en: 'Absent person' },
  substituteEmail: { vi: 'Người thay thế', en: 'Substitute' },
  reason: { vi: 'Lý do', en: 'Reason' },
  toEmail: { vi: 'Người nhận', en: 'To' },
  approvalId: { vi: 'Yêu cầu phê duyệt', en: 'Approval' },
  // the working calendar
  year: { vi: 'Năm', en: 'Year' },
  holidays: { vi: 'Ngày nghỉ lễ, Tết', en: 'Public holidays' },
  workdays: { vi: 'Ngày làm bù', en: 'Make-up working days' },
};

/** The label of a field path, e.g. "members[1].name" → "Name of member 2"; an unknown path stands for itself. */
export function fieldLabel(path: string): Bilingual {
  const label = FIELD_LABELS[path] ?? FIELD_LABELS[path.replace(/\[\d+\]/g, '[]')] ?? { vi: path, en: path };
  const index = /\[(\d+)\]/.exec(path)?.[1];
  const n = index === undefined ? '' : String(Number(index) + 1);
  return { vi: label.vi.replace('{n}', n), en: label.en.replace('{n}', n) };
}

const LABEL_FIRST = '{label}';

/** What people read about one refused field: "Label: reason", or the reason's own sentence. */
export function fieldMessage(path: string, reason: Reason, lang: Language): string {
  const label = fieldLabel(path)[lang];
  const why = reason[lang];
  if (!reason.sentence) return `${label}: ${why}`;
  return why.startsWith(LABEL_FIRST) ? `${label}${why.slice(LABEL_FIRST.length)}` : why;
}

/** Every refused field's message, by field path, in one language. */
export function fieldMessages(fields: FieldErrors, lang: Language): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields).map(([path, reason]) => [path, fieldMessage(path, reason, lang)]),
  );
}
