/**
 * AwaitMinutes, the callback of the wait for the minutes: the host's secretary is asked, with reminders, to record
 * them through the signed-in form (no emailed link, so no link key and no document here).
 */

import type { WorkingCalendar } from '#domain/directory/calendar.ts';
import type { Deps, StepResult } from '#domain/lifecycle.ts';
import { waitFor } from '#domain/policy.ts';
import type { Visit } from '#domain/visit.ts';
import { assertWaitKind, openWait, type WaitInput } from './waiting.ts';

export async function awaitMinutes(
  deps: Pick<Deps, 'store' | 'clock' | 'mailer' | 'compose' | 'publicUrl' | 'directory'>,
  input: WaitInput,
): Promise<void> {
  assertWaitKind('AwaitMinutes', input.wait, ['minutesRecord']);
  await openWait(deps, input, {
    credentials: async () => ({ keyId: '', nonce: '', tokenHash: '' }),
    ask: async (visit) => ({ link: `${deps.publicUrl}/visits/${visit.id}/minutes` }),
  });
}

/** The way into AwaitMinutes: the wait for the next version of the minutes. */
export function toAwaitMinutes(visit: Visit, now: Date, calendar: WorkingCalendar): StepResult {
  const round = visit.minutesVersion + 1;
  return {
    visitId: visit.id,
    next: 'minutes',
    wait: waitFor(
      visit,
      {
        kind: 'minutesRecord',
        round,
        step: 0,
        role: 'secretary',
        reminders: 0,
        ...(visit.reschedules ? { schedule: visit.reschedules } : {}),
      },
      now,
      calendar,
    ),
  };
}
