/** The lifecycle's time rules: each wait's deadline, and what a timed-out wait turns into. */
import { describe, expect, it } from 'vitest';
import { shippedYear, workingCalendar } from '#domain/directory/calendar.ts';
import { onTimeout, POLICY, type Wait, waitFor } from '#domain/policy.ts';
import { seedRequest } from '#infra/local/seed-visit.ts';

const visit = { request: seedRequest('2030-08-24', '2030-08-25'), createdAt: '2030-07-20T01:00:00.000Z' };
const at = (iso: string) => new Date(iso);
/** 2030 has no announced holidays: weekends only. */
const CAL = workingCalendar([]);

function wait(kind: Wait['kind'], patch: Partial<Wait> = {}): Wait {
  const role = {
    agenda: 'approver',
    revision: 'requester',
    minutesRecord: 'secretary',
    minutes: 'chair',
  } as const;
  return waitFor(
    visit,
    { kind, round: 1, step: 0, role: role[kind], reminders: 0, ...patch },
    at('2030-08-01T01:00:00Z'),
    CAL,
  );
}

describe('the bound of an execution', () => {
  // requested on 10 January: 360 days later is 5 January of the next year, well inside Step Functions' year
  const long = { request: seedRequest('2030-10-20', '2031-01-02'), createdAt: '2030-01-10T00:00:00.000Z' };
  const BOUND = '2031-01-05T00:00:00.000Z';

  it("no wait runs past 360 days from the execution's start, and a timeout there expires the visit", () => {
    const minutes = waitFor(
      long,
      { kind: 'minutesRecord', round: 1, step: 0, role: 'secretary', reminders: 0 },
      at('2031-01-02T10:00:00Z'),
      CAL,
    );
    const chair = waitFor(
      long,
      { kind: 'minutes', round: 1, step: 0, role: 'chair', reminders: 0 },
      at('2031-01-04T00:00:00Z'),
      CAL,
    );

    expect(minutes.deadline).toBe(BOUND);
    expect(chair.deadline).toBe(BOUND);
    expect(onTimeout(long, minutes, false, at(BOUND), CAL)).toEqual({ action: 'expire' });
    expect(onTimeout(long, chair, false, at(BOUND), CAL)).toEqual({ action: 'expire' });
  });
});

describe('deadlines', () => {
  it('an approver has two working days, in seconds for the callback timeout: asked on a Thursday, due on Monday', () => {
    const w = waitFor(
      visit,
      { kind: 'agenda', round: 1, step: 0, role: 'approver', reminders: 0 },
      at('2030-08-01T01:00:00Z'),
      CAL,
    );

    expect(POLICY.approvalWorkingDays).toBe(2);
    expect(w.timeoutSeconds).toBe(4 * 24 * 3600);
    expect(w.deadline).toBe('2030-08-05T01:00:00.000Z');
  });

  it('working days skip public holidays: asked on the Friday before Tết 2026, due after the holiday week', () => {
    const tet = workingCalendar([shippedYear(2026)].filter((y) => y !== undefined));
    const w = waitFor(
      { request: seedRequest('2026-03-16'), createdAt: '2026-02-13T03:00:00.000Z' },
      { kind: 'agenda', round: 1, step: 0, role: 'approver', reminders: 0 },
      at('2026-02-13T03:00:00Z'),
      tet,
    );

    expect(w.deadline).toBe('2026-02-24T03:00:00.000Z');
  });

  it('an approval or a revision never runs past the start of the visit (00:00 in Vietnam)', () => {
    const late = at('2030-08-22T20:00:00Z');

    const agenda = waitFor(
      visit,
      { kind: 'agenda', round: 1, step: 0, role: 'approver', reminders: 0 },
      late,
      CAL,
    );
    const revision = waitFor(
      visit,
      { kind: 'revision', round: 1, step: 0, role: 'requester', reminders: 0 },
      late,
      CAL,
    );

    expect(agenda.deadline).toBe('2030-08-23T17:00:00.000Z');
    expect(revision.deadline).toBe('2030-08-23T17:00:00.000Z');
  });

  it('the requester has three working days to revise', () => {
    expect(wait('revision').deadline).toBe('2030-08-06T01:00:00.000Z');
  });

  it('the minutes are due at 17:00 Vietnam time five working days after the visit ends; reminders every three', () => {
    const reminder = waitFor(
      visit,
      { kind: 'minutesRecord', round: 1, step: 0, role: 'secretary', reminders: 1 },
      at('2030-08-30T10:00:00Z'),
      CAL,
    );

    expect(wait('minutesRecord').deadline).toBe('2030-08-30T10:00:00.000Z');
    expect(reminder.deadline).toBe('2030-09-04T10:00:00.000Z');
  });

  it('the chair has three working days to sign off', () => {
    expect(wait('minutes').deadline).toBe('2030-08-06T01:00:00.000Z');
  });

  it('a deadline already passed still leaves a minute for the notice to go out', () => {
    const w = waitFor(
      visit,
      { kind: 'agenda', round: 1, step: 0, role: 'approver', reminders: 0 },
      at('2030-08-24T00:00:00Z'),
      CAL,
    );

    expect(w.timeoutSeconds).toBe(POLICY.minimumSeconds);
    expect(Date.parse(w.deadline) - Date.parse('2030-08-24T00:00:00Z')).toBe(60_000);
  });
});

