/**
 * The lifecycle's steps as plain functions over the ports: what each Step Functions task does, and what the
 * people's actions (submit, decide through a link, revise, record minutes) do. Every step is idempotent: a retried
 * step finds what its first attempt wrote and carries on from there, so no document, number or notice is made twice.
 */
import { type Agency, findAgency, type Person } from './agencies.ts';
import { type Clock, vietnamDate, vietnamYear } from './clock.ts';
import { documentFilename } from './document-filename.ts';
import {
  DomainError,
  InvalidTransitionError,
  LinkExpiredError,
  LinkUsedError,
  MalformedRequestError,
  NotAwaitingError,
  ValidationError,
  VersionConflictError,
  VisitNotFoundError,
} from './errors.ts';
import { IDEMPOTENCY_KEY, keyedVisitId, newVisitId } from './ids.ts';
import { makeLinkToken, newNonce, tokenHash } from './links.ts';
import { onTimeout, type Wait, waitFor } from './policy.ts';
import type {
  Approval,
  ComposeNotice,
  Decision,
  DocumentStore,
  LinkKeys,
  MailAttachment,
  Mailer,
  NoticeKind,
  VisitStore,
  Workflow,
} from './ports.ts';
import { validateMinutes, validateVisitRequest } from './schemas.ts';
import {
  canTransition,
  type DocumentKind,
  type DocumentRecord,
  isFinal,
  type Visit,
  type VisitRequest,
  type VisitStatus,
} from './visit.ts';

/** Where the workflow goes next (workflows/lifecycle.ts, Route). */
export type Next = 'decision' | 'minutes' | 'draftAgenda' | 'draftMinutes' | 'archive' | 'end';

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
}

export interface Identity {
  email: string;
  name: string;
  roles: readonly string[];
  agencyId: string;
}

export interface Deps {
  store: VisitStore;
  clock: Clock;
  workflow: Workflow;
  mailer: Mailer;
  compose: ComposeNotice;
  documents: DocumentStore;
  links: LinkKeys;
  /** the site's base URL for links in mail, without a trailing slash */
  publicUrl: string;
}

export const SYSTEM = 'system';

// ---------------------------------------------------------------------------------------------------------------
// helpers

export async function loadVisit(store: VisitStore, id: string): Promise<Visit> {
  const visit = await store.getVisit(id);
  if (!visit) throw new VisitNotFoundError();
  return visit;
}

