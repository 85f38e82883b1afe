/**
 * The ports the domain talks through. Adapters (functions/adapters/) implement them on DynamoDB, S3, SES and
 * Step Functions; tests hand in the same adapters pointed at the local emulators.
 */
import type { AgencyVersion, Person } from './agencies.ts';
import type { CalendarYear } from './directory/calendar.ts';
import type { Substitute } from './directory/substitutes.ts';
import type { DirectoryUser } from './directory/users.ts';
import type { AgencyIndexEntry, AgencyRecord } from './directory/versions.ts';
import type { ActionItem, ActionStatus, TurnKind } from './follow-up/items.ts';
import type { DocumentKind, DocumentRecord, Visit, VisitStatus } from './visit.ts';

/** One entry of a visit's append-only, hash-chained event log. */
export interface VisitEvent {
  visitId: string;
  /** 1, 2, 3 … with no gaps */
  seq: number;
  /** ISO instant (application clock) */
  at: string;
  /** e.g. SUBMITTED, AGENDA_DRAFTED, MAIL_SENT, DECIDED, DOWNLOADED */
  type: string;
  /** who: an email, or "system" */
  actor: string;
  data?: Record<string, unknown>;
  /** hash of the previous event ("" for the first) */
  prevHash: string;
  /** sha256 hex of the canonical JSON of every field above */
  hash: string;
}

export type NewEvent = Pick<VisitEvent, 'type' | 'actor'> & { data?: Record<string, unknown>; at?: string };

/** agenda: an approver's decision; revision: the requester's revised request; minutesRecord: the secretary's
 * minutes (no link: the signed-in form); minutes: the chair's sign-off. */
export type ApprovalKind = 'agenda' | 'revision' | 'minutesRecord' | 'minutes';
export type ApprovalStatus =
  | 'PENDING'
  | 'CLAIMED'
  | 'DECIDED'
  | 'SUPERSEDED'
  | 'EXPIRED'
  | 'REASSIGNED'
  | 'CANCELLED';
/** `rescheduled`: the requester moved the dates while the wait was open (the agenda is drafted again) */
export type Decision = 'approve' | 'changes' | 'reject' | 'revised' | 'recorded' | 'rescheduled';

/** Why an open approval was closed as CANCELLED: the visit was called off, or its dates moved; by whom, when, why. */
export interface ApprovalClosure {
  cause: 'cancel' | 'reschedule';
  by: string;
  byName: string;
  at: string;
  reason: string;
}

/** One request for a decision, reached through one emailed link (SK = APPROVAL#<id>). */
export interface Approval {
  visitId: string;
  id: string;
  kind: ApprovalKind;
  /** index in the host agency's chain (agenda); 0 otherwise */
  step: number;
  role: 'approver' | 'deputy' | 'chair' | 'requester' | 'secretary';
  person: Person;
  /** sha256 hex of the whole link token; the token itself is never stored */
  tokenHash: string;
  keyId: string;
  /** the link's random part; with the key it rebuilds the same link for reminders ("" where there is no link) */
  nonce: string;
  status: ApprovalStatus;
  /** the Step Functions task token of the waiting state; lives only in DynamoDB */
  taskToken: string;
  /** ISO instant after which the link answers 410 */
  expiresAt: string;
  reminders: number;
  /** the highest reminder count whose notice went out (-1 or absent: none yet) */
  noticesSent?: number;
  /** the document the approver decides on */
  documentId?: string;
  leaseUntil?: string;
  decision?: Decision;
  comment?: string;
  decidedAt?: string;
  decidedBy?: string;
  /** REASSIGNED: the approval its person's request moved to, and that person's name (the old link says it) */
  reassignedTo?: { approvalId: string; name: string };
  /** the approval this one was moved from, and why (a substitute, an admin's reassignment) */
  reassignedFrom?: { approvalId: string; reason: string };
  /** CANCELLED: why, by whom and when (its link says it) */
  closed?: ApprovalClosure;
  /** ISO instant the link was last mailed to its holder (a resend waits 10 minutes after it) */
  mailedAt?: string;
  createdAt: string;
}

/** What a change answered, kept under its idempotency key so that a retry gets the same answer. */
export interface RequestResult {
  statusCode: number;
  body: Record<string, unknown>;
}

/** A change's idempotency key under its visit (SK = REQUEST#<key>). */
export interface RequestRecord {
  visitId: string;
  /** a hash of who asked, which change, and the client's key */
  key: string;
  /** a hash of the request itself: the same key with another request is refused */
  fingerprint: string;
  status: 'IN_PROGRESS' | 'DONE';
  /** IN_PROGRESS: until when the first attempt holds the key */
  leaseUntil: string;
  result?: RequestResult;
  createdAt: string;
}

