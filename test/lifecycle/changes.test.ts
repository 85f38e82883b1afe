/**
 * Changing a visit on the local runtime, as people do it over HTTP: cancel, reschedule, reassign, resend; what the
 * closed links answer, the mail (with its calendar files read back), and where the state machine ends.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { linkPath, type OutboxMail } from '#infra/local/client.ts';
import { listSentMail } from '#infra/local/emulators.ts';
import { LOCAL_NAMES } from '#infra/local/environment.ts';
import { seedRequest } from '#infra/local/seed-visit.ts';
import { eventOf, parseIcs, prop } from '../support/ics.ts';
import { dateAfter, PEOPLE } from '../support/people.ts';
import { useRuntime } from '../support/runtime.ts';

const local = useRuntime('changes');

// the steps a test set going finish before the next test, and before the runtime stops
afterEach(() => local.runtime.sfn.idle());

type Json = Record<string, unknown>;
type ErrorBody = {
  error: { code: string; message: string; fields?: Record<string, string>; cancelled?: Json };
};

/** Submits the seed request starting `days` from now; returns its id and approver 1's link. */
async function submit(days: number) {
  const now = await local.client.clock({ advanceDays: 0 });
  const startDate = dateAfter(now, days);
  const before = (await local.client.outbox()).length;
  const res = await local.client.request<{ id: string }>('POST', '/visits', {
    as: PEOPLE.requester,
    body: seedRequest(startDate),
  });
  expect(res.status).toBe(201);
  const mail = await local.client.waitForMail(PEOPLE.approver1, /phê duyệt/, before);
  return { id: res.body.id, link: linkPath(mail, '/approve/'), startDate };
}

/** Both approvers approve; returns when the visit awaits its minutes. */
async function approveAll(id: string, link: string) {
  const before = (await local.client.outbox()).length;
  expect((await local.client.request('POST', link, { form: { decision: 'approve' } })).status).toBe(200);
  const second = await local.client.waitForMail(PEOPLE.approver2, /phê duyệt/, before);
  const link2 = linkPath(second, '/approve/');
  expect((await local.client.request('POST', link2, { form: { decision: 'approve' } })).status).toBe(200);
  await local.client.waitForStatus(id, PEOPLE.requester, 'AWAITING_MINUTES');
  return link2;
}

const executionArn = (visitId: string) =>
  `${LOCAL_NAMES.stateMachineArn.replace(':stateMachine:', ':execution:')}:${visitId}`;

