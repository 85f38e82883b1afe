import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createVisitStore } from '#adapters/dynamodb-visit-store.ts';
import { MalformedRequestError } from '#domain/errors.ts';
import type { ArchiveEntry, ArchiveQuery } from '#domain/ports.ts';
import { useEmulators } from '../support/emulators.ts';
import { anArchiveEntry } from './fixtures.ts';

const env = useEmulators();
const store = () => createVisitStore(env.doc, env.tableName);

/** Pages through a query to its end, with the number of pages read. */
async function readAll(query: ArchiveQuery): Promise<{ items: ArchiveEntry[]; pages: number }> {
  const items: ArchiveEntry[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await store().queryArchive({ ...query, cursor });
    items.push(...page.items);
    cursor = page.cursor;
    pages++;
    if (pages > 100) throw new Error('paging does not end');
  } while (cursor);
  return { items, pages };
}

const day = (i: number) =>
  `2025-${String(1 + Math.floor(i / 28)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
const newestFirst = (a: ArchiveEntry, b: ArchiveEntry) =>
  `${b.date}#${b.visitId}`.localeCompare(`${a.date}#${a.visitId}`);

// Fifty entries over 2025 between three agencies; every third is hosted in Nghệ An, the rest in Quảng Nam.
const entries: ArchiveEntry[] = Array.from({ length: 50 }, (_, i) =>
  i % 3 === 0
    ? anArchiveEntry({
        visitId: `v-${String(i).padStart(2, '0')}-${randomUUID().slice(0, 4)}`,
        date: day(i),
        hostAgencyId: 'snv-nghe-an',
        hostAgency: 'Sở Nội vụ tỉnh Nghệ An',
        hostProvince: 'Nghệ An',
      })
    : anArchiveEntry({
        visitId: `v-${String(i).padStart(2, '0')}-${randomUUID().slice(0, 4)}`,
        date: day(i),
      }),
);

beforeAll(async () => {
  for (const e of entries) await store().putArchiveEntry(e);
});

describe('the archive index', () => {
  it('all entries come newest first, each once, across pages', async () => {
    const { items, pages } = await readAll({ from: '2025-01-01', limit: 7 });

    expect(items).toEqual([...entries].sort(newestFirst));
    expect(pages).toBeGreaterThanOrEqual(8);
  });

  it('from and to take whole days, both ends included', async () => {
    const { items } = await readAll({ from: '2025-01-05', to: '2025-01-10', limit: 4 });

    expect(items.map((e) => e.date)).toEqual([
      '2025-01-10',
      '2025-01-09',
      '2025-01-08',
      '2025-01-07',
      '2025-01-06',
      '2025-01-05',
    ]);
  });

  it('only from, or only to, bounds one side', async () => {
    const after = await readAll({ from: '2025-02-20', limit: 50 });
    const before = await readAll({ to: '2025-01-02', limit: 50 });

    expect(after.items.every((e) => e.date >= '2025-02-20')).toBe(true);
    expect(after.items).toHaveLength(entries.filter((e) => e.date >= '2025-02-20').length);
    expect(before.items.map((e) => e.date)).toEqual(['2025-01-02', '2025-01-01']);
  });

  it('a province finds the visits it hosted and the visits it sent', async () => {
    const ngheAn = await readAll({ province: 'Nghệ An', limit: 5 });
    const thanhHoa = await readAll({ province: 'Thanh Hóa', limit: 20 });

    expect(ngheAn.items).toEqual(entries.filter((e) => e.hostProvince === 'Nghệ An').sort(newestFirst));
    expect(thanhHoa.items).toHaveLength(50);
  });

  it('a province typed in decomposed Unicode matches the same province', async () => {
    const { items } = await readAll({ province: 'Nghệ An'.normalize('NFD'), limit: 50 });

    expect(items).toHaveLength(entries.filter((e) => e.hostProvince === 'Nghệ An').length);
  });

  it('an agency finds its visits on either side', async () => {
    const { items } = await readAll({ agencyId: 'btgtu-quang-nam', limit: 10 });

    expect(items).toEqual(entries.filter((e) => e.hostAgencyId === 'btgtu-quang-nam').sort(newestFirst));
  });

  it('agency and province together fill each page, then stop at the end', async () => {
    const expected = entries.filter((e) => e.hostProvince === 'Nghệ An').sort(newestFirst);

    const first = await store().queryArchive({ agencyId: 'btgtu-thanh-hoa', province: 'Nghệ An', limit: 6 });
    const { items } = await readAll({ agencyId: 'btgtu-thanh-hoa', province: 'Nghệ An', limit: 6 });

    expect(first.items).toHaveLength(6);
    expect(items).toEqual(expected);
  });

  it('dates, province and agency combine', async () => {
    const { items } = await readAll({
      agencyId: 'btgtu-thanh-hoa',
      province: 'Nghệ An',
      from: '2025-01-01',
      to: '2025-01-31',
      limit: 3,
    });

    expect(items.map((e) => e.date)).toEqual(
      entries
        .filter((e) => e.hostProvince === 'Nghệ An' && e.date <= '2025-01-31')
        .sort(newestFirst)
        .map((e) => e.date),
    );
  });

  it('storing an entry again changes nothing', async () => {
    const entry = anArchiveEntry({ date: '2023-06-01' });
    await store().putArchiveEntry(entry);

    await store().putArchiveEntry(entry);

    expect((await readAll({ from: '2023-01-01', to: '2023-12-31' })).items).toEqual([entry]);
  });

  it("a visit's archive record is read by its id, with the objects it lists", async () => {
    const entry = anArchiveEntry({
      date: '2020-01-01',
      retainUntil: '2036-09-01T03:00:00.000Z',
      documents: [
        {
          id: 'minutes-v1',
          kind: 'minutes',
          number: '02/BB-BTGTU',
          key: 'k/m.docx',
          sha256: 'd'.repeat(64),
          size: 9,
        },
      ],
    });
    await store().putArchiveEntry(entry);

    expect(await store().getArchiveEntry(entry.visitId)).toEqual(entry);
    expect(await store().getArchiveEntry('not-archived')).toBeUndefined();
  });

  it('a cursor from another search is refused', async () => {
    const page = await store().queryArchive({ province: 'Nghệ An', limit: 2 });

    await expect(
      store().queryArchive({ agencyId: 'btgtu-quang-nam', cursor: page.cursor }),
    ).rejects.toBeInstanceOf(MalformedRequestError);
  });
});
