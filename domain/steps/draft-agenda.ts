/** DraftAgenda: the agenda DOCX, version n, from the request; the first approver's wait follows. */
import type { Agency } from '#domain/agencies.ts';
import { vietnamDate } from '#domain/clock.ts';
import { calendarFor, type Deps, type StepResult } from '#domain/lifecycle.ts';
import { waitFor } from '#domain/policy.ts';
import type { VisitRequest } from '#domain/visit.ts';
import { draft } from './drafting.ts';

export type RenderAgenda = (input: {
  request: VisitRequest;
  host: Agency;
  visiting: Agency;
  number: number;
  issuedOn: string;
  version: number;
}) => Promise<Uint8Array>;

export async function draftAgenda(
  deps: Pick<Deps, 'store' | 'documents' | 'clock' | 'directory'>,
  visitId: string,
  render: RenderAgenda,
  templateVersion: string,
): Promise<StepResult> {
  const now = deps.clock.now();
  const { visit, version } = await draft(
    deps,
    visitId,
    'agenda',
    (visit, host, visiting, number, version, now) =>
      render({ request: visit.request, host, visiting, number, issuedOn: vietnamDate(now), version }),
    templateVersion,
    now,
  );
  return {
    visitId,
    next: 'decision',
    wait: waitFor(
      visit,
      { kind: 'agenda', round: version, step: 0, role: 'approver', reminders: 0 },
      now,
      await calendarFor(deps, now, visit.request.endDate),
    ),
  };
}
