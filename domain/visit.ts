/**
 * The visit and its lifecycle: statuses, allowed transitions, and the shapes of a request and of the minutes.
 * Pure domain: imports nothing from AWS, infra or templates.
 */

export const STATUSES = [
  'SUBMITTED',
  'AGENDA_DRAFTED',
  'AWAITING_APPROVAL',
  'CHANGES_REQUESTED',
  'APPROVED',
  'AWAITING_MINUTES',
  'MINUTES_DRAFTED',
  'AWAITING_MINUTES_APPROVAL',
  'MINUTES_CHANGES_REQUESTED',
  'ARCHIVED',
  'REJECTED',
  'EXPIRED',
  'FAILED',
  'CANCELLED',
] as const;
export type VisitStatus = (typeof STATUSES)[number];

export const FINAL_STATUSES: readonly VisitStatus[] = [
  'ARCHIVED',
  'REJECTED',
  'EXPIRED',
  'FAILED',
  'CANCELLED',
];

/**
 * Allowed transitions (docs/http-api.md, Status values). FAILED is reachable from every non-final status. Every
 * status before the visit can start may end as CANCELLED (whether it has started is the cancel's own check, on the
 * clock); a reschedule redrafts the agenda from any wait up to AWAITING_MINUTES.
 */
const TRANSITIONS: Record<VisitStatus, readonly VisitStatus[]> = {
  SUBMITTED: ['AGENDA_DRAFTED', 'CANCELLED'],
  AGENDA_DRAFTED: ['AWAITING_APPROVAL', 'CANCELLED'],
  AWAITING_APPROVAL: [
    'AWAITING_APPROVAL',
    'CHANGES_REQUESTED',
    'APPROVED',
    'REJECTED',
    'EXPIRED',
    'AGENDA_DRAFTED',
    'CANCELLED',
  ],
  CHANGES_REQUESTED: ['AGENDA_DRAFTED', 'EXPIRED', 'CANCELLED'],
  APPROVED: ['AWAITING_MINUTES', 'AGENDA_DRAFTED', 'CANCELLED'],
  AWAITING_MINUTES: ['MINUTES_DRAFTED', 'EXPIRED', 'AGENDA_DRAFTED', 'CANCELLED'],
  MINUTES_DRAFTED: ['AWAITING_MINUTES_APPROVAL'],
  AWAITING_MINUTES_APPROVAL: ['ARCHIVED', 'MINUTES_CHANGES_REQUESTED', 'EXPIRED'],
  MINUTES_CHANGES_REQUESTED: ['AWAITING_MINUTES'],
  ARCHIVED: [],
  REJECTED: [],
  EXPIRED: [],
  FAILED: [],
  CANCELLED: [],
};

export function canTransition(from: VisitStatus, to: VisitStatus): boolean {
  if (to === 'FAILED') return !FINAL_STATUSES.includes(from);
  return TRANSITIONS[from].includes(to);
}