/** The idempotency keys of changes to visits (kept beside each visit's items, apart from the visit store). */
export interface RequestStore {
  /**
   * Claims an idempotency key for a change to a visit: stores `record` unless one is under its key, or the one
   * there is IN_PROGRESS with a lease that lapsed before `record.createdAt`. Returns undefined when stored, else
   * the record that holds the key.
   */
  claimRequest(record: RequestRecord): Promise<RequestRecord | undefined>;
  /** Completes (DONE, with the result) or releases (lease lapsed at once) a claimed key. */
  finishRequest(
    visitId: string,
    key: string,
    outcome: { result: RequestResult } | { released: true },
  ): Promise<void>;
}

export interface Page<T> {
  items: T[];
  /** opaque; absent on the last page */
  cursor?: string;
}

export interface ArchiveEntry {
  visitId: string;
  title: string;
  hostAgencyId: string;
  hostAgency: string;
  hostProvince: string;
  visitingAgencyId: string;
  visitingAgency: string;
  visitingProvince: string;
  /** the visit's start date, YYYY-MM-DD */
  date: string;
  archivedAt: string;
  /** sha256 of the archived minutes */
  sha256: string;
  /** ISO instant until which the archive keeps every object (Object Lock retention in AWS) */
  retainUntil?: string;
  /** the archived objects: the final minutes, the approved agenda and the manifest */
  documents?: ArchivedObject[];
  manifest?: ArchivedObject;
}

export interface ArchivedObject {
  id: string;
  kind: 'agenda' | 'minutes' | 'manifest';
  number?: string;
  /** the document's revision (agenda v2, minutes v1); absent for the manifest */
  version?: number;
  key: string;
  versionId?: string;
  sha256: string;
  size: number;
  /** a document's format (absent: the DOCX of an archive made before issued PDFs, or the manifest) */
  format?: import('./visit.ts').DocumentFormat;
  /** an issued PDF: whether it carries the issuing agency's signature */
  signed?: boolean;
}

export interface ArchiveQuery {
  from?: string;
  to?: string;
  province?: string;
  agencyId?: string;
  /** the agency and those related to it by successions: a visit of any of them matches (the search fills it in) */
  agencyIds?: string[];
  cursor?: string;
  limit?: number;
}

/**
 * What a person typed in a form and has not sent yet, kept so that no work is lost: a visit request (one per
 * person) or a visit's minutes (one per visit, shared by the host's secretaries).
 */
export interface Draft {
  kind: 'request' | 'minutes';
  /** whose it is: the person's email for a request, the visit's id for its minutes */
  owner: string;
  /** the form's values as typed */
  values: Record<string, unknown>;
  savedAt: string;
  /** who kept it last (an email) */
  savedBy: string;
}

/** The drafts of forms not sent yet, beside the visits (only the two forms' functions read and write them). */
export interface DraftStore {
  /** Keeps a draft in place of the one before; false when it is too large to keep. */
  putDraft(draft: Draft): Promise<boolean>;
  getDraft(kind: Draft['kind'], owner: string): Promise<Draft | undefined>;
  deleteDraft(kind: Draft['kind'], owner: string): Promise<void>;
}

export interface VisitStore {
  /**
   * Stores a new visit if none has its id (a conditional write): true when this call stored it. A second create
   * with the same id and the same owner stores nothing and answers false (a retry); another owner's is a
   * VersionConflictError.
   */
  createVisit(visit: Visit): Promise<boolean>;
  getVisit(id: string): Promise<Visit | undefined>;
  /**
   * Changes a visit if its version is still `expectedVersion` (VersionConflictError otherwise) and, when `patch`
   * holds a status, only along an allowed transition (InvalidTransitionError). Returns the stored result.
   */
  updateVisit(
    id: string,
    expectedVersion: number,
    patch: Partial<Omit<Visit, 'id' | 'version'>>,
  ): Promise<Visit>;
  /** Visits requested by, or hosted by, an agency, newest first. */
  listVisitsByAgency(agencyId: string, opts?: { cursor?: string; limit?: number }): Promise<Page<Visit>>;
  /** Visits in a status, last changed first; with `updatedBefore` (ISO), only those last changed before it. */
  listVisitsByStatus(
    status: VisitStatus,
    opts?: { cursor?: string; limit?: number; updatedBefore?: string },
  ): Promise<Page<Visit>>;

