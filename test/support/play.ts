/**
 * Plays the seed visit through the local runtime as the people would, from the request to the archived minutes:
 * the requester submits, both approvers approve through their mailed links, the clock moves to the visit's day,
 * the host secretary records the minutes and the chair signs them off.
 */
import type { MinutesRecord, VisitRequest } from '#domain/visit.ts';
import { type Client, linkPath } from '#infra/local/client.ts';
import { seedMinutes, seedRequest } from '#infra/local/seed-visit.ts';
import { dateAfter, PEOPLE } from './people.ts';

export interface Played {
  visitId: string;
  /** the visit's start date, YYYY-MM-DD */
  startDate: string;
}

export interface PlayOptions {
  /** days from the application clock's now to the visit (30) */
  daysAhead?: number;
  /** the request (the seed's) for a start date */
  request?: (startDate: string) => VisitRequest;
  /** the minutes (the seed's) for a start date */
  minutes?: (startDate: string) => MinutesRecord;
}

async function approveNext(client: Client, to: string, subject: RegExp, after: number): Promise<void> {
  const mail = await client.waitForMail(to, subject, after);
  const res = await client.request('POST', linkPath(mail, '/approve/'), { form: { decision: 'approve' } });
  if (res.status !== 200) throw new Error(`approving as ${to} answered ${res.status}`);
}

/**
 * Drives one visit, starting `daysAhead` days after the application clock's now, to AWAITING_MINUTES, and moves
 * the clock to noon of the visit's day: the host secretary can record the minutes.
 */
export async function playToMinutes(client: Client, opts: PlayOptions = {}): Promise<Played> {
  const now = await client.clock({ advanceDays: 0 });
  const startDate = dateAfter(now, opts.daysAhead ?? 30);
  let mark = (await client.outbox()).length;
  const submitted = await client.request<{ id: string }>('POST', '/visits', {
    as: PEOPLE.requester,
    body: (opts.request ?? seedRequest)(startDate),
  });
  if (submitted.status !== 201) throw new Error(`submitting answered ${submitted.status}`);
  const visitId = submitted.body.id;
  await approveNext(client, PEOPLE.approver1, /phê duyệt|approval/i, mark);
  mark = (await client.outbox()).length;
  await approveNext(client, PEOPLE.approver2, /phê duyệt|approval/i, mark);
  await client.waitForStatus(visitId, PEOPLE.requester, 'AWAITING_MINUTES');
  await client.clock({ now: `${startDate}T12:00:00+07:00` });
  return { visitId, startDate };
}

/** Drives one visit, starting `daysAhead` days after the application clock's now, to ARCHIVED. */
export async function playToArchive(client: Client, opts: PlayOptions = {}): Promise<Played> {
  const played = await playToMinutes(client, opts);
  const mark = (await client.outbox()).length;
  const minutes = await client.request('POST', `/visits/${played.visitId}/minutes`, {
    as: PEOPLE.secretary,
    body: (opts.minutes ?? seedMinutes)(played.startDate),
  });
  if (minutes.status !== 201) throw new Error(`recording the minutes answered ${minutes.status}`);
  await approveNext(client, PEOPLE.chair, /biên bản|minutes/i, mark);
  await client.waitForStatus(played.visitId, PEOPLE.requester, 'ARCHIVED');
  return played;
}
