import { describe, expect, it } from 'vitest';
import type { ActionItem } from '#domain/follow-up/items.ts';
import { todoCount, todoOf, visitMatches } from '#domain/todo.ts';
import { visit } from '../pages/fixtures.ts';

const HOST = 'btgtu-quang-nam';
const SENDER = 'btgtu-thanh-hoa';

function item(over: Partial<ActionItem>): ActionItem {
  return {
    visitId: 'v-1',
    id: 'a1',
    task: 'Gửi tài liệu',
    owner: 'Văn phòng',
    due: '2026-09-10',
    status: 'open',
    hostAgencyId: HOST,
    visitingAgencyId: SENDER,
    visitTitle: 'T',
    language: 'vi',
    ...over,
  } as ActionItem;
}

describe('the to-do of an agency', () => {
  const minutes = visit({ id: 'm', status: 'AWAITING_MINUTES' });
  const startDate = minutes.request.startDate;

  it('gives the host secretary the minutes from the visit’s first day, not before', () => {
    const secretary = { agencyId: HOST, roles: ['secretary'] };
    expect(todoOf(secretary, [minutes], [], startDate).minutes).toEqual([minutes]);
    const dayBefore = new Date(Date.parse(`${startDate}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    expect(todoOf(secretary, [minutes], [], dayBefore).minutes).toEqual([]);
    // staff who are not secretaries, and the sending agency, record no minutes
    expect(todoOf({ agencyId: HOST, roles: ['staff'] }, [minutes], [], startDate).minutes).toEqual([]);
    expect(todoOf({ agencyId: SENDER, roles: ['secretary'] }, [minutes], [], startDate).minutes).toEqual([]);
  });

  it('lists the host’s approvals waiting, the sender’s requests to revise, and the items due within a week', () => {
    const waiting = visit({ id: 'w', status: 'AWAITING_APPROVAL' });
    const sentBack = visit({ id: 'c', status: 'CHANGES_REQUESTED' });
    const actions = [
      item({ id: 'late', due: '2026-09-01' }),
      item({ id: 'soon', due: '2026-09-09' }),
      item({ id: 'later', due: '2026-09-20' }),
      item({ id: 'done', due: '2026-09-01', status: 'done' }),
    ];
    const host = todoOf({ agencyId: HOST, roles: ['staff'] }, [waiting, sentBack], actions, '2026-09-05');
    expect(host.approvals).toEqual([waiting]);
    expect(host.revisions).toEqual([]);
    expect(host.actions.map((a) => a.id)).toEqual(['late', 'soon']);
    expect(todoCount(host)).toBe(3);
    const sender = todoOf({ agencyId: SENDER, roles: ['staff'] }, [waiting, sentBack], [], '2026-09-05');
    expect(sender.approvals).toEqual([]);
    expect(sender.revisions).toEqual([sentBack]);
  });
});

describe('the visit list’s filter', () => {
  it('matches a status, and words in the title, the place or the agencies whatever their accents', () => {
    const v = visit({ status: 'ARCHIVED' });
    expect(visitMatches(v, {})).toBe(true);
    expect(visitMatches(v, { status: 'ARCHIVED' })).toBe(true);
    expect(visitMatches(v, { status: 'EXPIRED' })).toBe(false);
    expect(visitMatches(v, { search: 'QUANG nam' })).toBe(true);
    expect(visitMatches(v, { search: 'trao doi' })).toBe(true);
    expect(visitMatches(v, { search: 'trao doi hà giang' })).toBe(false);
  });
});
