/** The pages of the changes to a visit: the buttons each viewer gets, the confirmation step, the forms, closed links. */
import { describe, expect, it } from 'vitest';
import { changesOffered } from '#domain/actions/visit-changes.ts';
import type { Identity } from '#domain/directory/users.ts';
import { linkProblemPage } from '#templates/pages/errors.ts';
import type { Viewer } from '#templates/pages/layout.ts';
import { cancelPage, reassignPage, reschedulePage } from '#templates/pages/visit-changes.ts';
import { visitPage } from '#templates/pages/visits.ts';
import { approval, event, HOSTILE, visit } from './fixtures.ts';

const requester: Identity = {
  email: 'huong.nt@btgtu.thanhhoa.example',
  name: 'Nguyễn Thị Hương',
  roles: ['staff'],
  agencyId: 'btgtu-thanh-hoa',
};
const hostAdmin: Identity = {
  email: 'admin@btgtu.quangnam.example',
  name: 'Quản trị',
  roles: ['staff', 'admin'],
  agencyId: 'btgtu-quang-nam',
};
const hostStaff: Identity = { ...hostAdmin, email: 'staff@btgtu.quangnam.example', roles: ['staff'] };
const viewerOf = (user: Identity): Viewer => ({
  lang: 'vi',
  path: '/visits/v-2026-0001',
  user,
  csrf: 'csrf-1',
});
const NOW = new Date('2026-07-21T03:00:00Z');
const RESCHEDULABLE = ['AWAITING_APPROVAL', 'CHANGES_REQUESTED', 'APPROVED', 'AWAITING_MINUTES'] as const;

function pageFor(user: Identity, v = visit(), approvals = [approval()]) {
  const offered = changesOffered(v, approvals, user, NOW, RESCHEDULABLE);
  return visitPage(viewerOf(user), {
    visit: v,
    documents: [],
    approvals,
    events: [],
    offered,
    actions: [],
    today: '2026-07-21',
  });
}

describe('the visit page offers each viewer the changes they may make', () => {
  it('the requester: cancel (through its confirmation page), reschedule, resend; no reassign', () => {
    const html = pageFor(requester);
    expect(html).toContain('href="/visits/v-2026-0001/cancel"');
    expect(html).toContain('href="/visits/v-2026-0001/reschedule"');
    expect(html).toContain('action="/visits/v-2026-0001/approvals/agenda-1-0-approver/resend"');
    expect(html).not.toContain('/reassign"');
    // the resend form is a CSRF-guarded post with its own idempotency key
    expect(html).toMatch(/resend" class="inline"><input type="hidden" name="_csrf" value="csrf-1">/);
  });

  it("the host's admin: cancel, reassign and resend; not reschedule", () => {
    const html = pageFor(hostAdmin);
    expect(html).toContain('href="/visits/v-2026-0001/cancel"');
    expect(html).toContain('href="/visits/v-2026-0001/approvals/agenda-1-0-approver/reassign"');
    expect(html).not.toContain('/reschedule"');
  });

  it('other staff of the host get no buttons; once the visit has begun only a resend; once it ended, none', () => {
    expect(pageFor(hostStaff)).not.toMatch(/\/(cancel|reschedule|reassign|resend)"/);
    const begun = new Date('2026-08-24T02:00:00Z');
    const offered = changesOffered(visit(), [approval()], requester, begun, RESCHEDULABLE);
    // only a resend, for the sign-off asked after the visit
    expect(offered).toEqual({
      cancel: false,
      reschedule: false,
      reassign: [],
      resend: ['agenda-1-0-approver'],
    });
    const cancelled = visit({
      status: 'CANCELLED',
      cancellation: { by: requester.email, byName: requester.name, at: NOW.toISOString(), reason: HOSTILE },
    });
    const html = pageFor(requester, cancelled, [
      approval({
        status: 'CANCELLED',
        closed: {
          cause: 'cancel',
          by: requester.email,
          byName: requester.name,
          at: NOW.toISOString(),
          reason: 'x',
        },
      }),
    ]);
    expect(html).not.toMatch(/\/(cancel|reschedule|reassign|resend)"/);
    expect(html).toContain('Đã hủy bởi Nguyễn Thị Hương');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain(HOSTILE);
  });

  it('the history names the change, who made it and why', () => {
    const html = visitPage(viewerOf(requester), {
      actions: [],
      today: '2026-07-21',
      visit: visit(),
      documents: [],
      approvals: [],
      events: [
        event(1, 'CANCELLED', requester.email, { reason: `Lý do ${HOSTILE}` }),
        event(2, 'RESCHEDULED', requester.email, {
          reason: 'Trùng lịch',
          to: { startDate: '2026-09-01', endDate: '2026-09-02' },
        }),
        event(3, 'REASSIGNED', hostAdmin.email, { toName: 'Trần Văn Phó', reason: 'Đi vắng' }),
        event(4, 'RESENT', requester.email, { toName: 'Nguyễn Hữu Sáng' }),
      ],
    });
    expect(html).toContain('Hủy chuyến công tác — “Lý do &lt;script&gt;');
    expect(html).toContain('Đổi thời gian chuyến công tác: 01/09/2026 – 02/09/2026 — “Trùng lịch”');
    expect(html).toContain('Chuyển người phê duyệt cho Trần Văn Phó — “Đi vắng”');
    expect(html).toContain('Gửi lại liên kết cho Nguyễn Hữu Sáng');
  });
});

describe('the change forms', () => {
  it('the cancel is a confirmation step: the reason, the confirm button, the way back, CSRF and a key', () => {
    const html = cancelPage(viewerOf(requester), visit(), {
      lang: 'vi',
      values: { reason: HOSTILE, _key: 'key-12345678' },
      errors: {},
    });
    expect(html).toContain('action="/visits/v-2026-0001/cancel"');
    expect(html).toContain('name="confirm" value="yes"');
    expect(html).toContain('href="/visits/v-2026-0001"');
    expect(html).toContain('name="_csrf" value="csrf-1"');
    expect(html).toContain('name="_key" value="key-12345678"');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)');
  });

  it('the reschedule and reassign forms keep what was typed and show the errors beside the fields', () => {
    const state = {
      lang: 'vi' as const,
      values: { startDate: '2026-01-01', reason: 'x' },
      errors: { startDate: 'Ngày bắt đầu: không được ở quá khứ' },
    };
    const html = reschedulePage(viewerOf(requester), visit(), state);
    expect(html).toContain('value="01/01/2026"');
    expect(html).toContain('không được ở quá khứ');
    const people = [
      { name: 'Nguyễn Hữu Sáng', position: 'Phó Trưởng ban', email: 'sang.nh@btgtu.quangnam.example' },
      { name: 'Trần Văn Phó', position: 'Phó Trưởng ban', email: 'pho.tv@btgtu.quangnam.example' },
    ];
    const form = reassignPage(viewerOf(hostAdmin), visit(), approval(), people, {
      lang: 'vi',
      values: {},
      errors: {},
    });
    // the current holder is not offered
    expect(form).toContain('value="pho.tv@btgtu.quangnam.example"');
    expect(form).not.toContain('value="sang.nh@btgtu.quangnam.example"');
  });

  it('a link a change closed says what happened, in the page’s language', () => {
    const html = linkProblemPage(
      { lang: 'en', path: '/approve/x' },
      { status: 410, closed: { message: HOSTILE } },
    );
    expect(html).toContain('This link no longer works');
    expect(html).toContain('&lt;script&gt;');
  });
});
