/**
 * What the lifecycle's steps (domain/steps/, one file per state) and the people's actions (domain/actions/) share:
 * the ports they run on, the state a step hands the workflow, and the moves every step makes — load the visit,
 * move it along an allowed transition, record an event, send a notice. Every step is idempotent: a retried step
 * finds what its first attempt wrote and carries on from there, so no document, number or notice is made twice.
 */
import type { AgencyVersion, Person } from './agencies.ts';
import { type Clock, vietnamDate } from './clock.ts';
import {
  type CalendarYear,
  shippedYear,
  type WorkingCalendar,
  workingCalendar,
  yearsSpanned,
} from './directory/calendar.ts';
import { issuerOn } from './directory/versions.ts';
import { DomainError, InvalidTransitionError, VisitCancelledError, VisitNotFoundError } from './errors.ts';
import { makeLinkToken } from './links.ts';
import type { People } from './people.ts';
import type { Wait } from './policy.ts';
import type {
  ActionStore,
  Approval,
  ComposeNotice,
  Decision,
  DirectoryReader,
  DocumentStore,
  LinkKeys,
  MailAttachment,
  Mailer,
  NoticeContext,
  NoticeKind,
  SignerFor,
  VisitEvent,
  VisitStore,
  Workflow,
} from './ports.ts';
import type { RenderIssuedPdf, SealPdf } from './steps/issuing.ts';
import { canTransition, type DocumentFormat, type Visit, type VisitStatus } from './visit.ts';

/** Where the workflow goes next: the targets of its Route choice (workflows/lifecycle.ts). */
export const NEXT = ['decision', 'minutes', 'draftAgenda', 'draftMinutes', 'archive', 'end'] as const;
export type Next = (typeof NEXT)[number];

/** The state every lifecycle step returns whole. */
export interface StepResult {
  visitId: string;
  next: Next;
  wait?: Wait;
}

/** What a callback returns through SendTaskSuccess. */
export interface CallbackResult {
  decision: Decision;
  comment?: string;
  by: string;
  approvalId: string;
  /** `rescheduled`: the visit's new dates, YYYY-MM-DD */
  dates?: { startDate: string; endDate: string };
}

/** The signed-in person acting, as the directory knows them. */
export type { Identity } from './directory/users.ts';

/** The ports; each step and action picks the ones it uses. */
export interface Deps {
  store: VisitStore;
  clock: Clock;
  workflow: Workflow;
  mailer: Mailer;
  compose: ComposeNotice;
  documents: DocumentStore;
  links: LinkKeys;
  /** the organisation: agencies with their history, users, substitutes, the working calendar */
  directory: DirectoryReader;
  /** the site's base URL for links in mail, without a trailing slash */
  publicUrl: string;
  /** the action items of archived minutes (domain/follow-up) */
  actions: ActionStore;
  /** who is a person of an agency */
  people: People;
  /** the issuing agency's signer, and the PDF/A copy drawn and signed when a document is issued */
  signerFor: SignerFor;
  renderPdf: RenderIssuedPdf;
  sealPdf: SealPdf;
}

/** The actor of what the lifecycle does by itself. */
export const SYSTEM = 'system';

export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const PDF = 'application/pdf';

/** Each format's media type and file extension. */
export const FILE_TYPES: Record<DocumentFormat, { contentType: string; extension: string }> = {
  docx: { contentType: DOCX, extension: 'docx' },
  pdf: { contentType: PDF, extension: 'pdf' },
};

export async function loadVisit(store: VisitStore, id: string): Promise<Visit> {
  const visit = await store.getVisit(id);
  if (!visit) throw new VisitNotFoundError();
  return visit;
}

/**
 * Every step respects a cancelled visit: it throws VisitCancelledError, whose name (`VisitCancelled`) the chain
 * routes to its Cancelled end, instead of doing its work.
 */
export function assertNotCancelled(visit: Visit): void {
  if (visit.status === 'CANCELLED') throw new VisitCancelledError(cancelledBy(visit));
}

/** Who called the visit off, when and why, as its closed links and pages say it. */
export function cancelledBy(visit: Pick<Visit, 'cancellation' | 'updatedAt'>): {
  byName: string;
  at: string;
  reason: string;
} {
  const c = visit.cancellation;
  return c
    ? { byName: c.byName, at: c.at, reason: c.reason }
    : { byName: SYSTEM, at: visit.updatedAt, reason: '' };
}

