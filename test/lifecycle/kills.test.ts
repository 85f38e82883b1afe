/**
 * The local runtime killed with work in flight, at the points where a kill used to lose a visit: `npm start` runs as
 * a separate process, holds its executions at named points (`LOCAL_HOLD`), is killed (SIGKILL) or stopped
 * (SIGTERM) with every held execution exactly there, and is started again on the same data. Every visit must move
 * on after the restart, nothing lost and nothing doubled: one mail per step, one visit per submission.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Client, linkPath, type OutboxMail } from '#infra/local/client.ts';
import { seedRequest } from '#infra/local/seed-visit.ts';
import { dateAfter, PEOPLE } from '../support/people.ts';
import { type RuntimeProcess, startProcess } from '../support/process.ts';
import { freePort } from '../support/runtime.ts';

const dirs: string[] = [];
const running: RuntimeProcess[] = [];

afterAll(async () => {
  await Promise.all(running.map((p) => p.stop('SIGKILL')));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** One data directory and port, and `npm start` on them, started again after each stop. */
async function runtimeOn(): Promise<(hold?: string) => Promise<RuntimeProcess>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ev-kills-'));
  dirs.push(dataDir);
  const port = await freePort();
  return async (hold) => {
    const p = await startProcess({ port, dataDir, ...(hold ? { hold } : {}) });
    running.push(p);
    return p;
  };
}

const title = (i: number) => `Trao đổi kinh nghiệm, đoàn số ${i}`;

/** The one mail to `to` about visit `i` whose subject matches, once the runtime has sent it. */
async function mailAbout(client: Client, to: string, subject: RegExp, i: number): Promise<OutboxMail> {
  const mail = await client.waitForMail(to, new RegExp(`${subject.source}.*${title(i)}$`));
  return mail;
}

/** The mails to `to` about visit `i` in this process's outbox, those whose subject matches when given. */
async function mailsAbout(client: Client, to: string, i: number, subject = /./): Promise<OutboxMail[]> {
  return (await client.outbox()).filter(
    (m) => m.to.includes(to) && m.subject.endsWith(title(i)) && subject.test(m.subject),
  );
}

async function typesOf(client: Client, id: string): Promise<string[]> {
  const visit = await client.visit(id, PEOPLE.requester);
  return (visit.events as { type: string }[]).map((e) => e.type);
}

