/**
 * Decide: what a person's answer, or a wait's timeout, means for the visit and where the workflow goes next. The
 * lifecycle's rules are the two tables below — by the wait answered and the decision, and by what policy makes of
 * a timeout. Each rule is idempotent (it turns the visit through `turn`), so a retried Decide does the rest of what
 * its first attempt began and nothing twice.
 */
import type { Agency } from '#domain/agencies.ts';
import { currentHolder } from '#domain/approvals.ts';
import type { WorkingCalendar } from '#domain/directory/calendar.ts';
import { documentFilename } from '#domain/document-filename.ts';
import { DomainError } from '#domain/errors.ts';
import {
  agenciesOf,
  approvalIdFor,
  assertNotCancelled,
  type CallbackResult,
  calendarFor,
  contact,
  type Deps,
  FILE_TYPES,
  loadVisit,
  moveTo,
  type NoticeExtra,
  notice,
  requester,
  type StepResult,
  SYSTEM,
  turn,
} from '#domain/lifecycle.ts';
import { onTimeout, type TimeoutOutcome, type Wait, type WaitKind, waitFor } from '#domain/policy.ts';
import type { Decision } from '#domain/ports.ts';
import { type DocumentRecord, documentId, formatOf, type Visit } from '#domain/visit.ts';
import { toAwaitMinutes } from './await-minutes.ts';
import { type IssueDeps, issuePdf } from './issuing.ts';

type DecideDeps = Pick<Deps, 'store' | 'clock' | 'mailer' | 'compose' | 'documents' | 'directory'> &
  IssueDeps;

/**
 * What a rule decides on: the visit, the host as it is now (its chain read at step time), the wait that ended and
 * its approval — the one that decided, or for a timeout the one holding the wait (it may have moved to a substitute)
 * — and the working calendar the next deadline counts on.
 */
interface Situation {
  deps: DecideDeps;
  visit: Visit;
  host: Agency;
  wait: Wait;
  approvalId: string;
  now: Date;
  calendar: WorkingCalendar;
}

/** …and, for a decision, who decided and why (and, for a reschedule, the new dates). */
interface Answer extends Situation {
  by: string;
  comment?: string;
  dates?: { startDate: string; endDate: string };
}

type Rule<S> = (s: S) => Promise<StepResult>;

// ---------------------------------------------------------------------------------------------------------------
// the rules

/** Approval from an approver with another step after theirs: that step's approver is asked next. */
async function askNextApprover({ visit, wait, now, calendar }: Answer): Promise<StepResult> {
  const next = waitFor(
    visit,
    { kind: 'agenda', round: wait.round, step: wait.step + 1, role: 'approver', reminders: 0 },
    now,
    calendar,
  );
  return { visitId: visit.id, next: 'decision', wait: next };
}

/**
 * Approval from the chain's last step: the agenda is issued (its signed PDF/A copy made), APPROVED; the requester,
 * the contact and the host's secretary receive the approved agenda, editable and signed (and the composer's calendar
 * invitation); the secretary's wait for the minutes follows.
 */
async function approveVisit({
  deps,
  visit,
  host,
  wait,
  approvalId,
  now,
  by,
  calendar,
}: Answer): Promise<StepResult> {
  const issued = await issuePdf(deps, visit, 'agenda', wait.round);
  const attach = async (doc: DocumentRecord) => ({
    filename: documentFilename(doc, visit.id),
    contentType: FILE_TYPES[formatOf(doc)].contentType,
    content: await deps.documents.get(doc.key),
  });
  const extra = async (): Promise<NoticeExtra> => {
    const doc = await deps.store.getDocument(visit.id, documentId('agenda', wait.round));
    if (!doc) return { by, attachments: [] };
    return { by, documentNumber: doc.number, attachments: [await attach(doc), await attach(issued)] };
  };
  const approved = await turn(
    deps,
    visit,
    'APPROVED',
    { type: 'APPROVED', actor: by, data: { approvalId } },
    now,
    {
      kind: 'approved',
      to: [requester(visit), contact(visit), host.secretary],
      extra,
    },
  );
  return toAwaitMinutes(approved, now, calendar);
}

/** An agenda approval: the next step's approver, or, after the last step, the visit is approved. */
function approveAgenda(answer: Answer): Promise<StepResult> {
  const last = answer.wait.step + 1 >= answer.host.approvalChain.length;
  return last ? approveVisit(answer) : askNextApprover(answer);
}

