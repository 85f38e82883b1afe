import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Client, linkPath } from '#infra/local/client.ts';
import { seedMinutes, seedRequest } from '#infra/local/seed-visit.ts';
import { dateAfter, PEOPLE } from '../support/people.ts';
import { freePort } from '../support/runtime.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'ev-restart-'));
let child: ChildProcess | undefined;

/** `npm start` as a person runs it: a separate process on the same data directory. */
async function start(port: number): Promise<{ proc: ChildProcess; client: Client; ms: number }> {
  const t = Date.now();
  const proc = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts'], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, POWERTOOLS_LOG_LEVEL: 'WARN' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  const client = new Client(`http://127.0.0.1:${port}`);
  for (let i = 0; i < 300; i++) {
    if (proc.exitCode !== null) throw new Error(`the runtime exited: ${stderr}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) return { proc, client, ms: Date.now() - t };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the runtime did not become ready: ${stderr}`);
}

afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a visit awaiting approval survives the runtime being killed', () => {
  it('after a restart the mailed link still decides and the visit reaches ARCHIVED', async () => {
    const port = await freePort();
    let { proc, client } = await start(port);
    child = proc;
    const now = await client.clock({ advanceDays: 0 });
    const startDate = dateAfter(now, 21);
    const res = await client.request<{ id: string }>('POST', '/visits', {
      as: PEOPLE.requester,
      body: seedRequest(startDate),
    });
    expect(res.status).toBe(201);
    const id = res.body.id;
    const mail = await client.waitForMail(PEOPLE.approver1, /phê duyệt/);
    await client.waitForStatus(id, PEOPLE.requester, 'AWAITING_APPROVAL');

    proc.kill('SIGKILL');
    await new Promise((r) => proc.once('exit', r));
    ({ proc, client } = await start(port));
    child = proc;

    const link = linkPath(mail, '/approve/');
    expect((await client.request('GET', link)).status).toBe(200);
    const mailsBefore = (await client.outbox()).length;
    expect((await client.request('POST', link, { form: { decision: 'approve' } })).status).toBe(200);
    const second = await client.waitForMail(PEOPLE.approver2, /phê duyệt/, mailsBefore);
    expect(
      (await client.request('POST', linkPath(second, '/approve/'), { form: { decision: 'approve' } })).status,
    ).toBe(200);
    await client.waitForStatus(id, PEOPLE.requester, 'AWAITING_MINUTES');
    await client.clock({ now: `${startDate}T16:00:00+07:00` });
    const before = (await client.outbox()).length;
    expect(
      (
        await client.request('POST', `/visits/${id}/minutes`, {
          as: PEOPLE.secretary,
          body: seedMinutes(startDate),
        })
      ).status,
    ).toBe(201);
    const signoff = await client.waitForMail(PEOPLE.chair, /biên bản/i, before);
    expect(
      (await client.request('POST', linkPath(signoff, '/approve/'), { form: { decision: 'approve' } }))
        .status,
    ).toBe(200);
    await client.waitForStatus(id, PEOPLE.requester, 'ARCHIVED');
    // the resumed wait did not run its Lambda again: nothing new went to the first approver after the restart
    // (the local mail server keeps mail in memory, so the outbox starts empty with the new process)
    const toFirst = (await client.outbox()).filter((m) => m.to.includes(PEOPLE.approver1));
    expect(toFirst).toHaveLength(0);
    // two real processes start here, the first seeding the directory and the user pool
  }, 120_000);
});