describe('timeouts', () => {
  const now = at('2030-08-03T01:00:00Z');

  it.each([
    ['an approver, reminded fewer than twice', wait('agenda', { reminders: 1 }), true, 'remind'],
    ['an approver reminded twice, with a deputy', wait('agenda', { reminders: 2 }), true, 'escalate'],
    ['an approver reminded twice, without a deputy', wait('agenda', { reminders: 2 }), false, 'expire'],
    ['a deputy', wait('agenda', { role: 'deputy' }), true, 'expire'],
    ['a revision not yet reminded', wait('revision'), false, 'remind'],
    ['a revision reminded once', wait('revision', { reminders: 1 }), false, 'expire'],
    ['minutes reminded twice', wait('minutesRecord', { reminders: 2 }), false, 'remind'],
    ['minutes reminded three times', wait('minutesRecord', { reminders: 3 }), false, 'expire'],
    ['a sign-off reminded once', wait('minutes', { reminders: 1 }), false, 'remind'],
    ['a sign-off reminded twice', wait('minutes', { reminders: 2 }), false, 'expire'],
  ])('%s: %s', (_, w, hasDeputy, action) => {
    expect(onTimeout(visit, w, hasDeputy, now, CAL).action).toBe(action);
  });

  it('a reminder is the same wait with one more reminder and a fresh deadline', () => {
    const outcome = onTimeout(visit, wait('agenda'), true, now, CAL);

    // reminded on a Saturday: Monday and Tuesday are its two working days
    expect(outcome).toEqual({
      action: 'remind',
      wait: {
        ...wait('agenda'),
        reminders: 1,
        timeoutSeconds: 3 * 24 * 3600,
        deadline: '2030-08-06T01:00:00.000Z',
      },
    });
  });

  it('an escalation waits for the deputy, from no reminders', () => {
    const outcome = onTimeout(visit, wait('agenda', { reminders: 2 }), true, now, CAL);

    expect(outcome).toMatchObject({ action: 'escalate', wait: { role: 'deputy', reminders: 0 } });
  });

  it('once the visit has started an approval or a revision expires, reminders left or not', () => {
    const started = at('2030-08-23T17:00:00Z');

    expect(onTimeout(visit, wait('agenda'), true, started, CAL).action).toBe('expire');
    expect(onTimeout(visit, wait('revision'), false, started, CAL).action).toBe('expire');
    expect(onTimeout(visit, wait('minutesRecord'), false, started, CAL).action).toBe('remind');
  });
});