  /** Appends to the hash chain; concurrent appends each get their own seq. */
  appendEvent(visitId: string, event: NewEvent): Promise<VisitEvent>;
  listEvents(visitId: string): Promise<VisitEvent[]>;

  /** Idempotent by (visitId, doc.id). */
  putDocument(visitId: string, doc: DocumentRecord): Promise<void>;
  getDocument(visitId: string, docId: string): Promise<DocumentRecord | undefined>;
  listDocuments(visitId: string): Promise<DocumentRecord[]>;

  /**
   * The document number for `docId`: allocated once from the agency's counter for the Vietnam year (atomic ADD),
   * recorded with the document id, and returned unchanged on every later call for the same docId.
   */
  documentNumber(
    visitId: string,
    docId: string,
    agencyId: string,
    kind: DocumentKind,
    year: number,
  ): Promise<number>;

  putApproval(approval: Approval): Promise<void>;
  getApproval(visitId: string, approvalId: string): Promise<Approval | undefined>;
  listApprovals(visitId: string): Promise<Approval[]>;
  /** The open (PENDING or CLAIMED) approvals a person holds, across visits. */
  listOpenApprovalsOf(email: string): Promise<Approval[]>;
  /** Conditional update: only from one of `from` statuses; returns undefined when the condition failed. */
  updateApproval(
    visitId: string,
    approvalId: string,
    from: ApprovalStatus[],
    patch: Partial<Omit<Approval, 'visitId' | 'id'>>,
    extraCondition?: { leaseExpiredBefore?: string; mailedBefore?: string },
  ): Promise<Approval | undefined>;

  /** The archive index (one entry per archived visit, findable by date, province and agency). */
  putArchiveEntry(entry: ArchiveEntry): Promise<void>;
  /** The archive record of one visit (the ARCHIDX#ALL item), or undefined when it is not archived. */
  getArchiveEntry(visitId: string): Promise<ArchiveEntry | undefined>;
  queryArchive(query: ArchiveQuery): Promise<Page<ArchiveEntry>>;
}

/** An agency's action items across its visits (as host or as visitor), due first. */
export interface ActionQuery {
  agencyId: string;
  /** open (overdue ones included), done, or open and past the due date; all when absent */
  status?: ActionStatus | 'overdue';
  /** the Vietnam date today, for `overdue` */
  today: string;
  /** words to find in the task, the owner or the visit's title (case and accents ignored) */
  search?: string;
  cursor?: string;
  limit?: number;
}

/**
 * The action items beside their visits (domain/follow-up). Items are written whole under optimistic locking: a
 * write succeeds only over the version it read, so claims, turns and answers never overwrite one another.
 */
export interface ActionStore {
  /** Stores a new item; false when one was stored under its (visitId, id) already (a retried step), which stays. */
  createAction(item: ActionItem): Promise<boolean>;
  getAction(visitId: string, id: string): Promise<ActionItem | undefined>;
  /** A visit's items, in the order of the minutes. */
  listActions(visitId: string): Promise<ActionItem[]>;
  /** Writes `item` whole if the stored one still has version `item.version - 1`; false when a write came first. */
  replaceAction(item: ActionItem): Promise<boolean>;
  /** Open items whose next turn falls at or before `now`, soonest first (one index query per page). */
  dueActions(now: string, opts?: { cursor?: string; limit?: number }): Promise<Page<ActionItem>>;
  agencyActions(query: ActionQuery): Promise<Page<ActionItem>>;
}

export interface StoredObject {
  key: string;
  sha256: string;
  size: number;
  versionId?: string;
}

