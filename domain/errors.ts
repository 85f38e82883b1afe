import { vietnamWallTime } from './clock.ts';

/**
 * Named errors of the domain. Each carries a stable code and an HTTP status, and may carry details for the JSON
 * error and headers; the mapping to responses lives in one place (functions/commons/http.ts) and reads these
 * fields only.
 */

export interface Bilingual {
  vi: string;
  en: string;
}

export class DomainError extends Error {
  readonly code: string;
  readonly status: number;
  readonly text: Bilingual;
  /** what the JSON error says besides its code and message (e.g. who cancelled a visit, and when) */
  readonly details?: Record<string, unknown>;
  /** response headers the error answers with (e.g. Retry-After) */
  readonly headers?: Record<string, string>;
  constructor(
    code: string,
    status: number,
    text: Bilingual,
    extra: { details?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(text.en);
    this.name = new.target.name;
    if (extra.details) this.details = extra.details;
    if (extra.headers) this.headers = extra.headers;
    this.code = code;
    this.status = status;
    this.text = text;
  }
}

/**
 * Why one field is refused, in Vietnamese and English, without the field's name: the templates name the field
 * (templates/words/fields.ts) and say "Label: reason". A `sentence` (a reason that cannot follow the label, e.g.
 * one about the value typed) is said as it is; one that starts with "{label}" starts with the field's label.
 */
export interface Reason extends Bilingual {
  sentence?: true;
}

/** One reason per field path (e.g. "members[0].name"). */
export type FieldErrors = Record<string, Reason>;

export class ValidationError extends DomainError {
  readonly fields: FieldErrors;
  constructor(fields: FieldErrors) {
    super('VALIDATION', 422, { vi: 'Dữ liệu chưa hợp lệ', en: 'The input is not valid' });
    this.fields = fields;
  }
}

export class MalformedRequestError extends DomainError {
  /** the parts of the request it could not read, when it can name them (e.g. a query parameter) */
  readonly fields?: FieldErrors;
  constructor(
    text: Bilingual = { vi: 'Yêu cầu không đúng định dạng', en: 'The request is malformed' },
    fields?: FieldErrors,
  ) {
    super('MALFORMED', 400, text);
    if (fields) this.fields = fields;
  }
}

/** A page cursor that no page of this read could have ended at: forged, edited, or of another search. */
export class InvalidCursorError extends MalformedRequestError {
  constructor() {
    super(
      { vi: 'Con trỏ trang không hợp lệ', en: 'The page cursor is not valid' },
      {
        cursor: {
          vi: 'không phải con trỏ của trang kết quả này; hãy tìm lại từ trang đầu',
          en: 'is not a cursor of these results; search again from the first page',
        },
      },
    );
  }
}

export class VisitNotFoundError extends DomainError {
  constructor() {
    super('VISIT_NOT_FOUND', 404, { vi: 'Không tìm thấy chuyến công tác', en: 'Visit not found' });
  }
}

export class DocumentNotFoundError extends DomainError {
  constructor() {
    super('DOCUMENT_NOT_FOUND', 404, { vi: 'Không tìm thấy văn bản', en: 'Document not found' });
  }
}

export class VersionConflictError extends DomainError {
  constructor() {
    super('VERSION_CONFLICT', 409, {
      vi: 'Dữ liệu đã được người khác thay đổi, vui lòng thử lại',
      en: 'The record was changed by someone else; try again',
    });
  }
}

export class InvalidTransitionError extends DomainError {
  constructor(from: string, to: string) {
    super('INVALID_TRANSITION', 409, {
      vi: `Không thể chuyển trạng thái từ ${from} sang ${to}`,
      en: `Cannot move from ${from} to ${to}`,
    });
  }
}

export class NotAwaitingError extends DomainError {
  constructor(text: Bilingual) {
    super('NOT_AWAITING', 409, text);
  }
}

export class LinkNotFoundError extends DomainError {
  constructor() {
    super('LINK_NOT_FOUND', 404, { vi: 'Liên kết không tồn tại', en: 'This link does not exist' });
  }
}

export class LinkExpiredError extends DomainError {
  constructor() {
    super('LINK_EXPIRED', 410, { vi: 'Liên kết đã hết hạn', en: 'This link has expired' });
  }
}

export class LinkUsedError extends DomainError {
  readonly decidedBy?: string;
  /** the name of who decided, when the approval knows it */
  readonly decidedByName?: string;
  readonly decidedAt?: string;
  readonly decision?: string;
  constructor(
    info: { decidedBy?: string; decidedByName?: string; decidedAt?: string; decision?: string } = {},
  ) {
    super('LINK_USED', 409, { vi: 'Liên kết đã được sử dụng', en: 'This link has already been used' });
    this.decidedBy = info.decidedBy;
    this.decidedByName = info.decidedByName;
    this.decidedAt = info.decidedAt;
    this.decision = info.decision;
  }
}

export class TryAgainError extends DomainError {
  constructor() {
    super('TRY_AGAIN', 503, {
      vi: 'Hệ thống đang bận, vui lòng thử lại',
      en: 'The service is busy; please try again',
    });
  }
}

export class UnauthenticatedError extends DomainError {
  constructor() {
    super('UNAUTHENTICATED', 401, { vi: 'Vui lòng đăng nhập', en: 'Please sign in' });
  }
}

export class ForbiddenError extends DomainError {
  constructor() {
    super('FORBIDDEN', 403, {
      vi: 'Bạn không có quyền thực hiện thao tác này',
      en: 'You are not allowed to do this',
    });
  }
}

export class ArchiveImmutableError extends DomainError {
  constructor(key: string) {
    super('ARCHIVE_IMMUTABLE', 409, {
      vi: `Hồ sơ lưu trữ ${key} không được ghi đè hoặc xóa`,
      en: `Archived object ${key} cannot be overwritten or deleted`,
    });
  }
}

/**
 * The workflow step a callback answers is no longer waiting (it timed out, was answered already, or its token is
 * unknown): the Step Functions errors TaskTimedOut, TaskDoesNotExist and InvalidToken.
 */
export class TaskClosedError extends DomainError {
  /** the Step Functions error name */
  readonly reason: string;
  constructor(reason: string) {
    super('TASK_CLOSED', 410, {
      vi: 'Bước xử lý này không còn chờ phản hồi',
      en: 'This step is no longer waiting for an answer',
    });
    this.reason = reason;
  }
}

export class NotArchivedError extends DomainError {
  constructor() {
    super('NOT_ARCHIVED', 404, {
      vi: 'Không có hồ sơ lưu trữ của chuyến công tác này',
      en: 'This visit has no archived record',
    });
  }
}

/** The directory has no such agency (or user). */
export class DirectoryNotFoundError extends DomainError {
  constructor(text: Bilingual = { vi: 'Không tìm thấy cơ quan', en: 'Agency not found' }) {
    super('NOT_FOUND', 404, text);
  }
}

export class UserNotFoundError extends DirectoryNotFoundError {
  constructor() {
    super({ vi: 'Không tìm thấy người dùng', en: 'User not found' });
  }
}

export class SubstituteNotFoundError extends DirectoryNotFoundError {
  constructor() {
    super({ vi: 'Không có phân công thay thế này', en: 'No such substitution' });
  }
}

/** A change to the directory that needs `If-Match` came without it (428). */
export class PreconditionRequiredError extends DomainError {
  constructor() {
    super('PRECONDITION_REQUIRED', 428, {
      vi: 'Cần gửi kèm If-Match với phiên bản đang sửa',
      en: 'Send If-Match with the version being changed',
    });
  }
}

/** Something with this id already exists (409). */
export class AlreadyExistsError extends DomainError {
  constructor(text: Bilingual) {
    super('ALREADY_EXISTS', 409, text);
  }
}

/** An open approval moved to another person: its old link answers 410, saying to whom. */
export class LinkReassignedError extends DomainError {
  readonly to: string;
  constructor(to: string) {
    super('LINK_REASSIGNED', 410, {
      vi: `Liên kết đã được chuyển cho ${to}`,
      en: `This request was reassigned to ${to}`,
    });
    this.to = to;
  }
}

/** An action item is not in the state the request needs: marked done already (409), or open when reopened. */
export class ActionStateError extends DomainError {
  readonly state: 'done' | 'open';
  readonly doneBy?: string;
  readonly doneAt?: string;
  constructor(state: 'done' | 'open', info: { doneBy?: string; doneAt?: string } = {}) {
    super(
      state === 'done' ? 'ACTION_DONE' : 'ACTION_OPEN',
      409,
      state === 'done'
        ? { vi: 'Nhiệm vụ đã được đánh dấu hoàn thành', en: 'This action item is already marked done' }
        : {
            vi: 'Nhiệm vụ đang mở, không cần mở lại',
            en: 'This action item is open: there is nothing to reopen',
          },
    );
    this.state = state;
    this.doneBy = info.doneBy;
    this.doneAt = info.doneAt;
  }
}

export class ActionNotFoundError extends DomainError {
  constructor() {
    super('ACTION_NOT_FOUND', 404, { vi: 'Không tìm thấy nhiệm vụ', en: 'Action item not found' });
  }
}

/**
 * A signer configured wrongly (its certificate missing, or made for another key): the document it would sign goes
 * out unsigned with this reason, rather than the visit failing. A signer that is only unreachable throws anything
 * else, and the step is retried.
 */
export class SignerUnavailableError extends DomainError {
  constructor(reason: string) {
    super('SIGNER_UNAVAILABLE', 500, { vi: `Chưa ký số được: ${reason}`, en: reason });
  }
}

/** Who closed something, when and why, as a page or a JSON error says it. */
export interface ClosedBy {
  byName: string;
  /** ISO instant */
  at: string;
  reason: string;
}

/** An instant as a message says it: Vietnam wall time, 2026-08-24 08:00. */
function said(at: string): string {
  return vietnamWallTime(at)?.replace('T', ' ') ?? at;
}

/**
 * The visit was called off. 410 on a link it closed (the page says by whom, when and why); 409 to a second cancel
 * or to a change of a cancelled visit. Its name is the error the lifecycle's states catch (`VisitCancelled`): a
 * step that finds its visit cancelled throws it, and the chain routes it to its Cancelled end.
 */
export class VisitCancelledError extends DomainError {
  readonly closed: ClosedBy;
  constructor(closed: ClosedBy, status: 409 | 410 = 410) {
    super(
      'VISIT_CANCELLED',
      status,
      {
        vi: `Chuyến công tác đã được ${closed.byName} hủy lúc ${said(closed.at)}: ${closed.reason}`,
        en: `The visit was cancelled by ${closed.byName} at ${said(closed.at)}: ${closed.reason}`,
      },
      { details: { cancelled: closed } },
    );
    this.name = VISIT_CANCELLED;
    this.closed = closed;
  }
}

/** The error name a cancel sends to an open wait, and a step throws for a cancelled visit. */
export const VISIT_CANCELLED = 'VisitCancelled';

/** The dates moved while this link was open: it answers 410, and a new programme goes to the chain. */
export class LinkRescheduledError extends DomainError {
  readonly closed: ClosedBy;
  constructor(closed: ClosedBy) {
    super(
      'LINK_RESCHEDULED',
      410,
      {
        vi: `${closed.byName} đã đổi thời gian chuyến công tác lúc ${said(closed.at)} (${closed.reason}); chương trình mới sẽ được gửi phê duyệt lại`,
        en: `${closed.byName} moved the visit's dates at ${said(closed.at)} (${closed.reason}); a new programme goes for approval again`,
      },
      { details: { rescheduled: closed } },
    );
    this.closed = closed;
  }
}

/** The visit is in a state the change cannot be made in (begun, ended, or between two steps): 409, naming it. */
export class VisitStateError extends DomainError {
  readonly state: string;
  constructor(state: string, text: Bilingual) {
    super('VISIT_STATE', 409, text);
    this.state = state;
  }
}

/** The same thing was asked again too soon (a resent link within its window): 429 with the seconds to wait. */
export class TooSoonError extends DomainError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number, text: Bilingual) {
    // when it may be asked again (RFC 9110 §10.2.3)
    super('TOO_SOON', 429, text, { headers: { 'retry-after': String(retryAfterSeconds) } });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** An idempotency key already used for another request (409), or still held by its first attempt (409). */
export class IdempotencyKeyError extends DomainError {
  constructor(text: Bilingual) {
    super('IDEMPOTENCY_KEY', 409, text);
  }
}
