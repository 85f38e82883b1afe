/**
 * Plays the seed visit through the local runtime as the people would, from the request to the archived minutes:
 * the requester submits, both approvers approve through their mailed links, the clock moves to the visit's day,
 * the host secretary records the minutes and the chair signs them off. `era: 2024` plays the real 2024 visit
 * instead, with the clock moved back to August 2024 and the 2024 bodies' people (for the archive's history).
 */
import { type Client, linkPath } from '#infra/local/client.ts';
import {
  PEOPLE_2024,
  seedMinutes,
  seedRequest,
  VISIT_2024_DATE,
  visit2024Minutes,
  visit2024Request,
} from '#infra/local/seed-visit.ts';
import { dateAfter, PEOPLE } from './people.ts';

export interface Played {
  visitId: string;
  /** the visit's start date, YYYY-MM-DD */
  startDate: string;
}

async function approveNext(client: Client, to: string, subject: RegExp, after: number): Promise<void> {
  const mail = await client.waitForMail(to, subject, after);
  const res = await client.request('POST', linkPath(mail, '/approve/'), { form: { decision: 'approve' } });
  if (res.status !== 200) throw new Error(`approving as ${to} answered ${res.status}`);
}

/**
 * Drives one visit, starting `daysAhead` days after the application clock's now, to AWAITING_MINUTES, with the
 * clock moved to noon of its first day (the host secretary may record the minutes).
 */
export async function playToMinutes(
  client: Client,
  opts: { daysAhead?: number; era?: 2024 } = {},
): Promise<Played> {
  const old = opts.era === 2024;
  const people = old ? PEOPLE_2024 : PEOPLE;
  if (old) await client.clock({ now: `${VISIT_2024_DATE.slice(0, 8)}01T09:00:00+07:00` });
  const now = await client.clock({ advanceDays: 0 });
  const startDate = old ? VISIT_2024_DATE : dateAfter(now, opts.daysAhead ?? 30);
  let mark = (await client.outbox()).length;
  const submitted = await client.request<{ id: string }>('POST', '/visits', {
    as: people.requester,
    body: old ? visit2024Request(startDate) : seedRequest(startDate),
  });
  if (submitted.status !== 201) throw new Error(`submitting answered ${submitted.status}`);
  const visitId = submitted.body.id;
  await approveNext(client, people.approver1, /phê duyệt/, mark);
  mark = (await client.outbox()).length;
  await approveNext(client, people.approver2, /phê duyệt/, mark);
  await client.waitForStatus(visitId, people.requester, 'AWAITING_MINUTES');
  await client.clock({ now: `${startDate}T12:00:00+07:00` });
  return { visitId, startDate };
}

/** Drives one visit, starting `daysAhead` days after the application clock's now, to ARCHIVED. */
export async function playToArchive(
  client: Client,
  opts: { daysAhead?: number; era?: 2024 } = {},
): Promise<Played> {
  const old = opts.era === 2024;
  const people = old ? PEOPLE_2024 : PEOPLE;
  const { visitId, startDate } = await playToMinutes(client, opts);
  const mark = (await client.outbox()).length;
  const minutes = await client.request('POST', `/visits/${visitId}/minutes`, {
    as: people.secretary,
    body: old ? visit2024Minutes(startDate) : seedMinutes(startDate),
  });
  if (minutes.status !== 201) throw new Error(`recording the minutes answered ${minutes.status}`);
  await approveNext(client, people.chair, /biên bản/i, mark);
  await client.waitForStatus(visitId, people.requester, 'ARCHIVED');
  return { visitId, startDate };
}
