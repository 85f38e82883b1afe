import { describe, expect, it } from 'vitest';
import { seedAgency, seedAgencyRecords } from '#domain/directory/seed.ts';
import { approvalPage, confirmDecision, decisionRecorded } from '#templates/pages/approval.ts';
import { upcomingSteps } from '#templates/pages/chain.ts';
import { errorPage, linkProblemPage } from '#templates/pages/errors.ts';
import { fieldName } from '#templates/pages/forms.ts';
import type { Viewer } from '#templates/pages/layout.ts';
import { withLang } from '#templates/pages/layout.ts';
import { minutesForm, minutesValues } from '#templates/pages/minutes-form.ts';
import { newRequestValues, requestForm } from '#templates/pages/request-form.ts';
import { visitListPage, visitPage } from '#templates/pages/visits.ts';
import { approval, event, HOSTILE, minutesVisit, visit } from './fixtures.ts';

const staff: Viewer = {
  lang: 'vi',
  path: '/visits/new',
  user: { name: 'Nguyễn Thị Hương', roles: ['staff'], agencyId: 'btgtu-thanh-hoa' },
  csrf: 'csrf-token-value',
};
const host = seedAgency('btgtu-quang-nam')!;

/** Every rendered page: no inline script, no inline style, no unescaped hostile text. */
function expectSafe(html: string): void {
  expect(html).not.toContain('<script>alert');
  expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
  expect(html).not.toMatch(/\sstyle=/);
  expect(html).not.toMatch(/\son[a-z]+=/);
}

/** The element (and what follows it up to the end of its field) for a form name. */
function fieldBlock(html: string, name: string): string {
  const at = html.indexOf(`name="${name}"`);
  expect(at, name).toBeGreaterThan(0);
  const start = html.lastIndexOf('<div class="field', at);
  return html.slice(start, html.indexOf('</div>', at) + 6);
}