/** Changes asked for on the agenda: CHANGES_REQUESTED, and the requester's wait to revise follows. */
async function requestChanges({
  deps,
  visit,
  wait,
  approvalId,
  now,
  by,
  comment,
  calendar,
}: Answer): Promise<StepResult> {
  const changed = await turn(
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
      changed,
      { kind: 'revision', round: wait.round, step: 0, role: 'requester', reminders: 0 },
      now,
      calendar,
    ),
  };
}

/** A rejected agenda: REJECTED, the requester and the contact are told why, and the visit ends. */
async function reject({ deps, visit, approvalId, now, by, comment }: Answer): Promise<StepResult> {
  await turn(deps, visit, 'REJECTED', { type: 'REJECTED', actor: by, data: { approvalId, comment } }, now, {
    kind: 'rejected',
    to: [requester(visit), contact(visit)],
    extra: async () => ({ by, ...(comment ? { comment } : {}) }),
  });
  return { visitId: visit.id, next: 'end' };
}

/** A revised request: the agenda is drafted again (its next version). */
async function redraftAgenda({ visit }: Answer): Promise<StepResult> {
  return { visitId: visit.id, next: 'draftAgenda' };
}

/** Recorded minutes: they are drafted (their next version). */
async function draftRecordedMinutes({ visit }: Answer): Promise<StepResult> {
  return { visitId: visit.id, next: 'draftMinutes' };
}

/** The chair's sign-off: the minutes are issued (their signed PDF/A copy made), and the visit goes to the archive. */
async function archiveSignedMinutes({ deps, visit, by }: Answer): Promise<StepResult> {
  await issuePdf(deps, visit, 'minutes', visit.minutesVersion);
  await deps.store.appendEvent(visit.id, { type: 'MINUTES_APPROVED', actor: by });
  return { visitId: visit.id, next: 'archive' };
}

/** Minutes sent back by the chair: MINUTES_CHANGES_REQUESTED, and the secretary's wait for the next version. */
async function sendMinutesBack({
  deps,
  visit,
  approvalId,
  now,
  by,
  comment,
  calendar,
}: Answer): Promise<StepResult> {
  const sentBack = await turn(
    deps,
    visit,
    'MINUTES_CHANGES_REQUESTED',
    { type: 'MINUTES_CHANGES_REQUESTED', actor: by, data: { approvalId, comment } },
    now,
  );
  return toAwaitMinutes(sentBack, now, calendar);
}

/**
 * The requester moved the dates while the wait was open: RESCHEDULED is recorded with the reason and both dates,
 * the visit takes the new dates (its schedule counts the reschedules), the requester, the contact, the host's
 * secretary and the person whose link closed are told, and the agenda is drafted again from the chain's first step.
 * Each part once: a retry finds the event and the notice in the log.
 */
async function reschedule({
  deps,
  visit,
  host,
  approvalId,
  now,
  by,
  comment,
  dates,
}: Answer): Promise<StepResult> {
  if (!dates)
    throw new DomainError('RESCHEDULE_WITHOUT_DATES', 500, {
      vi: 'Đổi lịch không kèm ngày mới',
      en: 'A reschedule came without its dates',
    });
  const log = await deps.store.listEvents(visit.id);
  const mine = (e: { data?: Record<string, unknown> }) => e.data?.approvalId === approvalId;
  const previous = { startDate: visit.request.startDate, endDate: visit.request.endDate };
  if (!log.some((e) => e.type === 'RESCHEDULED' && mine(e)))
    log.push(
      await deps.store.appendEvent(visit.id, {
        type: 'RESCHEDULED',
        actor: by,
        data: { approvalId, reason: comment ?? '', from: previous, to: dates, byName: visit.owner.name },
      }),
    );
  const made = log.filter((e) => e.type === 'RESCHEDULED');
  const from = (made.find(mine)?.data?.from as typeof previous | undefined) ?? previous;
  const moved = await moveTo(
    deps.store,
    visit,
    visit.status,
    { request: { ...visit.request, ...dates }, reschedules: made.length },
    now,
  );
  if (!log.some((e) => e.type === 'NOTICE_SENT' && e.data?.notice === 'rescheduled' && mine(e))) {
    const closed = await deps.store.getApproval(visit.id, approvalId);
    await notice(
      deps,
      'rescheduled',
      moved,
      [requester(visit), contact(visit), host.secretary, ...(closed ? [closed.person] : [])],
      { approvalId, ...(comment ? { comment } : {}), previousDates: from, byName: visit.owner.name },
    );
  }
  return { visitId: visit.id, next: 'draftAgenda' };
}

