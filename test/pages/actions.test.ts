/**
 * The action items' pages as rendered: what people typed is escaped everywhere, the host secretary alone gets the
 * forms that answer for an owner and the report's button, the owner's page carries no session and no CSRF token,
 * and a done item says by whom and when.
 */
import { describe, expect, it } from 'vitest';
import type { ActionItem } from '#domain/follow-up/items.ts';
import {
  actionDonePage,
  actionLinkPage,
  actionListPage,
  actionsSection,
  answerFormPage,
} from '#templates/pages/actions.ts';
import type { Viewer } from '#templates/pages/layout.ts';
import { HOSTILE, visit } from './fixtures.ts';

const archived = visit({ status: 'ARCHIVED' });
const secretary: Viewer = {
  lang: 'vi',
  path: `/visits/${archived.id}`,
  user: { name: 'Lê Thị Hoa', roles: ['staff', 'secretary'], agencyId: 'btgtu-quang-nam' },
  csrf: 'csrf-token-value',
};
const visitingStaff: Viewer = {
  ...secretary,
  user: { name: 'Nguyễn Thị Hương', roles: ['staff', 'secretary'], agencyId: 'btgtu-thanh-hoa' },
};

function item(over: Partial<ActionItem> = {}): ActionItem {
  return {
    visitId: archived.id,
    id: 'a1',
    task: `Gửi tài liệu ${HOSTILE}`,
    owner: `Văn phòng ${HOSTILE}`,
    ownerEmail: 'ha.ttt@btgtu.quangnam.example',
    due: '2026-09-15',
    status: 'open',
    hostAgencyId: 'btgtu-quang-nam',
    visitingAgencyId: 'btgtu-thanh-hoa',
    visitTitle: archived.request.title,
    language: 'vi',
    reminders: 2,
    version: 3,
    createdAt: '2026-08-24T05:00:00.000Z',
    updatedAt: '2026-08-24T05:00:00.000Z',
    ...over,
  };
}

function expectSafe(html: string): void {
  expect(html).not.toContain('<script>alert');
  expect(html).not.toMatch(/\sstyle=/);
  expect(html).toContain('&lt;script&gt;');
}

describe('a visit’s action items', () => {
  it('escape the task, the owner and the note, and show overdue, open and done apart', () => {
    const html = actionsSection(secretary, {
      visit: archived,
      items: [
        item(),
        item({ id: 'a2', due: '2026-09-30' }),
        item({ id: 'a3', status: 'done', doneAt: '2026-09-10T03:00:00.000Z', note: `Xong ${HOSTILE}` }),
      ],
      today: '2026-09-20',
    });
    expectSafe(html);
    expect([...html.matchAll(/data-action-state="(\w+)"/g)].map((m) => m[1])).toEqual([
      'overdue',
      'open',
      'done',
    ]);
    expect(html).toContain('Xong &lt;script&gt;');
  });

  it('give the host secretary a form per item and the report’s button, each with the CSRF token; no one else', () => {
    const data = {
      visit: archived,
      items: [item(), item({ id: 'a2', status: 'done' as const })],
      today: '2026-09-01',
    };
    const html = actionsSection(secretary, data);
    expect(html).toContain(`action="/visits/${archived.id}/actions/a1/done"`);
    expect(html).toContain(`action="/visits/${archived.id}/actions/a2/reopen"`);
    expect(html).toContain(`action="/visits/${archived.id}/report"`);
    expect(html.match(/name="_csrf" value="csrf-token-value"/g)).toHaveLength(3);
    const other = actionsSection(visitingStaff, data);
    expect(other).not.toContain('<form');
  });
});

describe('the owner’s link', () => {
  it('shows the item and one button, with no navigation, no session and no CSRF token', () => {
    const html = actionLinkPage(
      { lang: 'vi', path: '/actions/tok' },
      {
        item: item(),
        visit: archived,
        today: '2026-09-01',
        token: 'tok',
        state: { lang: 'vi', values: {}, errors: {} },
      },
    );
    expectSafe(html);
    expect(html).toContain('action="/actions/tok"');
    expect(html).not.toContain('_csrf');
    expect(html).not.toContain('main-nav');
  });

  it('says by whom and when a done item was marked done, with its note, in English too', () => {
    const done = item({
      status: 'done',
      doneAt: '2026-09-10T03:00:00.000Z',
      doneBy: 'hoa.lt@btgtu.quangnam.example',
      doneByName: 'Lê Thị Hoa',
      note: 'Sent.',
    });
    const html = actionDonePage(
      { lang: 'en', path: '/actions/tok' },
      { item: done, visit: archived, today: '2026-09-20', justNow: false },
    );
    expect(html).toContain('This action is already done');
    expect(html).toContain('10/09/2026 10:00');
    expect(html).toContain('Lê Thị Hoa');
    expect(html).toContain('Sent.');
  });
});

describe('the agency’s list and the secretary’s answer', () => {
  it('keep the filter typed and its error, and the note typed beside its error', () => {
    const list = actionListPage(secretary, {
      items: [item()],
      today: '2026-09-20',
      values: { status: 'late', q: HOSTILE },
      errors: { status: 'Tình trạng: chỉ được chọn open, done, overdue' },
    });
    expectSafe(list);
    expect(list).toContain('Tình trạng: chỉ được chọn open, done, overdue');
    const answer = answerFormPage(secretary, {
      visit: archived,
      item: item(),
      kind: 'reopen',
      state: { lang: 'vi', values: { note: HOSTILE }, errors: { note: 'Ghi chú: bắt buộc nhập' } },
    });
    expectSafe(answer);
    expect(answer).toContain(`action="/visits/${archived.id}/actions/a1/reopen"`);
    expect(answer).toContain('Ghi chú: bắt buộc nhập');
  });
});