export interface DocumentStore {
  put(key: string, body: Uint8Array, contentType: string): Promise<StoredObject>;
  get(key: string): Promise<Uint8Array>;
  /** A GET URL valid for at most 300 seconds. */
  downloadUrl(key: string, opts: { filename: string; expiresSeconds?: number }): Promise<string>;
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

/**
 * What a mail is about, carried with it to the mail service (SES message tags) so that a report of its delivery
 * (a bounce, a complaint) names the visit and the notice it was.
 */
export interface MailTags {
  visitId: string;
  /** a `NoticeKind`, or the notice that tells of a bounce */
  notice: string;
}

export interface Mail {
  to: string[];
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
  tags?: MailTags;
}

export interface Mailer {
  send(mail: Mail): Promise<{ messageId: string }>;
}

/** An address mail could not reach for good, or whose owner marked a mail as spam. */
export interface BouncedAddress {
  /** lowercase */
  address: string;
  reason: 'bounce' | 'complaint';
  /** the mail service's words for it, e.g. "Permanent/General" */
  detail: string;
  /** ISO instant the mail service reported it */
  at: string;
  /** the visit whose mail bounced, when it was one */
  visitId?: string;
}

/**
 * Where the addresses that bounce are kept: the directory (an item per address, and the user holding it, if one
 * does, marked so an admin sees it needs fixing).
 */
export interface BouncedAddresses {
  /** Marks the address; a later mark replaces an earlier one. */
  mark(mark: BouncedAddress): Promise<void>;
}

export interface Workflow {
  /** Starts the visit's execution; the execution name is the visit id, so a retry does not start a second. */
  start(visitId: string, input: Record<string, unknown>): Promise<void>;
  succeed(taskToken: string, output: Record<string, unknown>): Promise<void>;
  fail(taskToken: string, error: string, cause: string): Promise<void>;
}

/** The link-signing keys (Secrets Manager in AWS): the current key for new links, any known key to verify. */
export interface LinkKeys {
  current(): Promise<{ id: string; key: Uint8Array }>;
  get(id: string): Promise<Uint8Array | undefined>;
}

/** The notices the lifecycle sends; templates/mail composes each in the visit's language. */
export type NoticeKind =
  | 'approvalRequest'
  | 'approvalReminder'
  | 'escalation'
  | 'revisionRequest'
  | 'revisionReminder'
  | 'approved'
  | 'rejected'
  | 'expired'
  | 'minutesRequest'
  | 'minutesReminder'
  | 'minutesChanges'
  | 'minutesSignoff'
  | 'minutesSignoffReminder'
  | 'archived'
  | 'failed'
  | 'actionAssigned'
  | 'actionReopened'
  | 'actionReminder'
  | 'cancelled'
  | 'rescheduled'
  | 'reassignedAway';

export interface NoticeContext {
  visit: Visit;
  host: import('./agencies.ts').Agency;
  visiting: import('./agencies.ts').Agency;
  /** whom the notice addresses by name */
  recipient: Person;
  /** everyone it goes to, the first being `recipient`: each is greeted by name */
  recipients?: Person[];
  /** the link the notice carries (approval, revision, minutes form, visit page) */
  link?: string;
  comment?: string;
  /** who decided, for decision notices */
  by?: string;
  /** ISO instant the recipient should act by */
  deadline?: string;
  /** how many working days that is (the mail says "2 ngày làm việc") */
  workingDays?: number;
  /** the document number line, e.g. 05/CTr-BTGTU */
  documentNumber?: string;
  /** the action item a follow-up notice is about, and which turn it is */
  action?: Pick<ActionItem, 'task' | 'owner' | 'due' | 'reopenNote'> & {
    turn: TurnKind;
    overdueWeeks?: number;
  };
  /** the name of who asked for the mail to be sent again (a resent link) */
  resentBy?: string;
  /** the name of whoever the notice says acted (cancelled, rescheduled, reassigned) */
  byName?: string;
  /** the name of the person an approval went to (reassignedAway) */
  toName?: string;
  /** the dates before a reschedule, YYYY-MM-DD */
  previousDates?: { startDate: string; endDate: string };
  /** a calendar message goes with the notice: its cancellation (`cancel`), for those who had its invitation */
  calendar?: 'cancel';
}

/**
 * Writes a notice for its recipient; what it attaches of its own (e.g. a calendar invitation) goes after the
 * documents the lifecycle attaches.
 */
export type ComposeNotice = (kind: NoticeKind, ctx: NoticeContext) => Omit<Mail, 'to'>;

// ---------------------------------------------------------------------------------------------------------------
// the directory (domain/directory/): agencies with their history, users, substitutes, the working calendar

/** Reads the directory. Within one HTTP request an adapter may answer from what that request already read. */
export interface DirectoryReader {
  agency(id: string): Promise<AgencyRecord | undefined>;
  /** every agency's versions, from the directory's index (one read) */
  agencies(): Promise<AgencyIndexEntry[]>;
  user(email: string): Promise<DirectoryUser | undefined>;
  users(agencyId: string): Promise<DirectoryUser[]>;
  /** a year of the working calendar as a directory-admin gave it, else as shipped, else undefined */
  calendarYear(year: number): Promise<CalendarYear | undefined>;
}

/**
 * Writes the directory, each change one conditional single-item write (no transactions): a step a crash interrupts
 * is completed by a retry, and a reader never sees half of one.
 */
export interface DirectoryStore extends DirectoryReader {
  /** a new agency; false when the id is taken */
  createAgency(record: AgencyRecord): Promise<boolean>;
  /** replaces the versions if the agency's revision is still `expected`; the new record, or undefined when stale */
  putVersions(id: string, expected: number, versions: AgencyVersion[]): Promise<AgencyRecord | undefined>;
  addPredecessor(id: string, predecessorId: string): Promise<void>;
  /** copies the agency's versions into the index unless the index holds the same revision or a newer one */
  syncIndex(entry: AgencyIndexEntry): Promise<void>;
  /** a new user; false when the address is taken */
  createUser(user: DirectoryUser): Promise<boolean>;
  updateUser(
    email: string,
    patch: Partial<Pick<DirectoryUser, 'roles' | 'disabled' | 'updatedAt' | 'bouncedAt'>>,
  ): Promise<DirectoryUser | undefined>;
  addAdmin(agencyId: string, email: string): Promise<void>;
  /** false when `email` is the agency's only admin (nothing written) */
  removeAdmin(agencyId: string, email: string): Promise<boolean>;
  putSubstitute(agencyId: string, substitute: Substitute): Promise<void>;
  /** false when the agency has no such substitution */
  endSubstitute(agencyId: string, id: string, at: string): Promise<boolean>;
  putCalendarYear(year: CalendarYear): Promise<void>;
}

/**
 * The sign-in service's users (Cognito in AWS): created with their agency and invited by mail, groups mirroring the
 * roles, disabled with their sessions ended. Each call is idempotent, so a retry completes a step.
 */
export interface UserPool {
  createUser(user: { email: string; name: string; agencyId: string }): Promise<void>;
  setGroups(email: string, roles: readonly string[]): Promise<void>;
  disableUser(email: string): Promise<void>;
  enableUser(email: string): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------------
// signing the issued documents

/** The key algorithms a signer may hold: both sign a SHA-256 digest. */
export type SignatureAlgorithm = 'ECDSA-SHA256' | 'RSA-SHA256';

/** Who a signer is: its key's algorithm and its certificate chain (DER, the signing certificate first). */
export interface SignerCertificates {
  algorithm: SignatureAlgorithm;
  chain: Uint8Array[];
  /** the chain ends at a licensed CA's root among the configured ones (absent or false: a self-issued one) */
  licensed?: boolean;
}

/**
 * The agency's signer: a key held somewhere (a file of the local test CA, a KMS key, a licensed CA's remote signing
 * service), never in the domain. `sign` is given the bytes to sign and their SHA-256; a remote key signs the digest
 * (the bytes never leave), a local key may sign the bytes. The value is what a CMS SignerInfo carries: PKCS#1 v1.5
 * for RSA, a DER ECDSA-Sig-Value for ECDSA.
 */
export interface Signer {
  certificates(): Promise<SignerCertificates>;
  sign(data: Uint8Array, digest: Uint8Array): Promise<Uint8Array>;
}

/** What the signature shown on an issued PDF says beside the signer's place (the signer is named in the document). */
export interface SignatureStamp {
  signedAt: Date;
  /** the certificate is a licensed CA's; otherwise the stamp says the signature is a test one */
  licensed: boolean;
}

/** The agency's signer as this environment provides it, or why the agency's documents go out unsigned. */
export type SignerFor = (
  agency: import('./agencies.ts').Agency,
) => { signer: Signer; unsigned?: never } | { signer?: never; unsigned: string };

/** What a document's signature says, checked in the archive. */
export interface SignatureCheck {
  /** the signature verifies over the signed bytes, and its certificate chains to a configured root */
  valid: boolean;
  /** the signed byte ranges cover the whole file but the signature itself: nothing was changed or added after */
  intact: boolean;
  /** the subject's common name (or organisation) of the signing certificate */
  signer?: string;
  /** the signing time the signature claims, ISO 8601 with +07:00 */
  signedAt?: string;
  certificate?: { subject: string; issuer: string; notAfter: string };
  /** where the chain ends: a licensed CA's root (legal force), a self-issued root (integrity only), or none known */
  trust?: 'licensed' | 'self-issued' | 'unknown';
  /** an RFC 3161 timestamp's time, where the signature carries one (PAdES B-T) */
  timestampedAt?: string;
  /** each thing that fails, named */
  problems: string[];
}

/** Checks every signature of a PDF; none found answers an empty list. */
export type VerifyPdfSignatures = (pdf: Uint8Array) => Promise<SignatureCheck[]>;