describe('the request form', () => {
  it('escapes what was typed, in values and in textareas, and keeps it', () => {
    const values = {
      ...newRequestValues({
        name: 'Hương',
        email: 'huong.nt@btgtu.thanhhoa.example',
        agencyId: 'btgtu-thanh-hoa',
      }),
      title: HOSTILE,
      purpose: HOSTILE,
      members: [{ name: HOSTILE, position: 'x' }],
    };
    const html = requestForm({
      latestStart: '2031-05-28',
      viewer: staff,
      agencies: seedAgencyRecords().map((r) => r.versions.at(-1)!),
      state: { lang: 'vi', values, errors: {} },
    });
    expectSafe(html);
    expect(html).toContain(
      'value="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &quot;quoted&quot; &amp; &#39;single&#39;"',
    );
    expect(html).toContain(
      '>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &quot;quoted&quot; &amp; &#39;single&#39;</textarea>',
    );
    expect(fieldBlock(html, 'members[0][name]')).toContain('&lt;script&gt;');
  });

  it('asks the day of each agenda item as dd/mm/yyyy, for visits of several days', () => {
    const values = {
      ...newRequestValues({ name: 'H', email: 'h@x.example', agencyId: 'btgtu-thanh-hoa' }),
      agenda: [{ date: '2026-08-25', start: '08:00', end: '09:00', content: 'Trao đổi', presenter: '' }],
    };
    const html = requestForm({
      viewer: staff,
      agencies: seedAgencyRecords().map((r) => r.versions.at(-1)!),
      state: { lang: 'vi', values, errors: {} },
      latestStart: '2027-06-01',
    });
    const day = fieldBlock(html, 'agenda[0][date]');
    expect(day).toContain('value="25/08/2026"');
    expect(day).toContain('placeholder="dd/mm/yyyy"');
  });

  it('places each error beside its field, marks the field invalid and lists it at the top', () => {
    const values = {
      ...newRequestValues({ name: 'H', email: 'h@x.example', agencyId: 'btgtu-thanh-hoa' }),
      endDate: '2026-08-01',
    };
    const errors = {
      endDate: 'Ngày kết thúc: không được trước ngày bắt đầu',
      'members[0].name': 'Họ tên thành viên thứ 1: bắt buộc nhập',
      'contact.phone': 'Điện thoại người liên hệ: sai định dạng',
      topics: 'Nội dung cần trao đổi: cần ít nhất 1',
    };
    const html = requestForm({
      latestStart: '2031-05-28',
      viewer: staff,
      agencies: seedAgencyRecords().map((r) => r.versions.at(-1)!),
      state: { lang: 'vi', values, errors },
    });
    const end = fieldBlock(html, 'endDate');
    expect(end).toContain('aria-invalid="true"');
    expect(end).toContain('value="01/08/2026"');
    expect(end).toContain(
      '<p class="error" id="f-endDate-error">Ngày kết thúc: không được trước ngày bắt đầu</p>',
    );
    expect(fieldBlock(html, 'members[0][name]')).toContain('bắt buộc nhập');
    expect(fieldBlock(html, 'contact[phone]')).toContain('sai định dạng');
    expect(html).toMatch(/<fieldset class="rows has-error" data-group="topics"[\s\S]*?cần ít nhất 1/);
    expect(html).toContain('<div class="error-summary" role="alert"');
    expect(html).toContain('href="#f-members-0-name"');
  });

  it('renders one row per posted row, with add and remove buttons that post the form', () => {
    const values = {
      members: [
        { name: 'A', position: 'a' },
        { name: 'B', position: 'b' },
        { name: '', position: '' },
      ],
    };
    const html = requestForm({
      latestStart: '2031-05-28',
      viewer: staff,
      agencies: seedAgencyRecords().map((r) => r.versions.at(-1)!),
      state: { lang: 'vi', values, errors: {} },
    });
    expect(html).toContain('name="members[2][name]"');
    expect(html).not.toContain('name="members[3][name]"');
    expect(html).toContain(
      '<button class="secondary add" type="submit" name="_add" value="members" formnovalidate>',
    );
    expect(html).toContain('name="_remove" value="members.1"');
  });

  it('carries the CSRF token of the session, and posts to /visits', () => {
    const html = requestForm({
      latestStart: '2031-05-28',
      viewer: staff,
      agencies: seedAgencyRecords().map((r) => r.versions.at(-1)!),
      state: { lang: 'vi', values: {}, errors: {} },
    });
    expect(html).toContain('<form method="post" action="/visits"');
    expect(html).toContain('<input type="hidden" name="_csrf" value="csrf-token-value">');
  });

  it('shows the approver’s comment on the revision form and keeps the agencies fixed', () => {
    const v = visit();
    const html = requestForm({
      latestStart: '2031-05-28',
      viewer: { lang: 'en', path: '/x' },
      agencies: seedAgencyRecords().map((r) => r.versions.at(-1)!),
      state: { lang: 'en', values: v.request as unknown as Record<string, unknown>, errors: {} },
      revision: { visitId: v.id, token: 'tok', comment: HOSTILE, expiresAt: '2026-07-25T10:00:00Z' },
    });
    expectSafe(html);
    expect(html).toContain('<blockquote>&lt;script&gt;');
    expect(html).toContain('action="/visits/v-2026-0001/revise/tok"');
    expect(html).toContain('<input type="hidden" name="hostAgencyId" value="btgtu-quang-nam">');
    expect(html).not.toContain('<select id="f-hostAgencyId"');
  });
});

describe('the field names', () => {
  it('turns the domain’s field paths into form names', () => {
    expect(fieldName('members[0].name')).toBe('members[0][name]');
    expect(fieldName('contact.email')).toBe('contact[email]');
    expect(fieldName('topics[3]')).toBe('topics[3]');
    expect(fieldName('title')).toBe('title');
  });
});

