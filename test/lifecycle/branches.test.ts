import { describe, expect, it } from 'vitest';
import { linkPath } from '#infra/local/client.ts';
import { seedMinutes, seedRequest } from '#infra/local/seed-visit.ts';
import { dateAfter, PEOPLE } from '../support/people.ts';
import { useRuntime } from '../support/runtime.ts';

const local = useRuntime('branches');

async function submit(startDate: string, patch: Record<string, unknown> = {}) {
  const before = (await local.client.outbox()).length;
  const res = await local.client.request<{ id: string }>('POST', '/visits', {
    as: PEOPLE.requester,
    body: { ...seedRequest(startDate), ...patch },
  });
  expect(res.status).toBe(201);
  const mail = await local.client.waitForMail(PEOPLE.approver1, /phê duyệt/, before);
  return { id: res.body.id, link: linkPath(mail, '/approve/') };
}

describe('branches of the lifecycle', () => {
  it('changes requested, the requester revises through the mailed link, then both approve: agenda v2 keeps its number', async () => {
    const now = await local.client.clock({ advanceDays: 0 });
    const start = dateAfter(now, 20);
    const { id, link } = await submit(start);
    let before = (await local.client.outbox()).length;
    const changes = await local.client.request('POST', link, {
      form: { decision: 'changes', comment: 'Bổ sung nội dung về cộng tác viên' },
    });
    expect(changes.status).toBe(200);
    const revise = await local.client.waitForMail(PEOPLE.requester, /chỉnh sửa/, before);
    expect(revise.text).toContain('Bổ sung nội dung về cộng tác viên');
    const revisePath = linkPath(revise, `/visits/${id}/revise/`);
    await local.client.waitForStatus(id, PEOPLE.requester, 'CHANGES_REQUESTED');
    const shown = await local.client.request<{ request: { title: string }; comment: string }>(
      'GET',
      revisePath,
    );
    expect(shown.status).toBe(200);
    expect(shown.body.comment).toBe('Bổ sung nội dung về cộng tác viên');

    const bad = await local.client.request<{ error: { fields: Record<string, string> } }>(
      'POST',
      revisePath,
      {
        body: { ...seedRequest(start), members: [] },
      },
    );
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.fields)).toEqual(['members']);
    expect((await local.client.visit(id, PEOPLE.requester)).status).toBe('CHANGES_REQUESTED');

    before = (await local.client.outbox()).length;
    const revised = seedRequest(start);
    revised.topics.push('Kinh nghiệm xây dựng đội ngũ cộng tác viên');
    expect((await local.client.request('POST', revisePath, { body: revised })).status).toBe(200);
    expect((await local.client.request('POST', revisePath, { body: revised })).status).toBe(409);
    const again = await local.client.waitForMail(PEOPLE.approver1, /phê duyệt/, before);
    expect(
      (await local.client.request('POST', linkPath(again, '/approve/'), { form: { decision: 'approve' } }))
        .status,
    ).toBe(200);
    const second = await local.client.waitForMail(PEOPLE.approver2, /phê duyệt/, before);
    expect(
      (await local.client.request('POST', linkPath(second, '/approve/'), { form: { decision: 'approve' } }))
        .status,
    ).toBe(200);
    const visit = await local.client.waitForStatus(id, PEOPLE.requester, 'AWAITING_MINUTES');
    const docs = visit.documents as { version: number; number: string; format: string }[];
    // each draft's DOCX; only the approved one is issued as a signed PDF
    expect(docs.map((d) => `v${d.version} ${d.format}`).sort()).toEqual(['v1 docx', 'v2 docx', 'v2 pdf']);
    expect(new Set(docs.map((d) => d.number)).size).toBe(1);
    expect((visit.request as { topics: string[] }).topics).toContain(
      'Kinh nghiệm xây dựng đội ngũ cộng tác viên',
    );
  });

  it('a rejection ends the visit and tells the requester why', async () => {
    const now = await local.client.clock({ advanceDays: 0 });
    const { id, link } = await submit(dateAfter(now, 25));
    const before = (await local.client.outbox()).length;
    expect((await local.client.request('POST', link, { form: { decision: 'reject' } })).status).toBe(422);
    expect(
      (
        await local.client.request('POST', link, {
          form: { decision: 'reject', comment: 'Trùng lịch công tác' },
        })
      ).status,
    ).toBe(200);
    await local.client.waitForStatus(id, PEOPLE.requester, 'REJECTED');
    const mail = await local.client.waitForMail(PEOPLE.requester, /từ chối/, before);
    expect(mail.text).toContain('Trùng lịch công tác');
  });

  it('minutes sent back once by the chair are recorded again and then archived', async () => {
    const now = await local.client.clock({ advanceDays: 0 });
    const start = dateAfter(now, 10);
    const { id, link } = await submit(start);
    let before = (await local.client.outbox()).length;
    await local.client.request('POST', link, { form: { decision: 'approve' } });
    const second = await local.client.waitForMail(PEOPLE.approver2, /phê duyệt/, before);
    await local.client.request('POST', linkPath(second, '/approve/'), { form: { decision: 'approve' } });
    await local.client.waitForStatus(id, PEOPLE.requester, 'AWAITING_MINUTES');
    await local.client.clock({ now: `${start}T15:00:00+07:00` });
    before = (await local.client.outbox()).length;
    expect(
      (
        await local.client.request('POST', `/visits/${id}/minutes`, {
          as: PEOPLE.secretary,
          body: seedMinutes(start),
        })
      ).status,
    ).toBe(201);
    const signoff = await local.client.waitForMail(PEOPLE.chair, /biên bản/i, before);
    before = (await local.client.outbox()).length;
    const back = await local.client.request('POST', linkPath(signoff, '/approve/'), {
      form: { decision: 'changes', comment: 'Ghi rõ thời hạn gửi tài liệu' },
    });
    expect(back.status).toBe(200);
    const ask = await local.client.waitForMail(PEOPLE.secretary, /chỉnh sửa biên bản/, before);
    expect(ask.text).toContain('Ghi rõ thời hạn gửi tài liệu');
    await local.client.waitForStatus(id, PEOPLE.requester, 'AWAITING_MINUTES');
    before = (await local.client.outbox()).length;
    const fixed = seedMinutes(start);
    fixed.conclusions.push('Văn phòng gửi tài liệu trước ngày 15/9.');
    expect(
      (await local.client.request('POST', `/visits/${id}/minutes`, { as: PEOPLE.secretary, body: fixed }))
        .status,
    ).toBe(201);
    const again = await local.client.waitForMail(PEOPLE.chair, /biên bản/i, before);
    expect(
      (await local.client.request('POST', linkPath(again, '/approve/'), { form: { decision: 'approve' } }))
        .status,
    ).toBe(200);
    const visit = await local.client.waitForStatus(id, PEOPLE.requester, 'ARCHIVED');
    const minutes = (visit.documents as { kind: string; version: number; format: string }[]).filter(
      (d) => d.kind === 'minutes',
    );
    // the version sent back stays a draft; the one signed off is issued
    expect(minutes.map((d) => `v${d.version} ${d.format}`).sort()).toEqual(['v1 docx', 'v2 docx', 'v2 pdf']);
  });

  it('a request sent twice with the same idempotency key makes one visit and one approval mail', async () => {
    const now = await local.client.clock({ advanceDays: 0 });
    const before = (await local.client.outbox()).length;
    const body = seedRequest(dateAfter(now, 18));
    const send = () =>
      local.client.request<{ id: string }>('POST', '/visits', {
        as: PEOPLE.requester,
        body,
        headers: { 'idempotency-key': 'form-7f3c2a9e-retry' },
      });
    const [a, b] = [await send(), await send()];
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.id).toBe(a.body.id);
    await local.client.waitForStatus(a.body.id, PEOPLE.requester, 'AWAITING_APPROVAL');
    await new Promise((r) => setTimeout(r, 300));
    const mails = (await local.client.outbox()).slice(before).filter((m) => m.to.includes(PEOPLE.approver1));
    expect(mails).toHaveLength(1);
    const other = await local.client.request('POST', '/visits', {
      as: PEOPLE.requester,
      body,
      headers: { 'idempotency-key': 'bad key!' },
    });
    expect(other.status).toBe(400);
  });
});
