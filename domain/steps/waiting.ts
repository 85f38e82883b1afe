/**
 * What AwaitDecision and AwaitMinutes share, the callback of a waiting state: make (or refresh) the approval that
 * holds the task token, move the visit to its waiting status, and send the notice once per reminder — the same
 * link again for a reminder. How the person is reached (an emailed link, or the signed-in form) is each step's.
 *
 * An agenda approver away (a substitute holds for them in the directory) is not asked: a new approval goes to the
 * substitute, and an open one moves to the substitute at its next reminder (actions/move-approval.ts). Reminders
 * go to whoever holds the approval now.
 */
import type { Agency, Person } from '#domain/agencies.ts';
import { currentHolder } from '#domain/approvals.ts';
import { vietnamDate } from '#domain/clock.ts';
import { substituteFor } from '#domain/directory/substitutes.ts';
import { DomainError } from '#domain/errors.ts';
import {
  agenciesOf,
  approvalIdFor,
  assertNotCancelled,
  cancelledBy,
  type Deps,
  loadVisit,
  moveTo,
  type NoticeExtra,
  notice,
  SYSTEM,
} from '#domain/lifecycle.ts';
import { type Wait, type WaitKind, workingDaysFor } from '#domain/policy.ts';
import type { Approval, NoticeKind } from '#domain/ports.ts';
import { isFinal, type Visit, type VisitStatus } from '#domain/visit.ts';

/** The callback's input: the visit, the wait being entered and the task token the person's answer settles. */
export interface WaitInput {
  visitId: string;
  wait: Wait;
  taskToken: string;
}

/** How a waiting state reaches its person. */
export interface Reach {
  /** the link of a new approval: key id, nonce and the token's hash ('' each where there is no link) */
  credentials(visitId: string, approvalId: string): Promise<Pick<Approval, 'keyId' | 'nonce' | 'tokenHash'>>;
  /** what the notice carries: the link, and for a document to decide on its number and the document itself */
  ask(
    visit: Visit,
    approval: Approval,
    wait: Wait,
  ): Promise<Pick<NoticeExtra, 'link' | 'documentNumber' | 'attachments'>>;
  /** moves an open approval to a substitute (agenda approvals only; absent where nothing is substituted) */
  move?(approval: Approval, to: Person, reason: string): Promise<void>;
}

const WAITING: Partial<Record<WaitKind, VisitStatus>> = {
  agenda: 'AWAITING_APPROVAL',
  minutesRecord: 'AWAITING_MINUTES',
  minutes: 'AWAITING_MINUTES_APPROVAL',
};

/** Who a wait waits for: the chain's approver (or deputy), the requester, the host's secretary, the chair. */
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

/** The notice a wait sends: the first request, a reminder, or (for a deputy) an escalation. */
function noticeKind(wait: Wait, visit: Visit): NoticeKind {
  const reminder = wait.reminders > 0;
  switch (wait.kind) {
    case 'agenda':
      return reminder ? 'approvalReminder' : wait.role === 'deputy' ? 'escalation' : 'approvalRequest';
    case 'revision':
      return reminder ? 'revisionReminder' : 'revisionRequest';
    case 'minutesRecord':
      return reminder ? 'minutesReminder' : visit.minutesVersion > 0 ? 'minutesChanges' : 'minutesRequest';
    case 'minutes':
      return reminder ? 'minutesSignoffReminder' : 'minutesSignoff';
  }
}

/** A step refuses a wait that is not its own (the workflow routes each kind to one state). */
export function assertWaitKind(step: string, wait: Wait, kinds: readonly WaitKind[]): void {
  if (!kinds.includes(wait.kind))
    throw new DomainError('WRONG_WAIT', 500, {
      vi: `${step} không chờ loại ${wait.kind}`,
      en: `${step} does not wait for ${wait.kind}`,
    });
}

