/**
 * The action items' store on DynamoDB (the emulator, over the real SDK): first-write-wins creation, whole writes
 * over the version read, the sweep's index of due turns (sparse: an item leaves it when no turn is to come), and
 * an agency's items across visits due first, by status, by words, a page at a time.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createActionStore } from '#adapters/dynamodb-action-store.ts';
import type { ActionItem } from '#domain/follow-up/items.ts';
import type { ActionStore } from '#domain/ports.ts';
import { useEmulators } from '../support/emulators.ts';

const env = useEmulators();
let store: ActionStore;

beforeAll(() => {
  store = createActionStore(env.doc, env.tableName);
});

/** An open item of a fresh host agency, so each test reads only its own. */
function anItem(overrides: Partial<ActionItem> = {}): ActionItem {
  return {
    visitId: `20300801-${randomUUID().slice(0, 10).toUpperCase().replace(/-/g, 'X')}`,
    id: 'a1',
    task: 'Gửi tài liệu chuyên đề',
    owner: 'Văn phòng Ban',
    due: '2030-09-14',
    status: 'open',
    hostAgencyId: 'host',
    visitingAgencyId: 'visiting',
    visitTitle: 'Trao đổi kinh nghiệm',
    language: 'vi',
    reminders: 0,
    version: 1,
    createdAt: '2030-08-24T05:00:00.000Z',
    updatedAt: '2030-08-24T05:00:00.000Z',
    ...overrides,
  };
}

describe('the action store', () => {
  it('creates an item once: a second create keeps the first', async () => {
    const item = anItem();
    expect(await store.createAction(item)).toBe(true);
    expect(await store.createAction({ ...item, task: 'khác' })).toBe(false);
    expect((await store.getAction(item.visitId, 'a1'))?.task).toBe('Gửi tài liệu chuyên đề');
  });

  it('writes an item whole only over the version it read', async () => {
    const item = anItem();
    await store.createAction(item);
    expect(await store.replaceAction({ ...item, version: 2, status: 'done' })).toBe(true);
    expect(await store.replaceAction({ ...item, version: 2, note: 'late' })).toBe(false);
    expect(await store.getAction(item.visitId, 'a1')).toMatchObject({ version: 2, status: 'done' });
  });

  it('lists a visit’s items in the order of the minutes', async () => {
    const visitId = anItem().visitId;
    for (const n of [10, 2, 1]) await store.createAction(anItem({ visitId, id: `a${n}` }));
    expect((await store.listActions(visitId)).map((i) => i.id)).toEqual(['a1', 'a2', 'a10']);
  });

  it('finds the items whose turn has come, soonest first, and no other; an item leaves the index with its turns', async () => {
    const soon = anItem({ nextAt: '2000-01-01T01:00:00.000Z' });
    const sooner = anItem({ nextAt: '2000-01-01T00:00:00.000Z' });
    const later = anItem({ nextAt: '2000-01-02T00:00:00.000Z' });
    for (const i of [soon, sooner, later, anItem()]) await store.createAction(i);
    const due = await store.dueActions('2000-01-01T01:00:00.000Z');
    expect(due.items.map((i) => i.visitId)).toEqual([sooner.visitId, soon.visitId]);
    await store.replaceAction({ ...soon, version: 2, nextAt: undefined });
    expect((await store.dueActions('2000-01-01T01:00:00.000Z')).items.map((i) => i.visitId)).toEqual([
      sooner.visitId,
    ]);
    const paged = await store.dueActions('2000-01-03T00:00:00.000Z', { limit: 1 });
    expect(paged.items).toHaveLength(1);
    const next = await store.dueActions('2000-01-03T00:00:00.000Z', {
      limit: 1,
      cursor: paged.cursor as string,
    });
    expect(next.items.map((i) => i.visitId)).toEqual([later.visitId]);
  });

  it('lists an agency’s items as host or visitor, due first, by status, overdue strictly past the due date', async () => {
    const agency = `agency-${randomUUID().slice(0, 8)}`;
    const hosted = anItem({ hostAgencyId: agency, due: '2030-09-10' });
    const visited = anItem({ visitingAgencyId: agency, due: '2030-09-12', task: 'Tổ chức đoàn đáp lễ' });
    const today = anItem({ hostAgencyId: agency, due: '2030-09-15' });
    const done = anItem({ hostAgencyId: agency, due: '2030-09-01', status: 'done' });
    const other = anItem({ due: '2030-09-11' });
    for (const i of [hosted, visited, today, done, other]) await store.createAction(i);
    const ids = async (status?: 'open' | 'done' | 'overdue', search?: string) =>
      (
        await store.agencyActions({
          agencyId: agency,
          today: '2030-09-15',
          ...(status ? { status } : {}),
          ...(search ? { search } : {}),
        })
      ).items.map((i) => i.visitId);
    expect(await ids()).toEqual([done.visitId, hosted.visitId, visited.visitId, today.visitId]);
    expect(await ids('open')).toEqual([hosted.visitId, visited.visitId, today.visitId]);
    expect(await ids('overdue')).toEqual([hosted.visitId, visited.visitId]);
    expect(await ids('done')).toEqual([done.visitId]);
    expect(await ids(undefined, 'DOAN dap le')).toEqual([visited.visitId]);
  });

  it('pages an agency’s items with a cursor, across both of its sides and both statuses, each once', async () => {
    const agency = `agency-${randomUUID().slice(0, 8)}`;
    const all = [
      anItem({ hostAgencyId: agency, due: '2030-09-01', status: 'done' }),
      anItem({ visitingAgencyId: agency, due: '2030-09-02' }),
      anItem({ hostAgencyId: agency, due: '2030-09-03' }),
      anItem({ visitingAgencyId: agency, due: '2030-09-04', status: 'done' }),
      anItem({ hostAgencyId: agency, due: '2030-09-05' }),
    ];
    for (const i of all) await store.createAction(i);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.agencyActions({ agencyId: agency, today: '2030-09-15', limit: 2, cursor });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.visitId));
      cursor = page.cursor;
    } while (cursor);
    expect(seen).toEqual(all.map((i) => i.visitId));
  });
});
