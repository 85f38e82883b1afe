/**
 * Action items followed until done. When the minutes are archived, each of their actions (who does what by when,
 * "Phân công thực hiện") becomes an item of its own beside the visit; the archived minutes never change. An item is
 * open or done; each of its steps is an event of the visit's hash chain (ACTION_CREATED, ACTION_MAILED,
 * ACTION_REMINDED, ACTION_DONE, ACTION_REOPENED), so the archive's verify covers them.
 *
 * An owner with mail gets their link at once (the `assigned` turn), a reminder three days before the due date and
 * one on it, then one a week while overdue, four at most; a reopened item tells its owner (the `reopened` turn).
 * Turns fall at 08:00 Vietnam time on their day and are counted in calendar days on the application clock. An item
 * keeps the instant of its next turn (`nextAt`): that is what the reminder sweep's index is ordered by, so a sweep
 * reads only the items whose turn has come.
 */
import { type Clock, startOfVietnamDay, vietnamDate } from '#domain/clock.ts';
import { type FieldErrors, ValidationError } from '#domain/errors.ts';
import { plainInput } from '#domain/input.ts';
import type { Language } from '#domain/visit.ts';

export const REMINDERS = {
  /** the first reminder, this many days before the due date */
  beforeDays: 3,
  /** the hour of the day (Vietnam time) a reminder's turn falls on */
  hour: 8,
  /** while overdue, one reminder every so many days … */
  overdueEveryDays: 7,
  /** … and no more than this many */
  overdueReminders: 4,
} as const;

/** How long a note (what was done, or why an item is reopened) may be. */
export const NOTE_MAX = 2000;

export type ActionStatus = 'open' | 'done';

/** What an item's mail is: its link (`assigned`), its reopening, or a reminder before, on or after the due date. */
export type TurnKind = 'assigned' | 'reopened' | 'before' | 'due' | 'overdue';

export interface Turn {
  kind: TurnKind;
  /** ISO instant the turn falls on */
  at: string;
  /** the overdue reminder's ordinal, 1 … 4 */
  n?: number;
}