/** The execution's status once it has ended (the state machine settles just after the HTTP answer). */
async function executionEnd(visitId: string): Promise<{ status: string; states: string[] }> {
  for (let i = 0; i < 400; i++) {
    const d = await local.runtime.sfn.describeExecution(executionArn(visitId));
    if (d.status !== 'RUNNING') {
      const { events } = await local.runtime.sfn.getExecutionHistory(executionArn(visitId));
      const states = events.flatMap((e) =>
        e.stateEnteredEventDetails ? [e.stateEnteredEventDetails.name] : [],
      );
      return { status: d.status, states };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the execution of ${visitId} did not end`);
}

/** The mail since `after`, with the attachments' bytes, as the mail emulator stored it. */
async function sentSince(after: number) {
  return (await listSentMail(local.runtime.mailViewerUrl)).slice(after);
}

function attachmentText(content: unknown): string {
  if (typeof content === 'string') return Buffer.from(content, 'base64').toString('utf8');
  if (content && typeof content === 'object' && 'data' in content)
    return Buffer.from((content as { data: number[] }).data).toString('utf8');
  throw new Error('no attachment content');
}

const mailTo = (mails: readonly OutboxMail[], who: string) => mails.filter((m) => m.to.includes(who));

describe('cancelling a visit', () => {
  it('with no reason answers 422 naming it and changes nothing; with one, ends CANCELLED through the Cancelled end', async () => {
    const { id, link } = await submit(20);
    const before = (await local.client.outbox()).length;

    const bare = await local.client.request<ErrorBody>('POST', `/visits/${id}/cancel`, {
      as: PEOPLE.requester,
      body: { reason: '  ' },
    });
    expect(bare.status).toBe(422);
    expect(Object.keys(bare.body.error.fields ?? {})).toEqual(['reason']);
    expect((await local.client.visit(id, PEOPLE.requester)).status).toBe('AWAITING_APPROVAL');

    const outsider = await local.client.request('POST', `/visits/${id}/cancel`, {
      as: PEOPLE.hostStaff,
      body: { reason: 'Không phải người đề nghị' },
    });
    expect(outsider.status).toBe(403);

    const done = await local.client.request<Json>('POST', `/visits/${id}/cancel`, {
      as: PEOPLE.requester,
      body: { reason: 'Đoàn không bố trí được thời gian' },
    });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ id, status: 'CANCELLED' });

    const end = await executionEnd(id);
    expect(end.status).toBe('SUCCEEDED');
    expect(end.states).toContain('MarkCancelled');
    expect(end.states).not.toContain('MarkFailed');

    const again = await local.client.request<ErrorBody>('POST', `/visits/${id}/cancel`, {
      as: PEOPLE.hostAdmin,
      body: { reason: 'Hủy lần nữa' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.cancelled).toMatchObject({ reason: 'Đoàn không bố trí được thời gian' });
    expect(again.body.error.message).toContain('Nguyễn Thị Hương');

    const shown = await local.client.request<ErrorBody>('GET', link);
    expect(shown.status).toBe(410);
    expect(shown.body.error.code).toBe('VISIT_CANCELLED');
    const page = await local.client.request<string>('GET', link, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(410);
    expect(page.body).toContain('Đoàn không bố trí được thời gian');
    const post = await local.client.request('POST', link, { form: { decision: 'approve' } });
    expect(post.status).toBe(410);

    const told = await local.client.waitForMail(PEOPLE.approver1, /Hủy chuyến công tác/, before);
    expect(told.text).toContain('Đoàn không bố trí được thời gian');
    await local.client.waitForMail(PEOPLE.requester, /Hủy chuyến công tác/, before);

    // no reminder or timeout after it: weeks pass and nothing more is mailed about the visit
    const quiet = (await local.client.outbox()).length;
    await local.client.clock({ advanceDays: 10 });
    const later = (await local.client.outbox()).slice(quiet);
    expect(later.filter((m) => m.text.includes(id) || m.subject.includes('Trao đổi'))).toEqual([]);
    const visit = await local.client.visit(id, PEOPLE.requester);
    expect(visit.status).toBe('CANCELLED');
    expect((visit.approvals as { status: string }[]).map((a) => a.status)).toEqual(['CANCELLED']);
  });

  it('after the invitation went out, those who had it get its cancellation: METHOD:CANCEL, the same UID, a higher SEQUENCE', async () => {
    const { id, link } = await submit(15);
    const invited = (await listSentMail(local.runtime.mailViewerUrl)).length;
    await approveAll(id, link);
    const invitation = (await sentSince(invited)).find(
      (m) => m.to.includes(PEOPLE.requester) && m.attachments.some((a) => a.filename === 'invitation.ics'),
    );
    const invite = parseIcs(
      attachmentText(invitation?.attachments.find((a) => a.filename === 'invitation.ics')?.content),
    );
    const before = (await listSentMail(local.runtime.mailViewerUrl)).length;

    const res = await local.client.request('POST', `/visits/${id}/cancel`, {
      as: PEOPLE.hostAdmin,
      body: { reason: 'Cơ quan đón đoàn có việc đột xuất' },
    });
    expect(res.status).toBe(200);
    expect((await executionEnd(id)).status).toBe('SUCCEEDED');
    await local.client.waitForMail(
      PEOPLE.requester,
      /Hủy chuyến công tác/,
      (await local.client.outbox()).length - 5,
    );

    const sent = await sentSince(before);
    const toRequester = sent.find((m) => m.to.includes(PEOPLE.requester));
    const file = toRequester?.attachments.find((a) => a.filename === 'cancel.ics');
    expect(file?.contentType).toContain('text/calendar');
    const cancel = parseIcs(attachmentText(file?.content));
    expect(prop(cancel, 'METHOD')).toBe('CANCEL');
    expect(prop(eventOf(cancel), 'UID')).toBe(prop(eventOf(invite), 'UID'));
    expect(Number(prop(eventOf(cancel), 'SEQUENCE'))).toBeGreaterThan(
      Number(prop(eventOf(invite), 'SEQUENCE')),
    );
    expect(prop(eventOf(cancel), 'STATUS')).toBe('CANCELLED');
  });
});

describe('resending a link', () => {
  it('mails the same link again, then answers 429 with Retry-After within 10 minutes, and again after them', async () => {
    const { id, link } = await submit(22);
    const visit = await local.client.visit(id, PEOPLE.requester);
    const open = (visit.approvals as { id: string; status: string }[]).find((a) => a.status === 'PENDING');
    expect(open).toBeDefined();
    const path = `/visits/${id}/approvals/${open?.id}/resend`;
    // the wait stamps its mail's time just after sending it
    await local.runtime.sfn.idle();

    // mailed just now by the lifecycle: too soon
    const early = await local.client.request('POST', path, { as: PEOPLE.requester });
    expect(early.status).toBe(429);
    expect(Number(early.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(early.headers.get('retry-after'))).toBeLessThanOrEqual(600);

    await local.client.clock({ advanceDays: 0.01 });
    const before = (await local.client.outbox()).length;
    const [a, b] = await Promise.all([
      local.client.request('POST', path, { as: PEOPLE.requester }),
      local.client.request('POST', path, { as: PEOPLE.hostAdmin }),
    ]);
    expect([a.status, b.status].sort()).toEqual([202, 429]);
    const resent = await local.client.waitForMail(PEOPLE.approver1, /Gửi lại/, before);
    expect(linkPath(resent, '/approve/')).toBe(link);
    expect(mailTo((await local.client.outbox()).slice(before), PEOPLE.approver1)).toHaveLength(1);

    const stranger = await local.client.request('POST', path, { as: PEOPLE.hostStaff });
    expect(stranger.status).toBe(403);
  });
});

describe('rescheduling a visit', () => {
  it('refuses bad dates, a missing reason and a stranger with nothing written; a retry with the same Idempotency-Key gets the first answer', async () => {
    const { id, link, startDate } = await submit(25);
    const now = await local.client.clock({ advanceDays: 0 });
    const path = `/visits/${id}/reschedule`;
    const as = PEOPLE.requester;
    const bad = async (body: Json) => {
      const res = await local.client.request<ErrorBody>('POST', path, { as, body });
      expect(res.status).toBe(422);
      return Object.keys(res.body.error.fields ?? {});
    };
    expect(await bad({ startDate: dateAfter(now, -2), endDate: dateAfter(now, 3), reason: 'x' })).toEqual([
      'startDate',
    ]);
    expect(await bad({ startDate: dateAfter(now, 320), endDate: dateAfter(now, 321), reason: 'x' })).toEqual([
      'startDate',
    ]);
    expect(await bad({ startDate: dateAfter(now, 30), endDate: dateAfter(now, 29), reason: 'x' })).toEqual([
      'endDate',
    ]);
    expect(await bad({ startDate: dateAfter(now, 30), endDate: dateAfter(now, 31) })).toEqual(['reason']);
    const admin = await local.client.request('POST', path, {
      as: PEOPLE.hostAdmin,
      body: { startDate: dateAfter(now, 30), endDate: dateAfter(now, 31), reason: 'x' },
    });
    expect(admin.status).toBe(403);
    const untouched = await local.client.visit(id, as);
    expect((untouched.request as { startDate: string }).startDate).toBe(startDate);
    expect((await local.client.request('GET', link)).status).toBe(200);

    const body = { startDate: dateAfter(now, 30), endDate: dateAfter(now, 31), reason: 'Trùng kỳ họp HĐND' };
    const headers = { 'idempotency-key': `reschedule-${id}` };
    const before = (await local.client.outbox()).length;
    const first = await local.client.request('POST', path, { as, body, headers });
    const retry = await local.client.request('POST', path, { as, body, headers });
    expect(first.status).toBe(200);
    expect(retry.status).toBe(first.status);
    expect(retry.body).toEqual(first.body);
    const reused = await local.client.request('POST', path, {
      as,
      body: { ...body, reason: 'Khác' },
      headers,
    });
    expect(reused.status).toBe(409);

    // the open link closed with the reason; the chain's first step asked again with the new programme
    const closed = await local.client.request<ErrorBody>('GET', link);
    expect(closed.status).toBe(410);
    expect(closed.body.error.code).toBe('LINK_RESCHEDULED');
    const again = await local.client.waitForMail(PEOPLE.approver1, /phê duyệt/, before);
    expect(linkPath(again, '/approve/')).not.toBe(link);
    await local.client.waitForMail(PEOPLE.requester, /Đổi thời gian/, before);
    const visit = await local.client.waitForStatus(id, as, 'AWAITING_APPROVAL');
    const events = (visit.events as { type: string }[]).filter((e) => e.type === 'RESCHEDULED');
    expect(events).toHaveLength(1);
    const docs = visit.documents as { version: number; number: string }[];
    expect(docs.map((d) => d.version).sort()).toEqual([1, 2]);
    expect(new Set(docs.map((d) => d.number)).size).toBe(1);
  });

  it('after approval, moves the dates, asks the chain again, and the new invitation keeps the UID with a higher SEQUENCE', async () => {
    const { id, link } = await submit(18);
    let mark = (await listSentMail(local.runtime.mailViewerUrl)).length;
    await approveAll(id, link);
    const inviteOf = async (after: number) => {
      const mail = (await sentSince(after)).find(
        (m) => m.to.includes(PEOPLE.requester) && m.attachments.some((a) => a.filename === 'invitation.ics'),
      );
      const file = mail?.attachments.find((a) => a.filename === 'invitation.ics');
      return eventOf(parseIcs(attachmentText(file?.content)));
    };
    const first = await inviteOf(mark);
    const now = await local.client.clock({ advanceDays: 0 });
    mark = (await listSentMail(local.runtime.mailViewerUrl)).length;
    const res = await local.client.request('POST', `/visits/${id}/reschedule`, {
      as: PEOPLE.requester,
      body: { startDate: dateAfter(now, 40), endDate: dateAfter(now, 41), reason: 'Lùi lịch theo đề nghị' },
    });
    expect(res.status).toBe(200);
    const asked = await local.client.waitForMail(PEOPLE.approver1, /phê duyệt/, mark);
    await approveAll(id, linkPath(asked, '/approve/'));
    const second = await inviteOf(mark);
    expect(prop(second, 'UID')).toBe(prop(first, 'UID'));
    expect(Number(prop(second, 'SEQUENCE'))).toBeGreaterThan(Number(prop(first, 'SEQUENCE')));
    expect(prop(second, 'DTSTART;VALUE=DATE') ?? prop(second, 'DTSTART')).toBe(
      dateAfter(now, 40).replaceAll('-', ''),
    );
  });
});

describe('reassigning an approval', () => {
  it('an admin of the host hands it to a person of the host: a new link to them, the old one 410 naming them, the old holder told', async () => {
    const { id, link } = await submit(26);
    const visit = await local.client.visit(id, PEOPLE.requester);
    const approvalId = (visit.approvals as { id: string }[])[0]?.id;
    const path = `/visits/${id}/approvals/${approvalId}/reassign`;
    const refused = async (as: string, body: Json) =>
      local.client.request<ErrorBody>('POST', path, { as, body });

    expect((await refused(PEOPLE.requester, { toEmail: PEOPLE.deputy1, reason: 'x' })).status).toBe(403);
    const outsider = await refused(PEOPLE.hostAdmin, { toEmail: PEOPLE.outsider, reason: 'x' });
    expect(outsider.status).toBe(422);
    expect(Object.keys(outsider.body.error.fields ?? {})).toEqual(['toEmail']);
    const noReason = await refused(PEOPLE.hostAdmin, { toEmail: PEOPLE.deputy1 });
    expect(Object.keys(noReason.body.error.fields ?? {})).toEqual(['reason']);
    expect((await local.client.request('GET', link)).status).toBe(200);

    const before = (await local.client.outbox()).length;
    const headers = { 'idempotency-key': `reassign-${id}` };
    const body = { toEmail: PEOPLE.deputy1, reason: 'Đồng chí Bảo đi công tác nước ngoài' };
    const moved = await local.client.request<Json>('POST', path, { as: PEOPLE.hostAdmin, body, headers });
    expect(moved.status).toBe(200);
    const retry = await local.client.request<Json>('POST', path, { as: PEOPLE.hostAdmin, body, headers });
    expect(retry.body).toEqual(moved.body);

    const old = await local.client.request<ErrorBody>('GET', link);
    expect(old.status).toBe(410);
    expect(old.body.error.code).toBe('LINK_REASSIGNED');
    const mail = await local.client.waitForMail(PEOPLE.deputy1, /phê duyệt/, before);
    await local.client.waitForMail(PEOPLE.approver1, /Chuyển yêu cầu phê duyệt/, before);
    expect(mailTo((await local.client.outbox()).slice(before), PEOPLE.deputy1)).toHaveLength(1);
    const decided = await local.client.request('POST', linkPath(mail, '/approve/'), {
      form: { decision: 'approve' },
    });
    expect(decided.status).toBe(200);
    await local.client.waitForMail(PEOPLE.approver2, /phê duyệt/, before);
    const after = await local.client.visit(id, PEOPLE.requester);
    expect((after.approvals as { status: string }[]).map((a) => a.status).slice(0, 2)).toEqual([
      'REASSIGNED',
      'DECIDED',
    ]);
  });
});

describe('the change forms, as a browser posts them', () => {
  it('the cancel confirmation keeps what was typed on a refusal, and a confirmed cancel goes back to the visit page', async () => {
    const { id } = await submit(27);
    const html = { accept: 'text/html' };
    const page = await local.client.request<string>('GET', `/visits/${id}/cancel`, {
      as: PEOPLE.requester,
      headers: html,
    });
    expect(page.status).toBe(200);
    expect(page.body).toContain('name="confirm"');

    const refused = await local.client.request<string>('POST', `/visits/${id}/cancel`, {
      as: PEOPLE.requester,
      headers: html,
      form: { reason: '', _key: 'form-key-0001' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toContain('Lý do');
    expect(refused.body).toContain('value="form-key-0001"');

    const done = await local.client.request<string>('POST', `/visits/${id}/cancel`, {
      as: PEOPLE.requester,
      headers: html,
      form: { reason: 'Đoàn bận', confirm: 'yes', _key: 'form-key-0001' },
    });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`/visits/${id}`);
    const shown = await local.client.request<string>('GET', `/visits/${id}`, {
      as: PEOPLE.requester,
      headers: html,
    });
    expect(shown.body).toContain('Đã hủy bởi Nguyễn Thị Hương');
    expect(shown.body).toContain('Đoàn bận');
  });

  it('a resend too soon shows its page with Retry-After; the reschedule form shows refused dates beside the field', async () => {
    const { id } = await submit(28);
    const html = { accept: 'text/html' };
    const visit = await local.client.visit(id, PEOPLE.requester);
    const open = (visit.approvals as { id: string }[])[0]?.id;
    await local.runtime.sfn.idle();
    const soon = await local.client.request<string>('POST', `/visits/${id}/approvals/${open}/resend`, {
      as: PEOPLE.requester,
      headers: html,
      form: {},
    });
    expect(soon.status).toBe(429);
    expect(Number(soon.headers.get('retry-after'))).toBeGreaterThan(0);

    const now = await local.client.clock({ advanceDays: 0 });
    const refused = await local.client.request<string>('POST', `/visits/${id}/reschedule`, {
      as: PEOPLE.requester,
      headers: html,
      form: { startDate: dateAfter(now, -1), endDate: dateAfter(now, 2), reason: 'Lùi lịch' },
    });
    expect(refused.status).toBe(422);
    // shown as typed dates are shown: dd/mm/yyyy
    expect(refused.body).toContain(`value="${dateAfter(now, -1).split('-').reverse().join('/')}"`);
    expect(refused.body).toContain('không được ở quá khứ');
  });
});
