/**
 * The lifecycle's time rules: how long each waiting state lasts, how many reminders, when a wait escalates or
 * expires. People's deadlines count working days on the directory's calendar (weekends, public holidays and Tết
 * off, make-up days on), at the same time of day; every deadline is measured on the application clock and turned
 * into a callback timeout in seconds (TimeoutSecondsPath), never a long Wait state.
 */
import { startOfVietnamDay, vietnamDate } from './clock.ts';
import { addWorkingDays, type WorkingCalendar, workingDayAfter } from './directory/calendar.ts';
import type { Visit } from './visit.ts';

export const POLICY = {
  /** working days each approver (and then the deputy) has per round */
  approvalWorkingDays: 2,
  /** reminders to the same approver before escalating to the step's deputy */
  approvalReminders: 2,
  /** working days the requester has to revise after "changes", with one reminder */
  revisionWorkingDays: 3,
  revisionReminders: 1,
  /** minutes are due this many working days after the visit ends, at 17:00 Vietnam time */
  minutesDueWorkingDays: 5,
  minutesReminderWorkingDays: 3,
  minutesReminders: 3,
  /** the chair's sign-off: working days, and reminders */
  chairWorkingDays: 3,
  chairReminders: 2,
  /** no wait is shorter than this, so a deadline already due still lets the notice go out */
  minimumSeconds: 60,
  /** a visit starts at most this many days after it is requested (checked on submit, on revision and on reschedule) */
  startWithinDays: 300,
  /**
   * no wait runs past this many days from the execution's start, and a wait timing out there expires the visit:
   * Step Functions ends a Standard execution after a year, and no execution may meet that end
   */
  executionDays: 360,
  /** minutes after a link was last mailed before it may be resent */
  resendAfterMinutes: 10,
} as const;

const DAY_MS = 86_400_000;

/** The last date (Vietnam time) a visit requested at `requestedAt` may start on. */
export function latestStart(requestedAt: Date): string {
  return vietnamDate(new Date(requestedAt.getTime() + POLICY.startWithinDays * DAY_MS));
}

/**
 * The instant no wait of the visit may run past: `executionDays` after it was requested (its execution starts
 * just after; one started later, by a retry or the sweep, only has more room).
 */
function executionBound(visit: Pick<Visit, 'createdAt'>): number {
  return Date.parse(visit.createdAt) + POLICY.executionDays * DAY_MS;
}

export type WaitKind = 'agenda' | 'revision' | 'minutesRecord' | 'minutes';
export type WaitRole = 'approver' | 'deputy' | 'requester' | 'secretary' | 'chair';

/** The waiting state the workflow is in (or about to enter): carried in the execution's state. */
export interface Wait {
  kind: WaitKind;
  /** the agenda or minutes version this wait is about */
  round: number;
  /** index in the host agency's approval chain (agenda); 0 otherwise */
  step: number;
  role: WaitRole;
  reminders: number;
  /** the callback state's timeout, from the application clock */
  timeoutSeconds: number;
  /** ISO instant the timeout falls on */
  deadline: string;
  /**
   * the visit's schedule the wait belongs to (how many times its dates had moved; absent: never): a wait of a new
   * schedule makes an approval of its own even where its kind, round and step repeat (the minutes after a reschedule)
   */
  schedule?: number;
}

function seconds(untilMs: number, now: Date): number {
  return Math.max(POLICY.minimumSeconds, Math.ceil((untilMs - now.getTime()) / 1000));
}

/** An approval round never runs past the start of the visit. */
function visitStartMs(visit: Pick<Visit, 'request'>): number {
  return startOfVietnamDay(visit.request.startDate).getTime();
}

/** The working days a person has to answer a wait (the notice says them). */
export function workingDaysFor(w: Pick<Wait, 'kind' | 'reminders'>): number {
  switch (w.kind) {
    case 'agenda':
      return POLICY.approvalWorkingDays;
    case 'revision':
      return POLICY.revisionWorkingDays;
    case 'minutesRecord':
      return w.reminders === 0 ? POLICY.minutesDueWorkingDays : POLICY.minutesReminderWorkingDays;
    case 'minutes':
      return POLICY.chairWorkingDays;
  }
}

/** The wait `w` entered at `now`: its deadline by its kind, and never past the execution's bound. */
export function waitFor(
  visit: Pick<Visit, 'request' | 'createdAt'>,
  w: Omit<Wait, 'timeoutSeconds' | 'deadline'>,
  now: Date,
  calendar: WorkingCalendar,
): Wait {
  const t = now.getTime();
  const after = (days: number) => addWorkingDays(calendar, now, days).getTime();
  let until: number;
  switch (w.kind) {
    case 'agenda':
      until = Math.min(after(POLICY.approvalWorkingDays), visitStartMs(visit));
      break;
    case 'revision':
      until = Math.min(after(POLICY.revisionWorkingDays), visitStartMs(visit));
      break;
    case 'minutesRecord': {
      const dueDate = workingDayAfter(calendar, visit.request.endDate, POLICY.minutesDueWorkingDays);
      const due = startOfVietnamDay(dueDate).getTime() + 17 * 3600_000;
      until = w.reminders === 0 ? due : after(POLICY.minutesReminderWorkingDays);
      break;
    }
    case 'minutes':
      until = after(POLICY.chairWorkingDays);
      break;
  }
  const timeoutSeconds = seconds(Math.min(until, executionBound(visit)), now);
  return { ...w, timeoutSeconds, deadline: new Date(t + timeoutSeconds * 1000).toISOString() };
}

/** Whether the visit has started: past that, an agenda wait expires instead of reminding. */
export function visitStarted(visit: Pick<Visit, 'request'>, now: Date): boolean {
  return now.getTime() >= visitStartMs(visit);
}

export type TimeoutOutcome =
  | { action: 'remind'; wait: Wait }
  | { action: 'escalate'; wait: Wait }
  | { action: 'expire' };

/**
 * What a timed-out wait turns into: a reminder (same link), an escalation to the deputy (new link), or expiry;
 * always expiry once the execution's bound is reached.
 */
export function onTimeout(
  visit: Pick<Visit, 'request' | 'createdAt'>,
  wait: Wait,
  hasDeputy: boolean,
  now: Date,
  calendar: WorkingCalendar,
): TimeoutOutcome {
  if (now.getTime() >= executionBound(visit)) return { action: 'expire' };
  const next = (patch: Partial<Wait>) => waitFor(visit, { ...wait, ...patch }, now, calendar);
  switch (wait.kind) {
    case 'agenda':
      if (visitStarted(visit, now)) return { action: 'expire' };
      if (wait.role === 'approver' && wait.reminders < POLICY.approvalReminders)
        return { action: 'remind', wait: next({ reminders: wait.reminders + 1 }) };
      if (wait.role === 'approver' && hasDeputy)
        return { action: 'escalate', wait: next({ role: 'deputy', reminders: 0 }) };
      return { action: 'expire' };
    case 'revision':
      if (visitStarted(visit, now) || wait.reminders >= POLICY.revisionReminders) return { action: 'expire' };
      return { action: 'remind', wait: next({ reminders: wait.reminders + 1 }) };
    case 'minutesRecord':
      if (wait.reminders >= POLICY.minutesReminders) return { action: 'expire' };
      return { action: 'remind', wait: next({ reminders: wait.reminders + 1 }) };
    case 'minutes':
      if (wait.reminders >= POLICY.chairReminders) return { action: 'expire' };
      return { action: 'remind', wait: next({ reminders: wait.reminders + 1 }) };
  }
}
