/** DraftMinutes: the minutes DOCX from what the secretary recorded; the chair's sign-off wait follows. */
import type { Agency } from '#domain/agencies.ts';
import { DomainError } from '#domain/errors.ts';
import { calendarFor, type Deps, type StepResult } from '#domain/lifecycle.ts';
import { waitFor } from '#domain/policy.ts';
import type { MinutesRecord, VisitRequest } from '#domain/visit.ts';
import { draft } from './drafting.ts';

export type RenderMinutes = (input: {
  request: VisitRequest;
  minutes: MinutesRecord;
  host: Agency;
  visiting: Agency;
  number: number;
  version: number;
}) => Promise<Uint8Array>;

export async function draftMinutes(
  deps: Pick<Deps, 'store' | 'documents' | 'clock' | 'directory'>,
  visitId: string,
  render: RenderMinutes,
  templateVersion: string,
): Promise<StepResult> {
  const now = deps.clock.now();
  const { visit, version } = await draft(
    deps,
    visitId,
    'minutes',
    (visit, host, visiting, number, version) => {
      if (!visit.minutes)
        throw new DomainError('MINUTES_MISSING', 500, { vi: 'Chưa có biên bản', en: 'No minutes recorded' });
      return render({ request: visit.request, minutes: visit.minutes, host, visiting, number, version });
    },
    templateVersion,
    now,
  );
  return {
    visitId,
    next: 'decision',
    wait: waitFor(
      visit,
      { kind: 'minutes', round: version, step: 0, role: 'chair', reminders: 0 },
      now,
      await calendarFor(deps, now, visit.request.endDate),
    ),
  };
}
