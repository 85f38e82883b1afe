/** Archive index entries between the three configured agencies, for the search and paging tests. */
import type { ArchiveEntry } from '#domain/ports.ts';

const AGENCY = {
  qn: { id: 'btgtu-quang-nam', name: 'Ban Tuyên giáo Tỉnh ủy Quảng Nam', province: 'Quảng Nam' },
  th: { id: 'btgtu-thanh-hoa', name: 'Ban Tuyên giáo Tỉnh ủy Thanh Hóa', province: 'Thanh Hóa' },
  na: { id: 'snv-nghe-an', name: 'Sở Nội vụ tỉnh Nghệ An', province: 'Nghệ An' },
} as const;

/** The pairs (host, visiting) the entries take in turn. */
const PAIRS = [
  [AGENCY.na, AGENCY.th],
  [AGENCY.qn, AGENCY.th],
  [AGENCY.qn, AGENCY.na],
] as const;

/**
 * `count` entries in `year`, two per day from 1 January (so ties on a date are ordered by visit id), hosted and
 * visited in turn by the pairs above.
 */
export function archiveEntries(count: number, year: number, tag: string): ArchiveEntry[] {
  return Array.from({ length: count }, (_, i) => {
    const day = Math.floor(i / 2);
    const date = new Date(Date.UTC(year, 0, 1 + day)).toISOString().slice(0, 10);
    const [host, visiting] = PAIRS[i % PAIRS.length] ?? PAIRS[0];
    const visitId = `${tag}-${String(i).padStart(3, '0')}`;
    return {
      visitId,
      title: `Trao đổi kinh nghiệm số ${i}`,
      hostAgencyId: host.id,
      hostAgency: host.name,
      hostProvince: host.province,
      visitingAgencyId: visiting.id,
      visitingAgency: visiting.name,
      visitingProvince: visiting.province,
      date,
      archivedAt: `${date}T10:00:00.000Z`,
      sha256: i.toString(16).padStart(64, '0'),
      retainUntil: `${year + 10}-01-01T00:00:00.000Z`,
      documents: [],
    };
  });
}

/** The order the archive answers in: the visit's date, newest first, then the visit id, last first. */
export function newestFirst(a: ArchiveEntry, b: ArchiveEntry): number {
  const x = `${a.date}#${a.visitId}`;
  const y = `${b.date}#${b.visitId}`;
  return x < y ? 1 : x > y ? -1 : 0;
}

export function involves(e: ArchiveEntry, agencyId: string): boolean {
  return e.hostAgencyId === agencyId || e.visitingAgencyId === agencyId;
}

export function inProvince(e: ArchiveEntry, province: string): boolean {
  return e.hostProvince === province || e.visitingProvince === province;
}