/** A reminder: the same wait again with one more reminder (the same link); REMINDER_DUE is recorded. */
async function remind({ deps, visit, wait, approvalId }: Situation, again: Wait): Promise<StepResult> {
  await deps.store.appendEvent(visit.id, {
    type: 'REMINDER_DUE',
    actor: SYSTEM,
    data: { approvalId, reminders: again.reminders },
  });
  return { visitId: visit.id, next: wait.kind === 'minutesRecord' ? 'minutes' : 'decision', wait: again };
}

/** An escalation: the approver's approval is superseded and the step's deputy is asked (a new link). */
async function escalate({ deps, visit, approvalId }: Situation, deputy: Wait): Promise<StepResult> {
  await deps.store.updateApproval(visit.id, approvalId, ['PENDING'], { status: 'SUPERSEDED' });
  await deps.store.appendEvent(visit.id, {
    type: 'ESCALATED',
    actor: SYSTEM,
    data: { from: approvalId, to: approvalIdFor(deputy) },
  });
  return { visitId: visit.id, next: 'decision', wait: deputy };
}

/** No answer in time, and none to come: EXPIRED, the requester, the contact and the host's secretary are told. */
async function expire({ deps, visit, host, approvalId, now }: Situation): Promise<StepResult> {
  await deps.store.updateApproval(visit.id, approvalId, ['PENDING', 'CLAIMED'], { status: 'EXPIRED' });
  await turn(deps, visit, 'EXPIRED', { type: 'EXPIRED', actor: SYSTEM, data: { approvalId } }, now, {
    kind: 'expired',
    to: [requester(visit), contact(visit), host.secretary],
  });
  return { visitId: visit.id, next: 'end' };
}

// ---------------------------------------------------------------------------------------------------------------
// the tables

/** What each decision means, by the wait it answers. A decision a wait does not offer is a fault. */
export const ON_DECISION: { [K in WaitKind]: Partial<Record<Decision, Rule<Answer>>> } = {
  agenda: { approve: approveAgenda, changes: requestChanges, reject, rescheduled: reschedule },
  revision: { revised: redraftAgenda, rescheduled: reschedule },
  minutesRecord: { recorded: draftRecordedMinutes, rescheduled: reschedule },
  minutes: { approve: archiveSignedMinutes, changes: sendMinutesBack },
};

/** What a timed-out wait turns into (policy's onTimeout says which). */
export const ON_TIMEOUT: {
  [A in TimeoutOutcome['action']]: (
    s: Situation,
    outcome: Extract<TimeoutOutcome, { action: A }>,
  ) => Promise<StepResult>;
} = {
  remind: (s, { wait }) => remind(s, wait),
  escalate: (s, { wait }) => escalate(s, wait),
  expire: (s) => expire(s),
};

export async function decide(
  deps: DecideDeps,
  input: { visitId: string; wait: Wait; decision?: CallbackResult; timeout?: unknown },
): Promise<StepResult> {
  const now = deps.clock.now();
  const { wait } = input;
  const visit = await loadVisit(deps.store, input.visitId);
  assertNotCancelled(visit);
  // REJECTED and EXPIRED go on: a retry after the status moved still owes the event or the notice
  if (visit.status === 'ARCHIVED' || visit.status === 'FAILED') return { visitId: visit.id, next: 'end' };
  const { host } = await agenciesOf(deps, visit, now);
  const calendar = await calendarFor(deps, now, visit.request.endDate);
  const holder = input.decision
    ? input.decision.approvalId
    : ((await currentHolder(deps.store, visit.id, approvalIdFor(wait)))?.id ?? approvalIdFor(wait));
  const situation: Situation = { deps, visit, host, wait, approvalId: holder, now, calendar };

  if (!input.decision) {
    const hasDeputy = wait.kind === 'agenda' && Boolean(host.approvalChain[wait.step]?.deputy);
    const outcome = onTimeout(visit, wait, hasDeputy, now, calendar);
    // the row of the outcome's own action, so the outcome is of the type that row takes
    const rule = ON_TIMEOUT[outcome.action] as (s: Situation, o: TimeoutOutcome) => Promise<StepResult>;
    return rule(situation, outcome);
  }

  const { decision, comment, by, dates } = input.decision;
  const rule = ON_DECISION[wait.kind]?.[decision];
  if (!rule)
    throw new DomainError('UNEXPECTED_DECISION', 500, {
      vi: `Quyết định ${decision} không dành cho bước chờ ${wait.kind}`,
      en: `A ${wait.kind} wait takes no decision ${decision}`,
    });
  return rule({
    ...situation,
    by,
    ...(comment !== undefined ? { comment } : {}),
    ...(dates !== undefined ? { dates } : {}),
  });
}