describe('the visit pages', () => {
  it('lists the agency’s visits with their status labels and links', () => {
    const html = visitListPage(staff, [visit(), visit({ id: 'v-2', status: 'ARCHIVED' })]);
    expectSafe(html);
    expect(html).toContain('href="/visits/v-2026-0001"');
    expect(html).toContain('Chờ phê duyệt');
    expect(html).toContain('Đã lưu trữ');
    expect(html).toContain('href="/visits/new"');
  });

  it('shows no "new request" button to a secretary who is not staff', () => {
    const html = visitListPage({ ...staff, user: { name: 'S', roles: ['secretary'] } }, []);
    expect(html).not.toContain('href="/visits/new"');
  });

  it('shows status, documents, approvals and the timeline, escaping comments and event data', () => {
    const html = visitPage(staff, {
      visit: visit(),
      documents: [
        {
          id: 'agenda-v1',
          kind: 'agenda',
          version: 1,
          number: '05/CTr-BTGTU',
          key: 'k',
          sha256: 'a'.repeat(64),
          size: 14_000,
          templateVersion: 't',
          createdAt: '2026-07-20T02:01:00Z',
        },
      ],
      approvals: [
        approval({
          status: 'DECIDED',
          decision: 'changes',
          comment: HOSTILE,
          decidedAt: '2026-07-21T03:00:00Z',
        }),
      ],
      events: [
        event(1, 'SUBMITTED', 'huong.nt@btgtu.thanhhoa.example'),
        event(2, 'DECIDED', 'sang.nh@btgtu.quangnam.example', { decision: 'changes', comment: HOSTILE }),
      ],
      actions: [],
      today: '2026-08-01',
    });
    expectSafe(html);
    expect(html).toContain('data-status="AWAITING_APPROVAL"');
    expect(html).toContain('href="/visits/v-2026-0001/documents/agenda-v1"');
    expect(html).toContain('05/CTr-BTGTU');
    expect(html).toContain('Đã yêu cầu chỉnh sửa');
    expect(html).toContain('Nguyễn Hữu Sáng');
    expect(html).not.toContain('secret-task-token');
    // the hashes are the auditors' (the archive shows them), not staff's
    expect(html).not.toContain('a'.repeat(16));
    expect(html).not.toContain('SHA-256');
  });

  it('names the people of the visit’s agencies in its history, never their addresses', () => {
    const host = seedAgency('btgtu-quang-nam');
    const data = {
      visit: visit(),
      documents: [],
      approvals: [],
      events: [
        event(1, 'NOTICE_SENT', 'system', { notice: 'approved', to: [host.secretary.email] }),
        event(2, 'NOTICE_SENT', 'system', { notice: 'approved', to: ['stranger@elsewhere.example'] }),
      ],
      actions: [],
      today: '2026-08-01',
    };
    const named = visitPage(staff, { ...data, people: [host.secretary] });
    expect(named).toContain(host.secretary.name);
    expect(named).not.toContain(host.secretary.email);
    // an address no one is known by stands for itself
    expect(named).toContain('stranger@elsewhere.example');
    expect(visitPage(staff, data)).toContain(host.secretary.email);
  });

  it('offers the minutes form to the host secretary when the visit awaits minutes', () => {
    const secretary: Viewer = {
      lang: 'vi',
      path: '/',
      user: { name: 'Hoa', roles: ['staff', 'secretary'], agencyId: 'btgtu-quang-nam' },
    };
    const data = {
      visit: visit({ status: 'AWAITING_MINUTES' }),
      documents: [],
      approvals: [],
      events: [],
      actions: [],
      today: '2026-08-01',
    };
    data.today = data.visit.request.startDate;
    expect(visitPage(secretary, data)).toContain('href="/visits/v-2026-0001/minutes"');
    expect(visitPage(staff, data)).not.toContain('/minutes"');
    // from the visit's first day, not before (the minutes record what happened)
    const start = data.visit.request.startDate;
    expect(visitPage(secretary, { ...data, today: start })).toContain('/minutes"');
    const before = visitPage(secretary, { ...data, today: '2000-01-01' });
    expect(before).not.toContain('/minutes"');
    expect(before).toContain('Biên bản được ghi từ ngày');
  });
});