export function agenciesOf(visit: Pick<Visit, 'request'>): { host: Agency; visiting: Agency } {
  const host = findAgency(visit.request.hostAgencyId);
  const visiting = findAgency(visit.request.visitingAgencyId);
  if (!host || !visiting)
    throw new DomainError('AGENCY_MISSING', 500, {
      vi: 'Thiếu cấu hình cơ quan',
      en: 'Agency not configured',
    });
  return { host, visiting };
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

function personFor(visit: Visit, host: Agency, wait: Wait): Person {
  switch (wait.kind) {
    case 'agenda': {
      const step = host.approvalChain[wait.step];
      if (!step)
        throw new DomainError('CHAIN_STEP_MISSING', 500, {
          vi: 'Thiếu bước phê duyệt',
          en: 'Approval step missing',
        });
      if (wait.role === 'deputy' && step.deputy) return step.deputy;
      return step.approver;
    }
    case 'revision':
      return { name: visit.owner.name, position: '', email: visit.owner.email };
    case 'minutesRecord':
      return host.secretary;
    case 'minutes': {
      const chair = visit.minutes?.chair;
      if (!chair)
        throw new DomainError('MINUTES_MISSING', 500, { vi: 'Chưa có biên bản', en: 'No minutes recorded' });
      return chair;
    }
  }
}

export function approvalIdFor(wait: Pick<Wait, 'kind' | 'round' | 'step' | 'role'>): string {
  return `${wait.kind}-${wait.round}-${wait.step}-${wait.role}`;
}

function linkPath(approval: Pick<Approval, 'kind' | 'visitId'>, token: string): string {
  return approval.kind === 'revision' ? `/visits/${approval.visitId}/revise/${token}` : `/approve/${token}`;
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

function numberLine(n: number, kind: DocumentKind, host: Agency): string {
  return `${String(n).padStart(2, '0')}/${kind === 'agenda' ? 'CTr' : 'BB'}-${host.code}`;
}

export async function notice(
  deps: Pick<Deps, 'mailer' | 'compose' | 'store'>,
  kind: NoticeKind,
  visit: Visit,
  to: Person[],
  extra: {
    link?: string;
    comment?: string;
    by?: string;
    deadline?: string;
    documentNumber?: string;
    attachments?: MailAttachment[];
    /** the approval the notice is about, recorded with it so a retried step can tell it went out */
    approvalId?: string;
  } = {},
): Promise<void> {
  const { host, visiting } = agenciesOf(visit);
  const unique = [...new Map(to.map((p) => [p.email.toLowerCase(), p])).values()];
  const first = unique[0];
  if (!first) return;
  const { attachments, approvalId, ...ctx } = extra;
  const mail = deps.compose(kind, { visit, host, visiting, recipient: first, ...ctx });
  await deps.mailer.send({
    ...mail,
    to: unique.map((p) => p.email),
    ...(attachments ? { attachments } : {}),
  });
  await deps.store.appendEvent(visit.id, {
    type: 'NOTICE_SENT',
    actor: SYSTEM,
    data: { notice: kind, to: unique.map((p) => p.email), ...(approvalId ? { approvalId } : {}) },
  });
}

type NoticeExtra = NonNullable<Parameters<typeof notice>[4]>;

/**
 * Moves the visit to `to` and records the turn's event and its notice, each once: a step retried after a partial
 * success (say the status moved, then the mail service failed) finds in the event log what went through and does
 * the rest. The first attempt reads nothing more; only a retry reads the log.
 */
async function turn(
  deps: Pick<Deps, 'store' | 'mailer' | 'compose'>,
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

function requester(visit: Visit): Person {
  return { name: visit.owner.name, position: '', email: visit.owner.email };
}

function contact(visit: Visit): Person {
  return { name: visit.request.contact.name, position: '', email: visit.request.contact.email };
}

// ---------------------------------------------------------------------------------------------------------------
// people's actions

/** Submit: validate, store the visit (SUBMITTED), record the event, start the execution named after it. */
export async function submitVisit(
  deps: Pick<Deps, 'store' | 'workflow' | 'clock'>,
  input: unknown,
  user: Identity,
  idempotencyKey?: string,
): Promise<Visit> {
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey))
    throw new MalformedRequestError({
      vi: 'Khóa chống gửi trùng không hợp lệ (8–100 ký tự chữ, số, - hoặc _)',
      en: 'The idempotency key is not valid (8–100 letters, digits, - or _)',
    });
  const request = validateVisitRequest(input, deps.clock);
  if (request.visitingAgencyId !== user.agencyId)
    throw new ValidationError({
      visitingAgencyId: {
        vi: 'Cơ quan cử đoàn: phải là cơ quan của bạn',
        en: 'Visiting agency: must be your own agency',
      },
    });
  const now = deps.clock.now();
  const id = idempotencyKey ? keyedVisitId(now, user.email, idempotencyKey) : newVisitId(now);
  if (idempotencyKey) {
    // the same submission again (a double click, a client's retry): the visit its first attempt made
    const earlier = await deps.store.getVisit(id);
    if (earlier) {
      if (earlier.owner.email !== user.email) throw new VersionConflictError();
      if (earlier.status === 'SUBMITTED') await deps.workflow.start(earlier.id, { visitId: earlier.id });
      return earlier;
    }
  }
  const visit: Visit = {
    id,
    status: 'SUBMITTED',
    version: 1,
    request,
    owner: { email: user.email, name: user.name, agencyId: user.agencyId },
    agendaVersion: 0,
    minutesVersion: 0,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  await deps.store.createVisit(visit);
  await deps.store.appendEvent(visit.id, { type: 'SUBMITTED', actor: user.email, at: now.toISOString() });
  try {
    await deps.workflow.start(visit.id, { visitId: visit.id });
  } catch (e) {
    await moveTo(deps.store, visit, 'FAILED', { failureReason: 'The workflow could not be started' }, now);
    await deps.store.appendEvent(visit.id, {
      type: 'FAILED',
      actor: SYSTEM,
      data: { reason: 'workflow start' },
    });
    throw e;
  }
  return visit;
}

/**
 * Settles a pending approval exactly once: claim it with a short lease, send the decision to the waiting
 * execution, then confirm. A failed send releases the claim (the caller answers 503 and the person can try again);
 * a closed task answers 409. Returns the decided approval.
 */
export async function settleApproval(
  deps: Pick<Deps, 'store' | 'workflow' | 'clock'>,
  approval: Approval,
  result: Omit<CallbackResult, 'approvalId'>,
  beforeSend?: () => Promise<void>,
): Promise<Approval> {
  const now = deps.clock.now();
  const claimed = await deps.store.updateApproval(
    approval.visitId,
    approval.id,
    ['PENDING', 'CLAIMED'],
    { status: 'CLAIMED', leaseUntil: new Date(now.getTime() + 30_000).toISOString() },
    { leaseExpiredBefore: now.toISOString() },
  );
  if (!claimed) throw await closedApprovalError(deps.store, approval, now);
  try {
    if (beforeSend) await beforeSend();
    await deps.workflow.succeed(claimed.taskToken, { ...result, approvalId: approval.id });
  } catch (e) {
    if (e instanceof DomainError && e.code === 'TASK_CLOSED') {
      await deps.store.updateApproval(approval.visitId, approval.id, ['CLAIMED'], { status: 'EXPIRED' });
      throw new NotAwaitingError({
        vi: 'Yêu cầu này đã đóng (quá hạn hoặc đã được xử lý)',
        en: 'This request is closed (timed out or already handled)',
      });
    }
    await deps.store.updateApproval(approval.visitId, approval.id, ['CLAIMED'], { status: 'PENDING' });
    throw e;
  }
  const decided = await deps.store.updateApproval(approval.visitId, approval.id, ['CLAIMED'], {
    status: 'DECIDED',
    decision: result.decision,
    ...(result.comment ? { comment: result.comment } : {}),
    decidedAt: now.toISOString(),
    decidedBy: result.by,
  });
  await deps.store.appendEvent(approval.visitId, {
    type: 'DECIDED',
    actor: result.by,
    data: {
      approvalId: approval.id,
      kind: approval.kind,
      decision: result.decision,
      ...(result.comment ? { comment: result.comment } : {}),
    },
  });
  return decided ?? { ...claimed, status: 'DECIDED', decision: result.decision };
}

/** The error that explains why an approval could not be claimed. */
export async function closedApprovalError(
  store: VisitStore,
  approval: Approval,
  now: Date,
): Promise<DomainError> {
  const fresh = (await store.getApproval(approval.visitId, approval.id)) ?? approval;
  if (fresh.status === 'DECIDED')
    return new LinkUsedError({
      decidedBy: fresh.decidedBy,
      decidedAt: fresh.decidedAt,
      decision: fresh.decision,
    });
  if (fresh.status === 'EXPIRED' || fresh.status === 'SUPERSEDED' || fresh.expiresAt < now.toISOString())
    return new LinkExpiredError();
  return new LinkUsedError({});
}

/** The requester's revised request, stored on the visit and handed to the waiting execution. */
export async function reviseVisit(
  deps: Pick<Deps, 'store' | 'workflow' | 'clock'>,
  approval: Approval,
  input: unknown,
): Promise<Visit> {
  const visit = await loadVisit(deps.store, approval.visitId);
  const request: VisitRequest = validateVisitRequest(input, deps.clock);
  const fields: Record<string, { vi: string; en: string }> = {};
  if (request.hostAgencyId !== visit.request.hostAgencyId)
    fields.hostAgencyId = {
      vi: 'Cơ quan đón đoàn: không được thay đổi',
      en: 'Host agency: cannot be changed',
    };
  if (request.visitingAgencyId !== visit.request.visitingAgencyId)
    fields.visitingAgencyId = {
      vi: 'Cơ quan cử đoàn: không được thay đổi',
      en: 'Visiting agency: cannot be changed',
    };
  if (Object.keys(fields).length) throw new ValidationError(fields);
  let stored = visit;
  await settleApproval(deps, approval, { decision: 'revised', by: approval.person.email }, async () => {
    stored = await deps.store.updateVisit(visit.id, visit.version, {
      request,
      updatedAt: deps.clock.now().toISOString(),
    });
  });
  return stored;
}

/** The host secretary's minutes, stored on the visit and handed to the waiting execution. */
export async function recordMinutes(
  deps: Pick<Deps, 'store' | 'workflow' | 'clock'>,
  visitId: string,
  input: unknown,
  user: Identity,
): Promise<Visit> {
  const visit = await loadVisit(deps.store, visitId);
  if (visit.status !== 'AWAITING_MINUTES')
    throw new NotAwaitingError({
      vi: 'Chuyến công tác không ở bước chờ biên bản',
      en: 'This visit is not awaiting minutes',
    });
  const minutes = validateMinutes(input, visit, deps.clock);
  const pending = (await deps.store.listApprovals(visitId)).find(
    (a) => a.kind === 'minutesRecord' && (a.status === 'PENDING' || a.status === 'CLAIMED'),
  );
  if (!pending)
    throw new NotAwaitingError({
      vi: 'Chuyến công tác không ở bước chờ biên bản',
      en: 'This visit is not awaiting minutes',
    });
  let stored = visit;
  await settleApproval(deps, pending, { decision: 'recorded', by: user.email }, async () => {
    stored = await deps.store.updateVisit(visit.id, visit.version, {
      minutes,
      updatedAt: deps.clock.now().toISOString(),
    });
  });
  return stored;
}

// ---------------------------------------------------------------------------------------------------------------
// workflow tasks

export type RenderAgenda = (input: {
  request: VisitRequest;
  host: Agency;
  visiting: Agency;
  number: number;
  issuedOn: string;
  version: number;
}) => Promise<Uint8Array>;

export type RenderMinutes = (input: {
  request: VisitRequest;
  minutes: NonNullable<Visit['minutes']>;
  host: Agency;
  visiting: Agency;
  number: number;
  version: number;
}) => Promise<Uint8Array>;

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

async function storeDocument(
  deps: Pick<Deps, 'store' | 'documents' | 'clock'>,
  visit: Visit,
  kind: DocumentKind,
  version: number,
  number: string,
  templateVersion: string,
  bytes: Uint8Array,
): Promise<DocumentRecord> {
  const id = `${kind}-v${version}`;
  const key = `visits/${visit.id}/${id}.docx`;
  const put = await deps.documents.put(key, bytes, DOCX);
  const record: DocumentRecord = {
    id,
    kind,
    version,
    number,
    key,
    sha256: put.sha256,
    size: put.size,
    templateVersion,
    createdAt: deps.clock.now().toISOString(),
  };
  await deps.store.putDocument(visit.id, record);
  return record;
}

/**
 * Drafts version n of the visit's agenda or minutes: number (one per visit and kind, kept across versions and
 * retries), render, store, record, move to the drafted status. A retry after the status moved finds its work done.
 */
async function draft(
  deps: Pick<Deps, 'store' | 'documents' | 'clock'>,
  visitId: string,
  kind: DocumentKind,
  render: (
    visit: Visit,
    host: Agency,
    visiting: Agency,
    n: number,
    version: number,
    now: Date,
  ) => Promise<Uint8Array>,
  templateVersion: string,
): Promise<StepResult> {
  const now = deps.clock.now();
  let visit = await loadVisit(deps.store, visitId);
  const { host, visiting } = agenciesOf(visit);
  const drafted: VisitStatus = kind === 'agenda' ? 'AGENDA_DRAFTED' : 'MINUTES_DRAFTED';
  const current = kind === 'agenda' ? visit.agendaVersion : visit.minutesVersion;
  const version = visit.status === drafted ? current : current + 1;
  if (visit.status !== drafted) {
    const n = await deps.store.documentNumber(visit.id, kind, host.id, kind, vietnamYear(now));
    const bytes = await render(visit, host, visiting, n, version, now);
    const doc = await storeDocument(
      deps,
      visit,
      kind,
      version,
      numberLine(n, kind, host),
      templateVersion,
      bytes,
    );
    const patch: Partial<Visit> =
      kind === 'agenda' ? { agendaVersion: version } : { minutesVersion: version };
    visit = await moveTo(deps.store, visit, drafted, patch, now);
    await deps.store.appendEvent(visit.id, {
      type: drafted,
      actor: SYSTEM,
      data: { documentId: doc.id, number: doc.number, sha256: doc.sha256 },
    });
  }
  const wait =
    kind === 'agenda'
      ? waitFor(visit, { kind: 'agenda', round: version, step: 0, role: 'approver', reminders: 0 }, now)
      : waitFor(visit, { kind: 'minutes', round: version, step: 0, role: 'chair', reminders: 0 }, now);
  return { visitId, next: 'decision', wait };
}

/** DraftAgenda: the agenda DOCX version n from the request; the first approval wait follows. */
export function draftAgenda(
  deps: Pick<Deps, 'store' | 'documents' | 'clock'>,
  visitId: string,
  render: RenderAgenda,
  templateVersion: string,
): Promise<StepResult> {
  return draft(
    deps,
    visitId,
    'agenda',
    (visit, host, visiting, number, version, now) =>
      render({ request: visit.request, host, visiting, number, issuedOn: vietnamDate(now), version }),
    templateVersion,
  );
}

/** DraftMinutes: the minutes DOCX from what the secretary recorded; the chair's sign-off wait follows. */
export function draftMinutes(
  deps: Pick<Deps, 'store' | 'documents' | 'clock'>,
  visitId: string,
  render: RenderMinutes,
  templateVersion: string,
): Promise<StepResult> {
  return draft(
    deps,
    visitId,
    'minutes',
    (visit, host, visiting, number, version) => {
      if (!visit.minutes)
        throw new DomainError('MINUTES_MISSING', 500, { vi: 'Chưa có biên bản', en: 'No minutes recorded' });
      return render({ request: visit.request, minutes: visit.minutes, host, visiting, number, version });
    },
    templateVersion,
  );
}

/**
 * The callback of AwaitDecision and AwaitMinutes: make (or refresh) the approval record that holds the task token,
 * move the visit to its waiting status, and send the notice — the same link again for a reminder.
 */
export async function requestDecision(
  deps: Pick<Deps, 'store' | 'clock' | 'mailer' | 'compose' | 'documents' | 'links' | 'publicUrl'>,
  input: { visitId: string; wait: Wait; taskToken: string },
): Promise<void> {
  const { wait, taskToken } = input;
  const now = deps.clock.now();
  let visit = await loadVisit(deps.store, input.visitId);
  if (isFinal(visit.status)) return;
  const { host } = agenciesOf(visit);
  const person = personFor(visit, host, wait);
  const id = approvalIdFor(wait);
  const existing = await deps.store.getApproval(visit.id, id);
  let approval: Approval;
  if (!existing) {
    // the secretary's minutes wait has no link: the signed-in form settles it
    const { id: keyId } = wait.kind === 'minutesRecord' ? { id: '' } : await deps.links.current();
    const nonce = wait.kind === 'minutesRecord' ? '' : newNonce();
    const token =
      wait.kind === 'minutesRecord' ? '' : await linkFor(deps, { visitId: visit.id, id, keyId, nonce });
    approval = {
      visitId: visit.id,
      id,
      kind: wait.kind,
      step: wait.step,
      role: wait.role,
      person,
      tokenHash: token ? tokenHash(token) : '',
      keyId,
      nonce,
      status: 'PENDING',
      taskToken,
      expiresAt: wait.deadline,
      reminders: wait.reminders,
      ...(wait.kind === 'agenda' || wait.kind === 'minutes'
        ? { documentId: `${wait.kind === 'agenda' ? 'agenda' : 'minutes'}-v${wait.round}` }
        : {}),
      createdAt: now.toISOString(),
    };
    await deps.store.putApproval(approval);
  } else {
    const refreshed = await deps.store.updateApproval(visit.id, id, ['PENDING', 'CLAIMED'], {
      taskToken,
      expiresAt: wait.deadline,
      reminders: wait.reminders,
    });
    if (!refreshed) return; // decided or closed meanwhile: the execution hears from that path
    approval = refreshed;
  }

  const waiting: Partial<Record<Wait['kind'], VisitStatus>> = {
    agenda: 'AWAITING_APPROVAL',
    minutesRecord: 'AWAITING_MINUTES',
    minutes: 'AWAITING_MINUTES_APPROVAL',
  };
  const status = waiting[wait.kind];
  if (status) visit = await moveTo(deps.store, visit, status, {}, now);

  // one notice per (approval, reminder): a retried callback finds it recorded and does not mail again
  const sent = (approval.noticesSent ?? -1) >= wait.reminders;
  if (sent) return;
  const link =
    wait.kind === 'minutesRecord'
      ? `${deps.publicUrl}/visits/${visit.id}/minutes`
      : `${deps.publicUrl}${linkPath(approval, await linkFor(deps, approval))}`;
  const kind: NoticeKind = {
    agenda:
      wait.reminders > 0 ? 'approvalReminder' : wait.role === 'deputy' ? 'escalation' : 'approvalRequest',
    revision: wait.reminders > 0 ? 'revisionReminder' : 'revisionRequest',
    minutesRecord:
      wait.reminders > 0 ? 'minutesReminder' : visit.minutesVersion > 0 ? 'minutesChanges' : 'minutesRequest',
    minutes: wait.reminders > 0 ? 'minutesSignoffReminder' : 'minutesSignoff',
  }[wait.kind] as NoticeKind;
  // the approver's comment goes with a request for changes; only those notices read it
  const withComment = kind === 'revisionRequest' || kind === 'minutesChanges';
  const lastComment = withComment
    ? (await deps.store.listApprovals(visit.id))
        .filter((a) => a.status === 'DECIDED' && a.comment)
        .sort((a, b) => (a.decidedAt ?? '').localeCompare(b.decidedAt ?? ''))
        .pop()?.comment
    : undefined;
  const doc = approval.documentId ? await deps.store.getDocument(visit.id, approval.documentId) : undefined;
  const attachments: MailAttachment[] =
    doc && wait.reminders === 0
      ? [
          {
            filename: documentFilename(doc, visit.id),
            contentType: DOCX,
            content: await deps.documents.get(doc.key),
          },
        ]
      : [];
  await notice(deps, kind, visit, [person], {
    link,
    deadline: wait.deadline,
    ...(doc ? { documentNumber: doc.number } : {}),
    ...(lastComment ? { comment: lastComment } : {}),
    ...(attachments.length ? { attachments } : {}),
  });
  await deps.store.updateApproval(visit.id, id, ['PENDING', 'CLAIMED', 'DECIDED'], {
    noticesSent: wait.reminders,
  });
}

/** The step that asks the host secretary for the minutes (their next version). */
function awaitMinutes(visit: Visit, now: Date): StepResult {
  const round = visit.minutesVersion + 1;
  return {
    visitId: visit.id,
    next: 'minutes',
    wait: waitFor(visit, { kind: 'minutesRecord', round, step: 0, role: 'secretary', reminders: 0 }, now),
  };
}

/** Decide: what a decision or a timeout means for the visit, and where the workflow goes next. */
export async function decide(
  deps: Pick<Deps, 'store' | 'clock' | 'mailer' | 'compose' | 'documents'>,
  input: { visitId: string; wait: Wait; decision?: CallbackResult; timeout?: unknown },
): Promise<StepResult> {
  const now = deps.clock.now();
  const { wait } = input;
  let visit = await loadVisit(deps.store, input.visitId);
  // REJECTED and EXPIRED go on: a retry after the status moved still owes the event or the notice
  if (visit.status === 'ARCHIVED' || visit.status === 'FAILED') return { visitId: visit.id, next: 'end' };
  const { host, visiting } = agenciesOf(visit);
  const approvalId = approvalIdFor(wait);

  if (!input.decision) {
    const step = host.approvalChain[wait.step];
    const outcome = onTimeout(visit, wait, wait.kind === 'agenda' && Boolean(step?.deputy), now);
    if (outcome.action === 'remind') {
      await deps.store.appendEvent(visit.id, {
        type: 'REMINDER_DUE',
        actor: SYSTEM,
        data: { approvalId, reminders: outcome.wait.reminders },
      });
      return {
        visitId: visit.id,
        next: wait.kind === 'minutesRecord' ? 'minutes' : 'decision',
        wait: outcome.wait,
      };
    }
    if (outcome.action === 'escalate') {
      await deps.store.updateApproval(visit.id, approvalId, ['PENDING'], { status: 'SUPERSEDED' });
      await deps.store.appendEvent(visit.id, {
        type: 'ESCALATED',
        actor: SYSTEM,
        data: { from: approvalId, to: approvalIdFor(outcome.wait) },
      });
      return { visitId: visit.id, next: 'decision', wait: outcome.wait };
    }
    await deps.store.updateApproval(visit.id, approvalId, ['PENDING', 'CLAIMED'], { status: 'EXPIRED' });
    await turn(deps, visit, 'EXPIRED', { type: 'EXPIRED', actor: SYSTEM, data: { approvalId } }, now, {
      kind: 'expired',
      to: [requester(visit), contact(visit), host.secretary],
    });
    return { visitId: visit.id, next: 'end' };
  }

  const { decision, comment, by } = input.decision;
  switch (wait.kind) {
    case 'agenda': {
      if (decision === 'approve') {
        if (wait.step + 1 < host.approvalChain.length) {
          const next = waitFor(
            visit,
            { kind: 'agenda', round: wait.round, step: wait.step + 1, role: 'approver', reminders: 0 },
            now,
          );
          return { visitId: visit.id, next: 'decision', wait: next };
        }
        const approved = async (): Promise<NoticeExtra> => {
          const doc = await deps.store.getDocument(visit.id, `agenda-v${wait.round}`);
          const attachments: MailAttachment[] = [
            {
              filename: 'invitation.ics',
              contentType: 'text/calendar; method=PUBLISH',
              content: new TextEncoder().encode(calendarInvite(visit, host, visiting)),
            },
          ];
          if (doc)
            attachments.unshift({
              filename: documentFilename(doc, visit.id),
              contentType: DOCX,
              content: await deps.documents.get(doc.key),
            });
          return { by, ...(doc ? { documentNumber: doc.number } : {}), attachments };
        };
        visit = await turn(
          deps,
          visit,
          'APPROVED',
          { type: 'APPROVED', actor: by, data: { approvalId } },
          now,
          {
            kind: 'approved',
            to: [requester(visit), contact(visit), host.secretary],
            extra: approved,
          },
        );
        return awaitMinutes(visit, now);
      }
      if (decision === 'changes') {
        visit = await turn(
          deps,
          visit,
          'CHANGES_REQUESTED',
          { type: 'CHANGES_REQUESTED', actor: by, data: { approvalId, comment } },
          now,
        );
        return {
          visitId: visit.id,
          next: 'decision',
          wait: waitFor(
            visit,
            { kind: 'revision', round: wait.round, step: 0, role: 'requester', reminders: 0 },
            now,
          ),
        };
      }
      await turn(
        deps,
        visit,
        'REJECTED',
        { type: 'REJECTED', actor: by, data: { approvalId, comment } },
        now,
        {
          kind: 'rejected',
          to: [requester(visit), contact(visit)],
          extra: async () => ({ by, ...(comment ? { comment } : {}) }),
        },
      );
      return { visitId: visit.id, next: 'end' };
    }
    case 'revision':
      return { visitId: visit.id, next: 'draftAgenda' };
    case 'minutesRecord':
      return { visitId: visit.id, next: 'draftMinutes' };
    case 'minutes': {
      if (decision === 'approve') {
        await deps.store.appendEvent(visit.id, { type: 'MINUTES_APPROVED', actor: by });
        return { visitId: visit.id, next: 'archive' };
      }
      visit = await turn(
        deps,
        visit,
        'MINUTES_CHANGES_REQUESTED',
        { type: 'MINUTES_CHANGES_REQUESTED', actor: by, data: { approvalId, comment } },
        now,
      );
      return awaitMinutes(visit, now);
    }
  }
}

/** MarkFailed: FAILED with the reason, recorded and told to the requester; a finished visit stays as it is. */
export async function failVisit(
  deps: Pick<Deps, 'store' | 'clock' | 'mailer' | 'compose'>,
  input: { visitId: string; error?: { Error?: string; Cause?: string } },
): Promise<{ visitId: string }> {
  const visit = await deps.store.getVisit(input.visitId);
  if (!visit || isFinal(visit.status)) return { visitId: input.visitId };
  const reason = `${input.error?.Error ?? 'Error'}: ${String(input.error?.Cause ?? '').slice(0, 300)}`;
  const failed = await moveTo(deps.store, visit, 'FAILED', { failureReason: reason }, deps.clock.now());
  await deps.store.appendEvent(visit.id, { type: 'FAILED', actor: SYSTEM, data: { reason } });
  await notice(deps, 'failed', failed, [requester(failed)], { comment: reason });
  return { visitId: visit.id };
}

/** An iCalendar invitation for an approved visit (all-day, Vietnam dates). */
export function calendarInvite(visit: Visit, host: Agency, visiting: Agency): string {
  const d = (s: string) => s.replaceAll('-', '');
  const end = new Date(Date.parse(`${visit.request.endDate}T00:00:00Z`) + 86_400_000)
    .toISOString()
    .slice(0, 10);
  const esc = (s: string) => s.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n');
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Exchange Visits//VI',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${visit.id}@exchange-visits`,
    `DTSTAMP:${visit.updatedAt.replace(/[-:]/g, '').slice(0, 15)}Z`,
    `DTSTART;VALUE=DATE:${d(visit.request.startDate)}`,
    `DTEND;VALUE=DATE:${d(end)}`,
    `SUMMARY:${esc(visit.request.title)}`,
    `LOCATION:${esc(visit.request.place)}`,
    `DESCRIPTION:${esc(`${visiting.name} — ${host.name}`)}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}
