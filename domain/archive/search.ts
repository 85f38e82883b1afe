/**
 * The auditors' search of the archive: by the date the visit started, by province, by agency (host or visiting),
 * newest first, a page at a time, always answered from the archive index. A province matches the province a
 * visit's agencies had at the time and that province's successor ("Đà Nẵng" finds a 2024 visit hosted in Quảng
 * Nam; the index holds it under both names); an agency matches the agency and every agency related to it by a
 * succession (its predecessors and successors: recorded at any time, so they are read at search time).
 */
import { isCalendarDate } from '#domain/clock.ts';
import { provinceNamed, provinceNames } from '#domain/directory/provinces.ts';
import { type AgencyIndexEntry, familyOf } from '#domain/directory/versions.ts';
import { type FieldErrors, ValidationError } from '#domain/errors.ts';
import type { ArchiveEntry, ArchiveQuery, Page, VisitStore } from '#domain/ports.ts';

/** Search results per page. */
export const ARCHIVE_PAGE = 20;
export const MAX_ARCHIVE_PAGE = 100;

/** The provinces a search may name: every provincial unit's name, of any time (NFC), in alphabetical order. */
export function archiveProvinces(): string[] {
  return provinceNames().sort((a, b) => a.localeCompare(b, 'vi'));
}

/** The query string of a search, as typed. */
export interface ArchiveSearchInput {
  from?: string | undefined;
  to?: string | undefined;
  province?: string | undefined;
  agencyId?: string | undefined;
  cursor?: string | undefined;
  limit?: string | undefined;
}

/** Checks a search: real dates, from ≤ to, a known province and agency; 422 naming each field otherwise. */
export function validateArchiveSearch(
  input: ArchiveSearchInput,
  agencies: readonly Pick<AgencyIndexEntry, 'id'>[],
): ArchiveQuery {
  const fields: FieldErrors = {};
  const from = input.from?.trim() || undefined;
  const to = input.to?.trim() || undefined;
  const typedProvince = input.province?.trim().normalize('NFC') || undefined;
  const province = typedProvince ? (provinceNamed(typedProvince) ?? typedProvince) : undefined;
  const agencyId = input.agencyId?.trim() || undefined;
  const realDate = { vi: 'nhập một ngày có thật, dạng YYYY-MM-DD', en: 'a real date, as YYYY-MM-DD' };
  if (from && !isCalendarDate(from)) fields.from = realDate;
  if (to && !isCalendarDate(to)) fields.to = realDate;
  if (from && to && !fields.from && !fields.to && from > to)
    fields.to = {
      vi: '{label} phải bằng hoặc sau Từ ngày',
      en: '{label} must be the same day as From or later',
      sentence: true,
    };
  if (province && !provinceNamed(province))
    fields.province = {
      vi: `Không có tỉnh "${province}" trong danh sách`,
      en: `"${province}" is not a known province`,
      sentence: true,
    };
  if (agencyId && !agencies.some((a) => a.id === agencyId))
    fields.agencyId = {
      vi: `Không có cơ quan "${agencyId}" trong danh sách`,
      en: `"${agencyId}" is not a known agency`,
      sentence: true,
    };
  let limit = ARCHIVE_PAGE;
  if (input.limit !== undefined && input.limit !== '') {
    const n = Number(input.limit);
    if (!Number.isInteger(n) || n < 1 || n > MAX_ARCHIVE_PAGE)
      fields.limit = {
        vi: `từ 1 đến ${MAX_ARCHIVE_PAGE}`,
        en: `a whole number from 1 to ${MAX_ARCHIVE_PAGE}`,
      };
    else limit = n;
  }
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  return {
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(province ? { province } : {}),
    ...(agencyId ? { agencyId } : {}),
    ...(input.cursor ? { cursor: input.cursor } : {}),
    limit,
  };
}

/**
 * One page of archived visits, newest first, read from the archive index (a Query on one index partition, never
 * a Scan, whatever the filters: each combination has its own index partition). A full page is followed by a
 * one-item look-ahead, so the last page carries no cursor to an empty page.
 */
export async function searchArchive(
  store: VisitStore,
  search: ArchiveQuery,
  agencies: readonly AgencyIndexEntry[],
): Promise<Page<ArchiveEntry>> {
  const query: ArchiveQuery = search.agencyId
    ? { ...search, agencyIds: familyOf(agencies, search.agencyId) }
    : search;
  const page = await store.queryArchive(query);
  if (!page.cursor || page.items.length === 0) return page;
  const next = await store.queryArchive({ ...query, cursor: page.cursor, limit: 1 });
  return next.items.length > 0 ? page : { items: page.items };
}