describe('the minutes form', () => {
  it('offers only the host agency’s approvers as chair and prefills from the visit', () => {
    const v = visit({ status: 'AWAITING_MINUTES' });
    const values = minutesValues(v, host, { name: 'Lê Thị Hoa' });
    const html = minutesForm({ viewer: staff, visit: v, host, state: { lang: 'vi', values, errors: {} } });
    expectSafe(html);
    const chair = html.slice(
      html.indexOf('<select id="f-chair-email"'),
      html.indexOf('</select>', html.indexOf('f-chair-email')),
    );
    expect(chair).toContain('value="lan.ntt@btgtu.quangnam.example" selected');
    expect(chair).toContain('value="sang.nh@btgtu.quangnam.example"');
    expect(chair).not.toContain('thanhhoa');
    expect(html).toContain(
      'name="startedAt[date]" type="text" inputmode="numeric" autocomplete="off" placeholder="dd/mm/yyyy" value="24/08/2026"',
    );
    expect(html).toContain('name="startedAt[time]" type="time" value="08:00"');
    expect(html).toContain('name="attendees[0][side]"');
    expect(html).toContain('&lt;script&gt;');
  });

  it('shows the chair’s comment when the minutes were sent back', () => {
    const v = visit({ status: 'AWAITING_MINUTES' });
    const html = minutesForm({
      viewer: staff,
      visit: v,
      host,
      state: { lang: 'vi', values: {}, errors: {} },
      comment: HOSTILE,
    });
    expectSafe(html);
    expect(html).toContain('Chủ tọa yêu cầu chỉnh sửa biên bản');
  });
});

