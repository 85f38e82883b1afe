/**
 * "Việc cần xử lý": what waits on a signed-in person's agency, by role. Approvals waiting on the agency's leaders
 * (a visit it hosts in AWAITING_APPROVAL), requests it sent that were sent back for changes, the minutes its
 * secretaries record (a visit it hosts in AWAITING_MINUTES, from the visit's first day), and its open action items
 * due within a week or overdue. And the visit list's filter: a status and words to find.
 */
import { addDays } from './clock.ts';
import type { ActionItem } from './follow-up/items.ts';
import { foldForSearch } from './text.ts';
import type { Visit, VisitStatus } from './visit.ts';

/** How far ahead an open action item counts as due (days). */
export const ACTIONS_DUE_WITHIN_DAYS = 7;

export interface TodoUser {
  agencyId: string;
  roles: readonly string[];
}

export interface Todo {
  /** visits the agency hosts, waiting on its leaders' decisions */
  approvals: Visit[];
  /** requests the agency sent, sent back for changes (the requester revises through the mailed link) */
  revisions: Visit[];
  /** visits the agency hosts whose minutes its secretaries can record now */
  minutes: Visit[];
  /** the agency's open action items due within the week, or overdue */
  actions: ActionItem[];
}

export function todoOf(
  user: TodoUser,
  visits: readonly Visit[],
  openActions: readonly ActionItem[],
  today: string,
): Todo {
  const hosts = (v: Visit) => v.request.hostAgencyId === user.agencyId;
  const sends = (v: Visit) => v.request.visitingAgencyId === user.agencyId;
  const secretary = user.roles.includes('secretary');
  const staff = user.roles.includes('staff');
  const until = addDays(today, ACTIONS_DUE_WITHIN_DAYS);
  return {
    approvals: visits.filter((v) => hosts(v) && v.status === 'AWAITING_APPROVAL'),
    revisions: staff ? visits.filter((v) => sends(v) && v.status === 'CHANGES_REQUESTED') : [],
    minutes: secretary
      ? visits.filter(
          (v) =>
            hosts(v) &&
            (v.status === 'AWAITING_MINUTES' || v.status === 'MINUTES_CHANGES_REQUESTED') &&
            v.request.startDate <= today,
        )
      : [],
    actions: openActions
      .filter((a) => a.status === 'open' && a.due <= until)
      .sort((a, b) => a.due.localeCompare(b.due)),
  };
}

/** How many things wait in a to-do. */
export function todoCount(todo: Todo): number {
  return todo.approvals.length + todo.revisions.length + todo.minutes.length + todo.actions.length;
}

export interface VisitFilter {
  status?: VisitStatus;
  /** words to find in the title, the place or either agency's name (case and accents ignored) */
  search?: string;
}

/** Whether a visit passes the list's filter. */
export function visitMatches(visit: Visit, filter: VisitFilter): boolean {
  if (filter.status && visit.status !== filter.status) return false;
  const words = filter.search ? foldForSearch(filter.search) : '';
  if (!words) return true;
  const r = visit.request;
  const text = foldForSearch(
    [
      r.title,
      r.place,
      visit.agencies?.host.name,
      visit.agencies?.visiting.name,
      r.hostAgencyId,
      r.visitingAgencyId,
    ]
      .filter(Boolean)
      .join(' '),
  );
  return words.split(' ').every((w) => text.includes(w));
}