describe('a kill or a stop after approvals were posted', () => {
  it('loses no decision and no wait: each visit gets its next mail once, after SIGKILL and after SIGTERM', async () => {
    const start = await runtimeOn();
    const VISITS = [0, 1, 2, 3];

    // four visits awaiting their first approver
    let p = await start();
    const now = await p.client.clock({ advanceDays: 0 });
    const ids: string[] = [];
    for (const i of VISITS) {
      const res = await p.client.request<{ id: string }>('POST', '/visits', {
        as: PEOPLE.requester,
        body: { ...seedRequest(dateAfter(now, 20)), title: title(i) },
      });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    const first = await Promise.all(VISITS.map((i) => mailAbout(p.client, PEOPLE.approver1, /phê duyệt/, i)));
    expect(await p.stop('SIGTERM')).toBe(0);

    // each first approval posted; two visits held with the decision recorded and Decide not run, two with the
    // next wait checkpointed and its task (the second approver's mail) not run; then SIGKILL
    p = await start('before-task:Decide*2,before-task:AwaitDecision*2');
    for (const mail of first) {
      const res = await p.client.request('POST', linkPath(mail, '/approve/'), {
        form: { decision: 'approve' },
      });
      expect(res.status).toBe(200);
    }
    await p.held(4);
    await p.stop('SIGKILL');

    // after the restart every visit asks its second approver, once
    p = await start();
    const second = await Promise.all(
      VISITS.map((i) => mailAbout(p.client, PEOPLE.approver2, /phê duyệt/, i)),
    );
    await p.client.clock({ advanceDays: 0 }); // answers once the lifecycle is idle
    for (const i of VISITS) {
      expect(await mailsAbout(p.client, PEOPLE.approver2, i)).toHaveLength(1);
      expect(await mailsAbout(p.client, PEOPLE.approver1, i)).toHaveLength(0);
    }
    expect(await p.stop('SIGTERM')).toBe(0);

    // each second approval posted; two held before Decide, two before the secretary's wait runs; then SIGTERM:
    // a clean stop hands over what is in flight
    p = await start('before-task:Decide*2,before-task:AwaitMinutes*2');
    for (const mail of second) {
      const res = await p.client.request('POST', linkPath(mail, '/approve/'), {
        form: { decision: 'approve' },
      });
      expect(res.status).toBe(200);
    }
    await p.held(4);
    expect(await p.stop('SIGTERM')).toBe(0);

    // after the restart every visit awaits its minutes, and the secretary is asked once
    p = await start();
    for (const i of VISITS) await mailAbout(p.client, PEOPLE.secretary, /biên bản/, i);
    for (const [i, id] of ids.entries()) {
      await p.client.waitForStatus(id, PEOPLE.requester, 'AWAITING_MINUTES');
      expect(await mailsAbout(p.client, PEOPLE.secretary, i, /biên bản/)).toHaveLength(1);
    }
    await p.client.clock({ advanceDays: 0 });
    for (const id of ids) {
      // one event of each step, one notice per step: the requests of both approvers, the issued programme's PDF,
      // the approval, the minutes
      expect(await typesOf(p.client, id)).toEqual([
        'SUBMITTED',
        'AGENDA_DRAFTED',
        'NOTICE_SENT',
        'DECIDED',
        'NOTICE_SENT',
        'DECIDED',
        'DOCUMENT_ISSUED',
        'APPROVED',
        'NOTICE_SENT',
        'NOTICE_SENT',
      ]);
    }
    const mine = await p.client.request<{ items: unknown[] }>('GET', '/', { as: PEOPLE.requester });
    expect(mine.body.items).toHaveLength(VISITS.length);
    expect(await p.stop('SIGTERM')).toBe(0);
  }, 300_000);
});

describe('a kill during a burst of submissions', () => {
  it('leaves no visit without its execution: each is drafted and asks its approver once', async () => {
    const start = await runtimeOn();
    const VISITS = [0, 1, 2, 3, 4, 5];
    const key = (i: number) => `burst-submission-${i}`;

    // six submissions at once: two held before their execution is started (the visit written, the function
    // about to call StartExecution), two with the execution started and its first task not run, two with the
    // agenda drafted and the state not left; then SIGKILL
    let p = await start('start-execution*2,before-task:DraftAgenda*2,after-task:DraftAgenda*2');
    const now = await p.client.clock({ advanceDays: 0 });
    const submit = (client: Client, i: number) =>
      client.request<{ id: string }>('POST', '/visits', {
        as: PEOPLE.requester,
        body: { ...seedRequest(dateAfter(now, 30)), title: title(i) },
        headers: { 'idempotency-key': key(i) },
      });
    const burst = Promise.allSettled(VISITS.map((i) => submit(p.client, i)));
    const holds = await p.held(6);
    await p.stop('SIGKILL');
    const answered = (await burst).filter((r) => r.status === 'fulfilled').map((r) => r.value);
    expect(answered.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    const neverStarted = holds.filter((h) => h.startsWith('start-execution ')).map((h) => h.split(' ')[1]);

    // after the restart: every visit is there, once
    p = await start();
    const mine = await p.client.request<{ items: { id: string; title: string }[] }>('GET', '/', {
      as: PEOPLE.requester,
    });
    expect(mine.body.items).toHaveLength(VISITS.length);
    const idOf = new Map(mine.body.items.map((v) => [v.title, v.id]));
    // a client's retry answers the visit its first attempt made
    for (const i of VISITS) {
      const again = await submit(p.client, i);
      expect(again.status).toBe(201);
      expect(again.body.id).toBe(idOf.get(title(i)));
    }

    // once no request can still be starting them, the visits left without an execution are started: one by a
    // client's retry, the other by the runtime's sweep
    await p.client.clock({ advanceDays: 2 / 1440 });
    const retried = VISITS.find((i) => idOf.get(title(i)) === neverStarted[0]) ?? -1;
    expect((await submit(p.client, retried)).status).toBe(201);
    for (const i of VISITS) {
      const id = idOf.get(title(i)) ?? '';
      await p.client.waitForStatus(id, PEOPLE.requester, 'AWAITING_APPROVAL');
      await mailAbout(p.client, PEOPLE.approver1, /phê duyệt/, i);
    }
    await p.client.clock({ advanceDays: 0 });
    for (const i of VISITS) {
      const id = idOf.get(title(i)) ?? '';
      expect(await typesOf(p.client, id)).toEqual(['SUBMITTED', 'AGENDA_DRAFTED', 'NOTICE_SENT']);
      expect(await mailsAbout(p.client, PEOPLE.approver1, i)).toHaveLength(1);
      const visit = await p.client.visit(id, PEOPLE.requester);
      expect(visit.documents as unknown[]).toHaveLength(1);
    }
    expect(await p.stop('SIGTERM')).toBe(0);
  }, 300_000);
});