describe('the approval pages', () => {
  const viewer: Viewer = { lang: 'vi', path: '/approve/tok' };

  it('shows the draft, its download and only the decisions offered, without a CSRF field', () => {
    const html = approvalPage(viewer, {
      approval: approval({ kind: 'minutes', role: 'chair' }),
      visit: minutesVisit(),
      document: { number: '05/BB-BTGTU', version: 1, size: 13_000, kind: 'minutes' },
      token: 'tok',
      decisions: ['approve', 'changes'],
      state: { lang: 'vi', values: {}, errors: {} },
    });
    expectSafe(html);
    expect(html).toContain('href="/approve/tok/document"');
    expect(html).toContain('value="approve"');
    expect(html).toContain('value="changes"');
    expect(html).not.toContain('value="reject"');
    // the sign-off offers no rejection, and says so; it lists who attended by name and side
    expect(html).toContain('Ý kiến (bắt buộc khi yêu cầu chỉnh sửa)');
    expect(html).not.toContain('từ chối');
    const attended = minutesVisit().minutes?.attendees ?? [];
    expect(attended.length).toBeGreaterThan(0);
    for (const a of attended) expect(html).toContain(`<li>${a.name} — `);
    expect(html).toContain('<strong>Bên đón đoàn</strong>');
    expect(html).not.toContain('_csrf');
    expect(html).toContain('Kết luận &lt;script&gt;');
  });

  it('keeps the comment typed and shows why it was refused', () => {
    const html = approvalPage(viewer, {
      approval: approval(),
      visit: visit(),
      token: 'tok',
      decisions: ['approve', 'changes', 'reject'],
      state: { lang: 'vi', values: { comment: HOSTILE }, errors: { comment: 'Ý kiến: bắt buộc' } },
    });
    expect(fieldBlock(html, 'comment')).toContain('&lt;script&gt;');
    expect(fieldBlock(html, 'comment')).toContain('Ý kiến: bắt buộc');
    // on a phone: the decision bar comes before the draft, and a refused post comes back at its errors
    expect(html.indexOf('id="decide"')).toBeLessThan(html.indexOf('class="card summary"'));
    expect(html).toContain('action="/approve/tok#errors"');
    expect(html).toContain('Phê duyệt</button>');
    expect(html).toContain('Yêu cầu chỉnh sửa</button>');
    expect(html).toContain('Từ chối</button>');
    expect(html).toContain('Ý kiến (bắt buộc khi yêu cầu chỉnh sửa hoặc từ chối)');
  });

  it('asks to confirm a rejection with its comment, posting it again with confirm=yes', () => {
    const html = confirmDecision(viewer, {
      token: 'tok',
      decision: 'reject',
      comment: HOSTILE,
      kind: 'agenda',
      visit: visit(),
    });
    expectSafe(html);
    expect(html).toContain('<h1>Xác nhận từ chối</h1>');
    expect(html).toContain('action="/approve/tok"');
    expect(html).toContain('<input type="hidden" name="decision" value="reject">');
    expect(html).toContain('name="confirm" value="yes"');
    expect(html).toContain('<blockquote>&lt;script&gt;');
    // the language switch posts the decision back, so the form comes again with the comment kept
    expect(html).toContain('form="confirm" name="_lang" value="en"');
  });

  it('shows the decisions made so far by name, and the chain’s steps not reached yet', () => {
    const decided = approval({
      status: 'DECIDED',
      decision: 'changes',
      comment: HOSTILE,
      decidedAt: '2026-07-21T03:00:00Z',
      decidedBy: 'sang.nh@btgtu.quangnam.example',
    });
    const html = approvalPage(viewer, {
      approval: approval({ id: 'agenda-2-0-approver', createdAt: '2026-07-22T02:00:00.000Z' }),
      visit: visit(),
      token: 'tok',
      decisions: ['approve', 'changes', 'reject'],
      approvals: [decided],
      state: { lang: 'vi', values: {}, errors: {} },
    });
    expectSafe(html);
    const chain = html.slice(html.indexOf('Ý kiến đã có'));
    expect(chain).toContain('Nguyễn Hữu Sáng');
    expect(chain).toContain('Đã yêu cầu chỉnh sửa');
    expect(chain).toContain('21/07/2026 10:00');
    expect(html).not.toContain('sang.nh@');
    const khoa = { name: 'Lê Minh Khoa', position: 'Trưởng ban', email: 'khoa@x.example' };
    const chainOf = [{ approver: approval().person }, { approver: khoa }];
    expect(upcomingSteps(chainOf, [approval()])).toEqual([{ step: 1, approver: khoa }]);
    // after a revision the round starts again at step 0
    expect(
      upcomingSteps(chainOf, [approval({ step: 1 }), approval({ createdAt: '2026-07-25T00:00:00Z' })]),
    ).toEqual([{ step: 1, approver: khoa }]);
    expect(upcomingSteps(chainOf, [])).toHaveLength(2);
  });

  it('confirms the decision recorded', () => {
    const html = decisionRecorded(viewer, {
      decision: 'reject',
      kind: 'agenda',
      visit: visit(),
      comment: HOSTILE,
    });
    expectSafe(html);
    expect(html).toContain('Đã từ chối');
  });

  it('says by whom and when a used link was decided', () => {
    const html = linkProblemPage(viewer, {
      status: 409,
      decidedBy: 'sang.nh@btgtu.quangnam.example',
      decidedByName: 'Nguyễn Hữu Sáng',
      decidedAt: '2026-07-21T03:00:00Z',
      decision: 'approve',
    });
    expect(html).toContain('Liên kết đã được sử dụng');
    expect(html).toContain('Nguyễn Hữu Sáng');
    expect(html).toContain('21/07/2026 10:00');
  });

  it('explains an expired and an unknown link, in English too', () => {
    expect(linkProblemPage({ lang: 'en', path: '/' }, { status: 410 })).toContain('This link has expired');
    expect(linkProblemPage({ lang: 'en', path: '/' }, { status: 404 })).toContain('This link does not exist');
  });
});

describe('the page shell', () => {
  it('links the other language on the same page, and names the user with a sign-out form', () => {
    const html = errorPage(staff, {
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      message: 'Dữ liệu gửi lên vượt quá 1 MB',
    });
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('href="/visits/new?lang=en"');
    expect(html).toContain(
      '<form class="sign-out" method="post" action="/auth/sign-out"><input type="hidden" name="_csrf"',
    );
    expect(html).toContain('1 MB');
    expect(withLang('/?cursor=a%26b&lang=vi', 'en')).toBe('/?cursor=a%26b&lang=en');
  });
});
