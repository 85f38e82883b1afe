/**
 * Action items followed until done, on the local runtime, by moving the application clock: when the minutes are
 * archived each action becomes an item and its owner with mail gets a link; three days before the due date and on
 * it the owner is reminded, then weekly while overdue (four at most); the owner marks it done through the link
 * (once: of two posts one answers 200, the other 409), the host secretary marks one done for an owner without mail
 * and reopens one; the follow-up report is issued. After each turn the visit's chain verifies intact.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Verification } from '#domain/archive/verify.ts';
import type { ActionItem } from '#domain/follow-up/items.ts';
import type { MinutesRecord } from '#domain/visit.ts';
import { type Client, linkPath, type OutboxMail } from '#infra/local/client.ts';
import { LOCAL_NAMES } from '#infra/local/environment.ts';
import { seedMinutes, seedRequest } from '#infra/local/seed-visit.ts';
import { dateAfter, PEOPLE } from '../support/people.ts';
import { type Played, playToArchive, playToMinutes } from '../support/play.ts';
import { useRuntime } from '../support/runtime.ts';

const local = useRuntime('action-items');

/** A host staff member (a user of the host agency) and the requester (a user of the visiting agency). */
const OWNER = PEOPLE.hostStaff;
const VISITING_OWNER = PEOPLE.requester;

type View = ReturnType<typeof import('#domain/follow-up/items.ts').actionView>;

/** `days` after a YYYY-MM-DD date, at 09:00 Vietnam time: an hour after the turns of that day fall. */
const morningOf = (date: string, days: number) =>
  `${dateAfter(`${date}T00:00:00+07:00`, days)}T09:00:00+07:00`;
const vn = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

/** The seed minutes with three actions: an owner with mail on each side, one without. */
function minutesWithActions(startDate: string): MinutesRecord {
  const due = (days: number) => dateAfter(`${startDate}T00:00:00+07:00`, days);
  return {
    ...seedMinutes(startDate),
    actions: [
      {
        task: 'Gửi tài liệu chuyên đề về nâng cao nhận thức trên không gian mạng',
        owner: 'Văn phòng Ban Tuyên giáo Tỉnh ủy Quảng Nam',
        ownerEmail: OWNER,
        due: due(21),
      },
      { task: 'Chuẩn bị chương trình đoàn đáp lễ', owner: 'Phòng Tuyên truyền', due: due(14) },
      {
        task: 'Trao đổi quy chế phối hợp của nhóm chuyên gia',
        owner: 'Ban Tuyên giáo Tỉnh ủy Thanh Hóa',
        ownerEmail: VISITING_OWNER.toUpperCase(),
        due: due(10),
      },
    ],
  };
}

let client: Client;
let played: Played;
let due: string;

const mark = async () => (await client.outbox()).length;
const mailSince = async (from: number) => (await client.outbox()).slice(from);
const to = (mails: OutboxMail[], email: string) => mails.filter((m) => m.to.includes(email));

async function verify(visitId: string): Promise<Verification> {
  const res = await client.request<Verification>('GET', `/archive/${visitId}/verify`, { as: PEOPLE.auditor });
  expect(res.status).toBe(200);
  return res.body;
}

async function expectIntact(visitId: string): Promise<void> {
  const v = await verify(visitId);
  expect(v.problems, JSON.stringify(v.problems)).toEqual([]);
  expect(v).toMatchObject({ intact: true, chain: 'ok' });
}

async function eventTypes(visitId: string): Promise<string[]> {
  const v = await client.visit(visitId, PEOPLE.requester);
  return (v.events as { type: string }[]).map((e) => e.type);
}

async function items(visitId: string, as: string = PEOPLE.requester): Promise<View[]> {
  const res = await client.request<View[]>('GET', `/visits/${visitId}/actions`, { as });
  expect(res.status).toBe(200);
  return res.body;
}

const item = async (id: string) => (await items(played.visitId)).find((i) => i.id === id) as View;