/**
 * The visit's two agencies as they act on `at`'s Vietnam date: each one's version valid then, or, after a
 * succession, its successor's (with the successor's chain and number series). Read at the step's own time, so a
 * change to a chain applies from the next step of a visit in flight and never to a decision made.
 */
export async function agenciesOf(
  deps: Pick<Deps, 'directory'>,
  visit: Pick<Visit, 'request'>,
  at: Date,
): Promise<{ host: AgencyVersion; visiting: AgencyVersion }> {
  const date = vietnamDate(at);
  const load = (id: string) => deps.directory.agency(id);
  const [host, visiting] = await Promise.all([
    issuerOn(load, visit.request.hostAgencyId, date),
    issuerOn(load, visit.request.visitingAgencyId, date),
  ]);
  if (!host || !visiting)
    throw new DomainError('AGENCY_MISSING', 500, {
      vi: 'Cơ quan không có trong danh bạ vào ngày này',
      en: 'The agency is not in the directory on this date',
    });
  return { host, visiting };
}

/** The working calendar over the years a deadline from `now` (up to `until`, a date) may touch. */
export async function calendarFor(
  deps: Pick<Deps, 'directory'>,
  now: Date,
  until?: string,
): Promise<WorkingCalendar> {
  const years = await Promise.all(
    yearsSpanned(now, until).map(async (y) => (await deps.directory.calendarYear(y)) ?? shippedYear(y)),
  );
  return workingCalendar(years.filter((y): y is CalendarYear => y !== undefined));
}

/** The one who submitted the request. */
export function requester(visit: Visit): Person {
  return { name: visit.owner.name, position: '', email: visit.owner.email };
}

/** The contact person the request names. */
export function contact(visit: Visit): Person {
  return { name: visit.request.contact.name, position: '', email: visit.request.contact.email };
}

/**
 * Moves a visit to `to` unless it is there already (a retried step); reloads and retries once on a version
 * conflict. Returns the stored visit.
 */
export async function moveTo(
  store: VisitStore,
  visit: Visit,
  to: VisitStatus,
  patch: Partial<Omit<Visit, 'id' | 'version' | 'status'>>,
  now: Date,
): Promise<Visit> {
  let current = visit;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (current.status === to) {
      const same = Object.entries(patch).every(
        ([k, v]) => JSON.stringify(current[k as keyof Visit]) === JSON.stringify(v),
      );
      if (same) return current;
    }
    if (current.status !== to && !canTransition(current.status, to))
      throw new InvalidTransitionError(current.status, to);
    try {
      return await store.updateVisit(current.id, current.version, {
        ...patch,
        ...(current.status === to ? {} : { status: to }),
        updatedAt: now.toISOString(),
      });
    } catch (e) {
      if (!(e instanceof DomainError) || e.code !== 'VERSION_CONFLICT') throw e;
      current = await loadVisit(store, current.id);
    }
  }
  throw new InvalidTransitionError(current.status, to);
}

/**
 * The approval a wait makes: one per (kind, round, step, role) and schedule, so a retried or reminded wait finds it.
 */
export function approvalIdFor(wait: Pick<Wait, 'kind' | 'round' | 'step' | 'role' | 'schedule'>): string {
  const id = `${wait.kind}-${wait.round}-${wait.step}-${wait.role}`;
  return wait.schedule ? `${id}-s${wait.schedule}` : id;
}

/** Rebuilds an approval's link from its stored nonce and key id (so a reminder resends the very same link). */
export async function linkFor(
  deps: Pick<Deps, 'links'>,
  approval: Pick<Approval, 'visitId' | 'id' | 'keyId' | 'nonce'>,
): Promise<string> {
  const key = await deps.links.get(approval.keyId);
  if (!key || !approval.nonce)
    throw new DomainError('LINK_KEY_MISSING', 500, { vi: 'Thiếu khóa liên kết', en: 'Link key missing' });
  return makeLinkToken(
    { visitId: approval.visitId, approvalId: approval.id, keyId: approval.keyId, nonce: approval.nonce },
    key,
  );
}