/** Opens (or, for a reminder or a retry, refreshes) the wait and tells its person, once per reminder. */
export async function openWait(
  deps: Pick<Deps, 'store' | 'clock' | 'mailer' | 'compose' | 'directory'>,
  input: WaitInput,
  reach: Reach,
): Promise<void> {
  const { wait, taskToken } = input;
  const now = deps.clock.now();
  let visit = await loadVisit(deps.store, input.visitId);
  assertNotCancelled(visit);
  if (isFinal(visit.status)) return;
  const { host } = await agenciesOf(deps, visit, now);
  const away = async (email: string) =>
    wait.kind === 'agenda' && reach.move
      ? substituteFor((await deps.directory.agency(host.id))?.substitutes, email, vietnamDate(now))
      : undefined;
  const due = personFor(visit, host, wait);
  const standIn = await away(due.email);
  const person = standIn ? standIn.substitute : due;
  const id = approvalIdFor(wait);
  const existing = await currentHolder(deps.store, visit.id, id);
  let approval: Approval;
  if (!existing) {
    approval = {
      visitId: visit.id,
      id,
      kind: wait.kind,
      step: wait.step,
      role: wait.role,
      person,
      ...(await reach.credentials(visit.id, id)),
      status: 'PENDING',
      taskToken,
      expiresAt: wait.deadline,
      reminders: wait.reminders,
      ...(wait.kind === 'agenda' || wait.kind === 'minutes'
        ? { documentId: `${wait.kind}-v${wait.round}` }
        : {}),
      createdAt: now.toISOString(),
    };
    await deps.store.putApproval(approval);
  } else {
    const refreshed = await deps.store.updateApproval(visit.id, existing.id, ['PENDING', 'CLAIMED'], {
      taskToken,
      expiresAt: wait.deadline,
      reminders: wait.reminders,
    });
    if (!refreshed) return; // decided or closed meanwhile: the execution hears from that path
    approval = refreshed;
  }

  // a cancel that recorded the visit meanwhile did not see this approval: it is closed here, and the wait ends
  const latest = await loadVisit(deps.store, visit.id);
  if (latest.status === 'CANCELLED') {
    await deps.store.updateApproval(visit.id, approval.id, ['PENDING', 'CLAIMED'], {
      status: 'CANCELLED',
      closed: { cause: 'cancel', by: latest.cancellation?.by ?? SYSTEM, ...cancelledBy(latest) },
      leaseUntil: undefined,
    });
    assertNotCancelled(latest);
  }
  const status = WAITING[wait.kind];
  if (status) visit = await moveTo(deps.store, latest, status, {}, now);

  // its holder went away since it was asked: it moves to the substitute, who is asked at once
  const gone = approval.status === 'PENDING' && reach.move ? await away(approval.person.email) : undefined;
  if (gone && reach.move) return reach.move(approval, gone.substitute, gone.reason);

  // one notice per (approval, reminder): a retried callback finds it recorded and does not mail again
  if ((approval.noticesSent ?? -1) >= wait.reminders) return;
  const kind = noticeKind(wait, visit);
  const asked = await reach.ask(visit, approval, wait);
  // the approver's comment goes with a request for changes; only those notices read it
  const withComment = kind === 'revisionRequest' || kind === 'minutesChanges';
  const lastComment = withComment
    ? (await deps.store.listApprovals(visit.id))
        .filter((a) => a.status === 'DECIDED' && a.comment)
        .sort((a, b) => (a.decidedAt ?? '').localeCompare(b.decidedAt ?? ''))
        .pop()?.comment
    : undefined;
  await notice(deps, kind, visit, [approval.person], {
    ...asked,
    deadline: wait.deadline,
    workingDays: workingDaysFor(wait),
    ...(lastComment ? { comment: lastComment } : {}),
  });
  await deps.store.updateApproval(visit.id, approval.id, ['PENDING', 'CLAIMED', 'DECIDED'], {
    noticesSent: wait.reminders,
    mailedAt: deps.clock.now().toISOString(),
  });
}