describe('an action item, from the archived minutes to done', () => {
  let link = '';
  let visitingLink = '';

  beforeAll(async () => {
    client = local.client;
    played = await playToArchive(client, { minutes: minutesWithActions });
    due = minutesWithActions(played.startDate).actions[0]?.due ?? '';
  });

  it('makes each action an item, mails each owner with mail a link, and the chain stays intact', async () => {
    const list = await items(played.visitId);
    expect(list.map((i) => [i.id, i.status, i.ownerEmail])).toEqual([
      ['a1', 'open', OWNER],
      ['a2', 'open', undefined],
      ['a3', 'open', VISITING_OWNER],
    ]);
    expect((await items(played.visitId, PEOPLE.auditor)).length).toBe(3);
    expect(
      (await client.request('GET', `/visits/${played.visitId}/actions`, { as: PEOPLE.outsider })).status,
    ).toBe(403);
    const assigned = await client.waitForMail(OWNER, /Nhiệm vụ được phân công/);
    link = linkPath(assigned, '/actions/');
    expect(assigned.text).toContain('Gửi tài liệu chuyên đề');
    expect(assigned.text).toContain(vn(due));
    visitingLink = linkPath(await client.waitForMail(VISITING_OWNER, /Nhiệm vụ được phân công/), '/actions/');
    const types = await eventTypes(played.visitId);
    expect(types.filter((t) => t === 'ACTION_CREATED')).toHaveLength(3);
    expect(types.filter((t) => t === 'ACTION_MAILED')).toHaveLength(2);
    expect(types.indexOf('ACTION_CREATED')).toBeGreaterThan(types.indexOf('ARCHIVED'));
    await expectIntact(played.visitId);
  });

  it('shows the owner the item through the link and changes nothing; a forged link is 404', async () => {
    const before = await eventTypes(played.visitId);
    const page = await client.request<string>('GET', visitingLink, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('Trao đổi quy chế phối hợp');
    expect(page.body).toContain('Đã hoàn thành');
    const json = await client.request<View>('GET', visitingLink);
    expect(json.body).toMatchObject({ id: 'a3', status: 'open' });
    expect(await eventTypes(played.visitId)).toEqual(before);
    const forged = `${visitingLink.slice(0, -3)}${visitingLink.endsWith('A') ? 'B' : 'A'}xx`;
    expect((await client.request('GET', forged)).status).toBe(404);
  });

  it('refuses a done without a note, naming the field, and keeps the item open', async () => {
    const res = await client.request<string>('POST', visitingLink, {
      form: { note: '   ' },
      headers: { accept: 'text/html' },
    });
    expect(res.status).toBe(422);
    expect(res.body).toContain('Ghi chú: bắt buộc nhập');
    const json = await client.request<{ error: { fields: Record<string, string> } }>('POST', visitingLink, {
      body: { note: 'x'.repeat(2001) },
    });
    expect(json.status).toBe(422);
    expect(Object.keys(json.body.error.fields)).toEqual(['note']);
    expect((await item('a3')).status).toBe('open');
  });

  it('marks it done once through the link: of two posts one answers 200, the other 409', async () => {
    const [a, b] = await Promise.all([
      client.request('POST', visitingLink, { body: { note: 'Đã gửi quy chế qua thư điện tử.' } }),
      client.request('POST', visitingLink, { body: { note: 'Gửi lần hai.' } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const done = await item('a3');
    expect(done).toMatchObject({ status: 'done', doneBy: VISITING_OWNER });
    expect(['Đã gửi quy chế qua thư điện tử.', 'Gửi lần hai.']).toContain(done.note);
    expect((await eventTypes(played.visitId)).filter((t) => t === 'ACTION_DONE')).toHaveLength(1);
    expect((await client.request('GET', visitingLink)).status).toBe(409);
    const page = await client.request<string>('GET', visitingLink, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(409);
    expect(page.body).toContain('Nhiệm vụ đã hoàn thành');
    await expectIntact(played.visitId);
  });

  it('lets the host secretary, and no one else, mark done an item whose owner has no mail, with a note', async () => {
    const path = `/visits/${played.visitId}/actions/a2/done`;
    expect((await client.request('POST', path, { as: PEOPLE.hostStaff, body: { note: 'x' } })).status).toBe(
      403,
    );
    expect(
      (await client.request('POST', path, { as: 'mai.dt@btgtu.thanhhoa.example', body: { note: 'x' } }))
        .status,
    ).toBe(403);
    const missing = await client.request<{ error: { fields: Record<string, string> } }>('POST', path, {
      as: PEOPLE.secretary,
      body: {},
    });
    expect(missing.status).toBe(422);
    expect(missing.body.error.fields.note).toMatch(/Ghi chú/);
    const ok = await client.request<View>('POST', path, {
      as: PEOPLE.secretary,
      body: { note: 'Đã gửi chương trình dự kiến cho Thanh Hóa.' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ id: 'a2', status: 'done', doneBy: PEOPLE.secretary });
    expect((await client.request('POST', path, { as: PEOPLE.secretary, body: { note: 'lại' } })).status).toBe(
      409,
    );
    await expectIntact(played.visitId);
  });

  it('reminds the owner three days before the due date with the same link, then on it', async () => {
    for (const [days, subject] of [
      [-3, new RegExp(`\\[Nhắc việc\\] Nhiệm vụ đến hạn ngày ${vn(due)}`)],
      [0, new RegExp(`\\[Nhắc việc\\] Nhiệm vụ đến hạn ngày ${vn(due)}`)],
    ] as const) {
      const from = await mark();
      await client.clock({ now: morningOf(due, days) });
      const mails = await mailSince(from);
      const reminders = to(mails, OWNER);
      expect(reminders.map((m) => m.subject)).toHaveLength(1);
      expect(reminders[0]?.subject).toMatch(subject);
      expect(linkPath(reminders[0] as OutboxMail, '/actions/')).toBe(link);
      expect(to(mails, VISITING_OWNER)).toEqual([]);
      await expectIntact(played.visitId);
    }
    const types = await eventTypes(played.visitId);
    expect(types.filter((t) => t === 'ACTION_REMINDED')).toHaveLength(2);
    expect((await item('a1')).reminders).toBe(2);
  });

  it('then weekly while overdue, four times and no more', async () => {
    for (let week = 1; week <= 4; week++) {
      const from = await mark();
      await client.clock({ now: morningOf(due, 7 * week) });
      const reminders = to(await mailSince(from), OWNER);
      expect(reminders).toHaveLength(1);
      expect(reminders[0]?.subject).toMatch(/\[Nhắc việc\] Nhiệm vụ quá hạn/);
      expect(reminders[0]?.text).toContain(`quá hạn ${week} tuần`);
      await expectIntact(played.visitId);
    }
    const from = await mark();
    await client.clock({ now: morningOf(due, 35) });
    await client.clock({ now: morningOf(due, 70) });
    expect(to(await mailSince(from), OWNER)).toEqual([]);
    const a1 = await item('a1');
    expect(a1).toMatchObject({ status: 'open', overdue: true, reminders: 6 });
    expect(a1.nextReminderAt).toBeUndefined();
  });

  it('lists the agency’s items across visits, due first, by status and by words, for its own staff only', async () => {
    const list = async (query: string, as: string = PEOPLE.hostStaff) =>
      client.request<{ items: View[] }>('GET', `/actions${query}`, { as });
    const all = (await list('')).body.items.filter((i) => i.visitId === played.visitId);
    expect(all.map((i) => i.id)).toEqual(['a3', 'a2', 'a1']);
    expect((await list('?status=overdue')).body.items.map((i) => i.id)).toContain('a1');
    expect(
      (await list('?status=done')).body.items.filter((i) => i.visitId === played.visitId).map((i) => i.id),
    ).toEqual(['a3', 'a2']);
    expect((await list('?status=open&q=tai lieu chuyen de')).body.items.map((i) => i.id)).toEqual(['a1']);
    expect((await list('?status=late')).status).toBe(422);
    expect((await list('?agencyId=btgtu-thanh-hoa')).status).toBe(403);
    const visiting = (await list('', PEOPLE.requester)).body.items.filter(
      (i) => i.visitId === played.visitId,
    );
    expect(visiting).toHaveLength(3);
    const html = await client.request<string>('GET', '/actions?status=overdue', {
      as: PEOPLE.hostStaff,
      headers: { accept: 'text/html' },
    });
    expect(html.status).toBe(200);
    expect(html.body).toContain('Gửi tài liệu chuyên đề');
  });

  it('lets the owner mark it done late, the host secretary reopen it with a note, and the owner finish it again', async () => {
    expect((await client.request('POST', link, { body: { note: 'Đã gửi tài liệu.' } })).status).toBe(200);
    const reopen = `/visits/${played.visitId}/actions/a1/reopen`;
    expect((await client.request('POST', reopen, { as: PEOPLE.secretary, body: {} })).status).toBe(422);
    const from = await mark();
    const res = await client.request<View>('POST', reopen, {
      as: PEOPLE.secretary,
      body: { note: 'Còn thiếu bản điện tử của tài liệu.' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'open', reopenNote: 'Còn thiếu bản điện tử của tài liệu.' });
    const told = to(await mailSince(from), OWNER);
    expect(told.map((m) => m.subject)).toEqual([expect.stringMatching(/Nhiệm vụ được mở lại/)]);
    expect(told[0]?.text).toContain('Còn thiếu bản điện tử của tài liệu.');
    expect(linkPath(told[0] as OutboxMail, '/actions/')).toBe(link);
    expect(
      (await client.request('POST', reopen, { as: PEOPLE.secretary, body: { note: 'again' } })).status,
    ).toBe(409);
    expect((await client.request('GET', link)).status).toBe(200);
    expect((await client.request('POST', link, { body: { note: 'Đã gửi bản điện tử.' } })).status).toBe(200);
    const types = await eventTypes(played.visitId);
    expect(types.filter((t) => t === 'ACTION_DONE')).toHaveLength(4);
    expect(types.filter((t) => t === 'ACTION_REOPENED')).toHaveLength(1);
    await expectIntact(played.visitId);
  });

  it('issues the follow-up report as a numbered document of the visit, in the host’s Party format', async () => {
    expect(
      (await client.request('POST', `/visits/${played.visitId}/report`, { as: PEOPLE.hostStaff })).status,
    ).toBe(403);
    const res = await client.request<{ documentId: string; number: string }>(
      'POST',
      `/visits/${played.visitId}/report`,
      { as: PEOPLE.secretary },
    );
    expect(res.status).toBe(201);
    expect(res.body.number).toMatch(/^\d{2}-BC\/BTGDVTU$/);
    const visit = await client.visit(played.visitId, PEOPLE.requester);
    const documents = visit.documents as { id: string; kind: string; number: string; url: string }[];
    const report = documents.find((d) => d.id === res.body.documentId);
    expect(report).toMatchObject({ kind: 'report', number: res.body.number });
    const download = await client.request('GET', report?.url ?? '', { as: PEOPLE.requester });
    expect(download.status).toBe(302);
    expect(download.headers.get('location')).toContain('BaoCao-');
    expect(await eventTypes(played.visitId)).toContain('REPORT_ISSUED');
    await expectIntact(played.visitId);
  });

  it('and a changed action event breaks the chain: verify names it', async () => {
    const ddb = new DynamoDBClient({});
    const doc = DynamoDBDocumentClient.from(ddb);
    const { Items = [] } = await doc.send(
      new QueryCommand({
        TableName: LOCAL_NAMES.table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :e)',
        ExpressionAttributeValues: { ':pk': `VISIT#${played.visitId}`, ':e': 'EVENT#' },
      }),
    );
    const done = Items.find((e) => e.type === 'ACTION_DONE');
    await doc.send(
      new UpdateCommand({
        TableName: LOCAL_NAMES.table,
        Key: { PK: done?.PK, SK: done?.SK },
        UpdateExpression: 'SET #d.#n = :n',
        ExpressionAttributeNames: { '#d': 'data', '#n': 'note' },
        ExpressionAttributeValues: { ':n': 'a note rewritten afterwards' },
      }),
    );
    ddb.destroy();
    const v = await verify(played.visitId);
    expect(v).toMatchObject({ intact: false, chain: 'broken' });
    expect(v.problems.join('\n')).toMatch(/ACTION_DONE .*does not match its hash/);
  });
});

describe('the minutes’ actions, refused before anything is written', () => {
  it('names an owner outside both agencies and a due date before the visit, and records nothing', async () => {
    client = local.client;
    const visit = await playToMinutes(client);
    const minutes = minutesWithActions(visit.startDate);
    const bad = {
      ...minutes,
      actions: [
        { ...minutes.actions[0], ownerEmail: PEOPLE.outsider },
        { ...minutes.actions[1], due: dateAfter(`${visit.startDate}T00:00:00+07:00`, -1) },
      ],
    };
    const res = await client.request<{ error: { fields: Record<string, string> } }>(
      'POST',
      `/visits/${visit.visitId}/minutes`,
      { as: PEOPLE.secretary, body: bad },
    );
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.error.fields)).toEqual(['actions[1].due']);
    const owners = await client.request<{ error: { fields: Record<string, string> } }>(
      'POST',
      `/visits/${visit.visitId}/minutes`,
      { as: PEOPLE.secretary, body: { ...bad, actions: [bad.actions[0]] } },
    );
    expect(owners.status).toBe(422);
    expect(owners.body.error.fields['actions[0].ownerEmail']).toMatch(/Email người thực hiện nhiệm vụ 1/);
    const after = await client.request<{ status: string; minutes: unknown }>(
      'GET',
      `/visits/${visit.visitId}/minutes`,
      {
        as: PEOPLE.secretary,
      },
    );
    expect(after.body).toMatchObject({ status: 'AWAITING_MINUTES', minutes: null });
  });
});

describe('an action of a visit held in English', () => {
  it('is mailed in English, and a clock that jumps past several turns sends the latest alone', async () => {
    client = local.client;
    const visit = await playToArchive(client, {
      request: (d) => ({ ...seedRequest(d), language: 'en' }),
      minutes: (d) => ({
        ...seedMinutes(d),
        actions: [
          {
            task: 'Send the training material',
            owner: 'Office of the Commission',
            ownerEmail: OWNER,
            due: dateAfter(`${d}T00:00:00+07:00`, 5),
          },
        ],
      }),
    });
    const assigned = await client.waitForMail(OWNER, /Action assigned to you: Send the training material/);
    expect(assigned.text).toContain('Dear ');
    const from = await mark();
    // past the reminder before, the one on the due date and the first overdue one: only the latest goes out
    await client.clock({ now: morningOf(dateAfter(`${visit.startDate}T00:00:00+07:00`, 5), 8) });
    const reminders = to(await mailSince(from), OWNER);
    expect(reminders.map((m) => m.subject)).toEqual([
      expect.stringMatching(/^\[Reminder\] Overdue action: Send the training material/),
    ]);
    expect(reminders[0]?.text).toContain('1 week overdue');
    const [a1] = (
      await client.request<ActionItem[]>('GET', `/visits/${visit.visitId}/actions`, { as: PEOPLE.requester })
    ).body;
    expect(a1?.reminders).toBe(1);
    await expectIntact(visit.visitId);
  });
});