/** What a notice says beyond the visit, and the documents the lifecycle attaches to it. */
export interface NoticeExtra {
  link?: string;
  comment?: string;
  by?: string;
  deadline?: string;
  /** the working days the recipient has, said beside the deadline */
  workingDays?: number;
  documentNumber?: string;
  attachments?: MailAttachment[];
  /** the approval the notice is about, recorded with it so a retried step can tell it went out */
  approvalId?: string;
  /** the action item a follow-up notice is about */
  action?: NoticeContext['action'];
  /** the event that records the notice in place of NOTICE_SENT (a follow-up turn records its own); `to` is added */
  event?: { type: string; data: Record<string, unknown> };
  /** the name of who asked for the mail to be sent again */
  resentBy?: string;
  /** the name of whoever the notice says acted */
  byName?: string;
  /** the name of the person an approval went to */
  toName?: string;
  /** the dates before a reschedule */
  previousDates?: { startDate: string; endDate: string };
  /** the calendar message that goes with the notice */
  calendar?: 'cancel';
}

/**
 * Mails a notice, written by the composer for its recipients (each greeted by name), to every recipient once, with the documents
 * given and then whatever the composer attaches; records NOTICE_SENT.
 */
export async function notice(
  deps: Pick<Deps, 'mailer' | 'compose' | 'store' | 'directory' | 'clock'>,
  kind: NoticeKind,
  visit: Visit,
  to: Person[],
  extra: NoticeExtra = {},
): Promise<void> {
  const { host, visiting } = await agenciesOf(deps, visit, deps.clock.now());
  const unique = [...new Map(to.map((p) => [p.email.toLowerCase(), p])).values()];
  const first = unique[0];
  if (!first) return;
  const { attachments: documents = [], approvalId, event, ...ctx } = extra;
  const { attachments: composed = [], ...mail } = deps.compose(kind, {
    visit,
    host,
    visiting,
    recipient: first,
    recipients: unique,
    ...ctx,
  });
  const attachments = [...documents, ...composed];
  await deps.mailer.send({
    ...mail,
    to: unique.map((p) => p.email),
    ...(attachments.length ? { attachments } : {}),
    tags: { visitId: visit.id, notice: kind },
  });
  const sentTo = unique.map((p) => p.email);
  await deps.store.appendEvent(
    visit.id,
    event
      ? { type: event.type, actor: SYSTEM, data: { ...event.data, to: sentTo } }
      : {
          type: 'NOTICE_SENT',
          actor: SYSTEM,
          data: { notice: kind, to: sentTo, ...(approvalId ? { approvalId } : {}) },
        },
  );
}

/** Whether an event records a notice of `kind` going out. */
export function isNoticeOf(e: Pick<VisitEvent, 'type' | 'data'>, kind: NoticeKind): boolean {
  return e.type === 'NOTICE_SENT' && e.data?.notice === kind;
}

/**
 * Moves the visit to `to` and records the turn's event and its notice, each once: a step retried after a partial
 * success (say the status moved, then the mail service failed) finds in the event log what went through and does
 * the rest. The first attempt reads nothing more; only a retry reads the log.
 */
export async function turn(
  deps: Pick<Deps, 'store' | 'mailer' | 'compose' | 'directory' | 'clock'>,
  visit: Visit,
  to: VisitStatus,
  event: { type: string; actor: string; data: { approvalId: string } & Record<string, unknown> },
  now: Date,
  mail?: { kind: NoticeKind; to: Person[]; extra?: () => Promise<NoticeExtra> },
): Promise<Visit> {
  const retried = visit.status === to;
  const moved = await moveTo(deps.store, visit, to, {}, now);
  const log = retried ? await deps.store.listEvents(visit.id) : [];
  const done = (type: string, also: (data: Record<string, unknown>) => boolean) =>
    log.some((e) => e.type === type && e.data?.approvalId === event.data.approvalId && also(e.data));
  if (!done(event.type, () => true)) await deps.store.appendEvent(visit.id, event);
  if (mail && !done('NOTICE_SENT', (d) => d.notice === mail.kind)) {
    const extra = mail.extra ? await mail.extra() : {};
    await notice(deps, mail.kind, moved, mail.to, { ...extra, approvalId: event.data.approvalId });
  }
  return moved;
}