export function isFinal(status: VisitStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

export type Language = 'vi' | 'en';

/** How many rows each list of a request and of the minutes may hold (the forms offer no more). */
export const LIMITS = {
  members: 50,
  topics: 20,
  agenda: 40,
  attendees: 120,
  items: 60,
  conclusions: 40,
  actions: 60,
} as const;

export interface Member {
  name: string;
  position: string;
}

export interface AgendaItemInput {
  /** YYYY-MM-DD, for visits of several days: the day of the item (else it follows the item before it) */
  date?: string;
  /** HH:MM */
  start: string;
  /** HH:MM */
  end: string;
  content: string;
  presenter: string;
}

export interface Contact {
  name: string;
  email: string;
  phone: string;
}

/** What staff submit (docs/http-api.md, Staff: the request body). */
export interface VisitRequest {
  hostAgencyId: string;
  visitingAgencyId: string;
  /**
   * the body whose delegation it is, when not the visiting agency itself, e.g. "Ban Chỉ đạo 35 tỉnh Thanh Hóa"
   * (a steering committee whose standing office is the visiting agency); absent or empty: the visiting agency
   */
  delegationOf?: string;
  title: string;
  purpose: string;
  /** YYYY-MM-DD */
  startDate: string;
  /** YYYY-MM-DD */
  endDate: string;
  place: string;
  language: Language;
  /** the delegation, leader first */
  members: Member[];
  topics: string[];
  agenda: AgendaItemInput[];
  contact: Contact;
}

export interface Attendee {
  name: string;
  position: string;
  side: 'host' | 'visiting';
}

export interface MinutesItem {
  heading: string;
  content: string;
}

export interface ActionItem {
  task: string;
  owner: string;
  /** the owner's mail, when they have one: a person of either agency (they get a link and reminders) */
  ownerEmail?: string;
  /** YYYY-MM-DD */
  due: string;
}

/** What the host secretary records after the visit (docs/http-api.md, Staff: the minutes body). */
export interface MinutesRecord {
  /** ISO datetime with offset */
  startedAt: string;
  /** ISO datetime with offset */
  endedAt: string;
  place: string;
  chair: { name: string; position: string; email: string };
  secretary: { name: string; position: string };
  attendees: Attendee[];
  items: MinutesItem[];
  conclusions: string[];
  actions: ActionItem[];
}

/** The work programme and the minutes, which the lifecycle drafts, and the follow-up report on the actions. */
export type DocumentKind = 'agenda' | 'minutes' | 'report';

/** The DOCX is the editable copy made at each draft; the PDF/A the issued copy, signed by the issuing agency. */
export type DocumentFormat = 'docx' | 'pdf';

/** A generated document as recorded beside its visit. */
export interface DocumentRecord {
  id: string;
  kind: DocumentKind;
  version: number;
  /** the full number line, e.g. "05/CTr-BTGTU" */
  number: string;
  key: string;
  sha256: string;
  size: number;
  templateVersion: string;
  createdAt: string;
  /** absent on records made before issued PDFs existed: those are DOCX */
  format?: DocumentFormat;
  /** a PDF: whether it carries the issuing agency's signature */
  signed?: boolean;
  /** a signed PDF: the signing time it claims, ISO 8601 with +07:00 */
  signedAt?: string;
  /** a signed PDF: its certificate is a licensed CA's (else a self-issued, test one: integrity only) */
  licensed?: boolean;
  /** an unsigned PDF: why it went out unsigned */
  unsignedReason?: string;
}

export const formatOf = (doc: Pick<DocumentRecord, 'format'>): DocumentFormat => doc.format ?? 'docx';

/** A document's id beside its visit: agenda-v2 (the DOCX), agenda-v2-pdf (its issued PDF). */
export function documentId(kind: DocumentKind, version: number, format: DocumentFormat = 'docx'): string {
  return format === 'docx' ? `${kind}-v${version}` : `${kind}-v${version}-${format}`;
}

/** An agency's names as the visit was submitted: what the visit's pages show, whatever the agency is called later. */
export interface AgencyNames {
  id: string;
  name: string;
  nameEn: string;
  province: string;
}

/** Who called a visit off, when and why (the visit's pages and its closed links say it). */
export interface VisitCancellation {
  /** the email of who cancelled */
  by: string;
  byName: string;
  /** ISO instant (application clock) */
  at: string;
  reason: string;
}

/** The visit as stored (SK = VISIT). */
export interface Visit {
  id: string;
  status: VisitStatus;
  /** optimistic lock: incremented on each change */
  version: number;
  request: VisitRequest;
  /** who submitted: the signed-in user's email and agency */
  owner: { email: string; name: string; agencyId: string };
  /** the two agencies' names on the day it was submitted (absent on visits submitted before the directory kept them) */
  agencies?: { host: AgencyNames; visiting: AgencyNames };
  minutes?: MinutesRecord;
  agendaVersion: number;
  minutesVersion: number;
  failureReason?: string;
  /** CANCELLED: who called it off, when and why */
  cancellation?: VisitCancellation;
  /**
   * how many times the dates were moved (absent: never); each reschedule starts a new schedule, whose invitation
   * carries it as its SEQUENCE so calendars move the event
   */
  reschedules?: number;
  createdAt: string;
  updatedAt: string;
}

/** The names a visit shows for its agencies: those kept at submission, else the ids. */
export function visitAgencyNames(visit: Pick<Visit, 'request' | 'agencies'>): {
  host: AgencyNames;
  visiting: AgencyNames;
} {
  const bare = (id: string): AgencyNames => ({ id, name: id, nameEn: id, province: '' });
  return (
    visit.agencies ?? {
      host: bare(visit.request.hostAgencyId),
      visiting: bare(visit.request.visitingAgencyId),
    }
  );
}