/** One action of the archived minutes, followed until done (SK = ACTION#<id> under its visit). */
export interface ActionItem {
  visitId: string;
  /** a1, a2, … in the order the minutes list the actions */
  id: string;
  task: string;
  /** the owner as the minutes write them (a unit or a person) */
  owner: string;
  /** the owner's mail, when they have one: their link and reminders go there */
  ownerEmail?: string;
  /** the owner's name and agency, as the organisation knows the person (their mail greets them by it) */
  ownerName?: string;
  ownerAgencyId?: string;
  /** YYYY-MM-DD */
  due: string;
  status: ActionStatus;
  /** the visit's agencies, title and language, so an agency's list and an item's mail read no visit */
  hostAgencyId: string;
  visitingAgencyId: string;
  visitTitle: string;
  language: Language;
  doneAt?: string;
  /** who marked it done: the owner's email (through the link) or the host secretary's */
  doneBy?: string;
  /** their name, as it was then */
  doneByName?: string;
  note?: string;
  reopenedAt?: string;
  reopenedBy?: string;
  reopenNote?: string;
  /** the owner's link: only its random part and key id are kept, and the sha256 of the whole token */
  keyId?: string;
  nonce?: string;
  tokenHash?: string;
  /** a notice due at once (the link, or the reopening), from the instant given */
  pending?: { kind: 'assigned' | 'reopened'; at: string };
  /** reminders falling at or before this instant are handled (sent, or passed over as stale) */
  remindedThrough?: string;
  /** reminders sent so far */
  reminders: number;
  /** the instant of the next turn; absent when none will come (done, no mail, reminders spent) */
  nextAt?: string;
  /** held while a turn's mail is sent, and while a person's answer is recorded (domain/claim.ts) */
  turnLease?: string;
  answerLease?: string;
  /** optimistic lock: 1 when created, one more on each write */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** The id of the action at `index` (0-based) of the minutes. */
export const actionId = (index: number): string => `a${index + 1}`;

/** The reminders of a due date: three days before, on the day, then weekly while overdue (four). */
export function reminderTurns(due: string): Turn[] {
  const at = (plusDays: number) =>
    new Date(startOfVietnamDay(due, plusDays).getTime() + REMINDERS.hour * 3_600_000).toISOString();
  const turns: Turn[] = [
    { kind: 'before', at: at(-REMINDERS.beforeDays) },
    { kind: 'due', at: at(0) },
  ];
  for (let n = 1; n <= REMINDERS.overdueReminders; n++)
    turns.push({ kind: 'overdue', at: at(n * REMINDERS.overdueEveryDays), n });
  return turns;
}

function followed(item: ActionItem): boolean {
  return item.status === 'open' && Boolean(item.ownerEmail);
}

/** The next turn of an item, whenever it falls; undefined when none will come. */
export function nextTurn(item: ActionItem): Turn | undefined {
  if (!followed(item)) return undefined;
  if (item.pending) return { kind: item.pending.kind, at: item.pending.at };
  const through = item.remindedThrough ?? '';
  return reminderTurns(item.due).find((t) => t.at > through);
}

/**
 * The turn to take now: a pending notice first; else the latest reminder whose instant has come, passing over the
 * older ones (a clock that jumped, a sweep that was down): a reminder three days ahead is no use on the due date.
 */
export function turnDue(item: ActionItem, now: Date): Turn | undefined {
  if (!followed(item)) return undefined;
  const at = now.toISOString();
  if (item.pending)
    return item.pending.at <= at ? { kind: item.pending.kind, at: item.pending.at } : undefined;
  const through = item.remindedThrough ?? '';
  return reminderTurns(item.due)
    .filter((t) => t.at > through && t.at <= at)
    .pop();
}

/** The item once `turn` went out at `now`: what it handled, and when its next turn falls. */
export function afterTurn(item: ActionItem, turn: Turn, now: Date): ActionItem {
  const handled = turn.kind === 'assigned' || turn.kind === 'reopened' ? now.toISOString() : turn.at;
  const next: ActionItem = {
    ...item,
    pending: undefined,
    remindedThrough: handled > (item.remindedThrough ?? '') ? handled : item.remindedThrough,
    reminders: item.reminders + (turn.kind === 'assigned' || turn.kind === 'reopened' ? 0 : 1),
  };
  return { ...next, nextAt: nextTurn(next)?.at };
}

/** Open and past its due date (the due date itself is not overdue), in Vietnam dates. */
export function isOverdue(item: Pick<ActionItem, 'status' | 'due'>, now: Date): boolean {
  return item.status === 'open' && item.due < vietnamDate(now);
}

/** What the JSON routes answer for an item (no link, no lease, no internal keys). */
export function actionView(item: ActionItem, clock: Clock) {
  return {
    id: item.id,
    visitId: item.visitId,
    visitTitle: item.visitTitle,
    task: item.task,
    owner: item.owner,
    ...(item.ownerEmail ? { ownerEmail: item.ownerEmail } : {}),
    due: item.due,
    status: item.status,
    overdue: isOverdue(item, clock.now()),
    ...(item.status === 'done'
      ? { doneAt: item.doneAt, ...(item.doneBy ? { doneBy: item.doneBy } : {}), note: item.note }
      : {}),
    ...(item.status === 'open' && item.reopenedAt
      ? { reopenedAt: item.reopenedAt, reopenNote: item.reopenNote }
      : {}),
    reminders: item.reminders,
    ...(item.nextAt ? { nextReminderAt: item.nextAt } : {}),
  };
}

/** The note a person writes when marking an item done or reopening it: required, at most NOTE_MAX characters. */
export function readNote(input: unknown): string {
  const raw = input && typeof input === 'object' ? (input as Record<string, unknown>).note : undefined;
  const note = typeof raw === 'string' ? (plainInput(raw) as string).trim() : '';
  const fields: FieldErrors = {};
  if (raw !== undefined && typeof raw !== 'string')
    fields.note = { vi: 'sai kiểu dữ liệu', en: 'has the wrong type' };
  else if (note === '') fields.note = { vi: 'bắt buộc nhập', en: 'is required' };
  else if (note.length > NOTE_MAX)
    fields.note = { vi: `tối đa ${NOTE_MAX} ký tự`, en: `at most ${NOTE_MAX} characters` };
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  return note;
}
