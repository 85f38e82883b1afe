import { describe, expect, it } from 'vitest';
import { linkPath } from '#infra/local/client.ts';
import { seedMinutes, seedRequest } from '#infra/local/seed-visit.ts';
import { dateAfter, PEOPLE } from '../support/people.ts';
import { useRuntime } from '../support/runtime.ts';

const local = useRuntime('happy');

describe('the seed visit, approved by both approvers, reaches the archive', () => {
  let visitId: string;
  let startDate: string;
  let firstLink: string;

  it('a submitted request is drafted and mailed to the first approver with the agenda attached', async () => {
    const now = await local.client.clock({ advanceDays: 0 });
    startDate = dateAfter(now, 30);
    const before = (await local.client.outbox()).length;
    const res = await local.client.request<{ id: string; status: string }>('POST', '/visits', {
      as: PEOPLE.requester,
      body: seedRequest(startDate),
    });
    expect(res.status).toBe(201);
    visitId = res.body.id;
    const mail = await local.client.waitForMail(PEOPLE.approver1, /phê duyệt/, before);
    expect(mail.attachments.map((a) => a.filename)).toEqual([expect.stringMatching(/\.docx$/)]);
    expect(mail.text).toContain(seedRequest().title);
    firstLink = linkPath(mail, '/approve/');
    const visit = await local.client.waitForStatus(visitId, PEOPLE.requester, 'AWAITING_APPROVAL');
    const docs = visit.documents as { kind: string; number: string; sha256: string }[];
    expect(docs).toHaveLength(1);
    expect(docs[0]?.number).toMatch(/^\d{2}-CTr\/BTGDVTU$/);
  });

  it('opening the link shows the draft and changes nothing', async () => {
    const a = await local.client.request<Record<string, unknown>>('GET', firstLink);
    const b = await local.client.request<Record<string, unknown>>('GET', firstLink);
    expect(a.status).toBe(200);
    expect(a.body.decisions).toEqual(['approve', 'changes', 'reject']);
    expect(b.body).toEqual(a.body);
    const doc = await local.client.request('GET', `${firstLink}/document`);
    expect(doc.status).toBe(302);
    const file = await fetch(doc.headers.get('location') ?? '');
    expect(file.status).toBe(200);
    expect((await file.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    expect((await local.client.visit(visitId, PEOPLE.requester)).status).toBe('AWAITING_APPROVAL');
  });

  it('a decision without a comment for changes is refused and names the field', async () => {
    const res = await local.client.request<{ error: { fields: Record<string, string> } }>('POST', firstLink, {
      form: { decision: 'changes' },
    });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.error.fields)).toEqual(['comment']);
  });

  it('two concurrent approvals make one decision; the replay answers 409', async () => {
    const before = (await local.client.outbox()).length;
    const [x, y] = await Promise.all([
      local.client.request('POST', firstLink, { form: { decision: 'approve' } }),
      local.client.request('POST', firstLink, { form: { decision: 'approve' } }),
    ]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    const replay = await local.client.request('POST', firstLink, { form: { decision: 'approve' } });
    expect(replay.status).toBe(409);
    const page = await local.client.request<{ error: { code: string } }>('GET', firstLink);
    expect(page.status).toBe(409);
    const second = await local.client.waitForMail(PEOPLE.approver2, /phê duyệt/, before);
    const approve = await local.client.request('POST', linkPath(second, '/approve/'), {
      form: { decision: 'approve' },
    });
    expect(approve.status).toBe(200);
    await local.client.waitForStatus(visitId, PEOPLE.requester, 'AWAITING_MINUTES');
    const approved = await local.client.waitForMail(PEOPLE.requester, /Đã phê duyệt/, before);
    expect(approved.attachments.map((a) => a.filename)).toEqual(
      expect.arrayContaining(['invitation.ics', expect.stringMatching(/^ChuongTrinh-.*\.docx$/)]),
    );
  });

  it('a forged or altered link answers 404', async () => {
    const forged = `${firstLink.slice(0, -4)}AAAA`;
    expect((await local.client.request('GET', forged)).status).toBe(404);
    expect(
      (await local.client.request('POST', '/approve/not-a-token', { form: { decision: 'approve' } })).status,
    ).toBe(404);
  });

  it('minutes cannot be recorded before the visit, nor by someone who is not the host secretary', async () => {
    const early = await local.client.request<{ error: { fields: Record<string, string> } }>(
      'POST',
      `/visits/${visitId}/minutes`,
      {
        as: PEOPLE.secretary,
        body: seedMinutes(startDate),
      },
    );
    expect(early.status).toBe(422);
    expect(early.body.error.fields.startedAt).toMatch(/tương lai/);
    const stranger = await local.client.request('POST', `/visits/${visitId}/minutes`, {
      as: PEOPLE.requester,
      body: seedMinutes(startDate),
    });
    expect(stranger.status).toBe(403);
  });

  it('after the visit the secretary records the minutes, the chair signs off, and the visit is archived', async () => {
    await local.client.clock({ now: `${startDate}T12:00:00+07:00` });
    const before = (await local.client.outbox()).length;
    const res = await local.client.request('POST', `/visits/${visitId}/minutes`, {
      as: PEOPLE.secretary,
      body: seedMinutes(startDate),
    });
    expect(res.status).toBe(201);
    const signoff = await local.client.waitForMail(PEOPLE.chair, /biên bản/i, before);
    expect(signoff.attachments.map((a) => a.filename)).toEqual([expect.stringMatching(/^BienBan-.*\.docx$/)]);
    const link = linkPath(signoff, '/approve/');
    const page = await local.client.request<{ decisions: string[] }>('GET', link);
    expect(page.body.decisions).toEqual(['approve', 'changes']);
    const reject = await local.client.request('POST', link, { form: { decision: 'reject', comment: 'x' } });
    expect(reject.status).toBe(422);
    expect((await local.client.request('POST', link, { form: { decision: 'approve' } })).status).toBe(200);
    const visit = await local.client.waitForStatus(visitId, PEOPLE.requester, 'ARCHIVED');
    const kinds = (visit.documents as { kind: string; format: string }[]).map((d) => `${d.kind} ${d.format}`);
    expect(kinds.sort()).toEqual(['agenda docx', 'agenda pdf', 'minutes docx', 'minutes pdf']);
    const types = (visit.events as { type: string }[]).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'SUBMITTED',
        'AGENDA_DRAFTED',
        'APPROVED',
        'MINUTES_DRAFTED',
        'MINUTES_APPROVED',
        'ARCHIVED',
      ]),
    );
    const verify = await local.client.request<{ intact: boolean; chain: string }>(
      'GET',
      `/archive/${visitId}/verify`,
      {
        as: PEOPLE.auditor,
      },
    );
    expect(verify.body).toMatchObject({ intact: true, chain: 'ok' });
  });
});
