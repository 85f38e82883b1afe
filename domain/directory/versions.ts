/**
 * An agency's history: its versions, each valid over a range of dates, and the succession that may end it. Pure:
 * the directory's store keeps a record per agency (`AgencyRecord`), and these functions compute the record a change
 * makes, so the store writes it as one conditional single-item write.
 *
 * Rules: versions never overlap; a new version from `validFrom` ends the version in force the day before (the same
 * `validFrom` replaces that version); a succession ends the agency the day before `effective` and names its
 * successor; a document, a notice or a page takes the version valid on its date, and after a succession the
 * successor's (`issuerOn`).
 */
import type { Agency, AgencyVersion } from '#domain/agencies.ts';
import { addDays } from '#domain/clock.ts';
import { type FieldErrors, ValidationError } from '#domain/errors.ts';
import type { Substitute } from './substitutes.ts';

/** The directory's record of one agency: the one item every change to it writes. */
export interface AgencyRecord {
  id: string;
  /** oldest first, never overlapping */
  versions: AgencyVersion[];
  /** counts the changes to `versions`: the agency's ETag */
  revision: number;
  /** agencies this one succeeded */
  predecessors: string[];
  /**
   * admins' emails: always a subset of the agency's enabled users holding `admin` (a user becomes an admin before
   * being listed, and leaves the list before losing the role), so "at least one admin" is checked on this item
   */
  admins: string[];
  /** out-of-office substitutes by id */
  substitutes: Record<string, Substitute>;
}

/** What the directory's index keeps of an agency (for the forms and the lists, in one read). */
export type AgencyIndexEntry = Pick<AgencyRecord, 'id' | 'revision' | 'versions' | 'predecessors'>;

/** The version valid on `date`, if any. */
export function versionOn(versions: readonly AgencyVersion[], date: string): AgencyVersion | undefined {
  return versions.find((v) => v.validFrom <= date && (v.validTo === undefined || date <= v.validTo));
}

/** The version in force today, else the latest one (an agency that ended, or one not yet begun). */
export function currentVersion(versions: readonly AgencyVersion[], today: string): AgencyVersion | undefined {
  return versionOn(versions, today) ?? versions.at(-1);
}

/** The version after which nothing follows: it may carry the agency's end and successor. */
function lastOf(versions: readonly AgencyVersion[]): AgencyVersion | undefined {
  return [...versions].sort((a, b) => a.validFrom.localeCompare(b.validFrom)).at(-1);
}

/** The date the agency ends on (its last version's `validTo`) and its successor, if it ended. */
export function endOf(versions: readonly AgencyVersion[]): { validTo?: string; successorId?: string } {
  const last = lastOf(versions);
  return {
    ...(last?.validTo ? { validTo: last.validTo } : {}),
    ...(last?.successorId ? { successorId: last.successorId } : {}),
  };
}

/**
 * The agency that acts for `id` on `date`: its version valid then, or, after a succession, its successor's (and so
 * on). Undefined when no agency holds that date (before the agency began, or after it ended with no successor).
 */
export async function issuerOn(
  load: (id: string) => Promise<Pick<AgencyRecord, 'versions'> | undefined>,
  id: string,
  date: string,
): Promise<AgencyVersion | undefined> {
  const seen = new Set<string>();
  let next: string | undefined = id;
  while (next && !seen.has(next)) {
    seen.add(next);
    const record = await load(next);
    if (!record) return undefined;
    const version = versionOn(record.versions, date);
    if (version) return version;
    const end = endOf(record.versions);
    next = end.validTo && end.validTo < date ? end.successorId : undefined;
  }
  return undefined;
}

/** The fields of a version that a person edits (its number and validity are the directory's). */
export type AgencyFields = Omit<Agency, 'id'>;

/**
 * The versions after a new version from `validFrom`. `validFrom` may not be in the past nor after the agency's end;
 * the same `validFrom` replaces that version; a version already planned after `validFrom` is an overlap (422).
 */
export function withNewVersion(
  record: Pick<AgencyRecord, 'id' | 'versions'>,
  fields: AgencyFields,
  validFrom: string,
  today: string,
): AgencyVersion[] {
  const fail = (why: FieldErrors['x']) => {
    throw new ValidationError({ validFrom: why as FieldErrors[string] });
  };
  if (validFrom < today) fail({ vi: 'không được ở quá khứ', en: 'must not be in the past' });
  const end = endOf(record.versions);
  if (end.validTo && validFrom > end.validTo)
    fail({
      vi: `cơ quan đã kết thúc hoạt động ngày ${end.validTo}`,
      en: `the agency ended on ${end.validTo}`,
    });
  const later = record.versions.find((v) => v.validFrom > validFrom);
  if (later)
    fail({
      vi: `trùng với phiên bản ${later.version} từ ngày ${later.validFrom}`,
      en: `overlaps version ${later.version} from ${later.validFrom}`,
    });
  const number = Math.max(0, ...record.versions.map((v) => v.version)) + 1;
  const kept: AgencyVersion[] = [];
  let inherited: Pick<AgencyVersion, 'validTo' | 'successorId'> = {};
  for (const v of record.versions) {
    if (v.validFrom === validFrom) {
      inherited = endOf([v]);
      continue;
    }
    if (v.validTo === undefined || v.validTo >= validFrom) {
      inherited = endOf([v]);
      const { successorId: _s, validTo: _t, ...open } = v;
      kept.push({ ...open, validTo: addDays(validFrom, -1) });
    } else kept.push(v);
  }
  return [...kept, { ...fields, id: record.id, version: number, validFrom, ...inherited }];
}

/**
 * The versions after a succession: the agency ends the day before `effective` and names `successorId`. Recording the
 * same succession again changes nothing (a retry); a version that begins on or after `effective` is an overlap.
 */
export function withSuccession(
  record: Pick<AgencyRecord, 'versions'>,
  successorId: string,
  effective: string,
): AgencyVersion[] {
  const end = addDays(effective, -1);
  const last = lastOf(record.versions);
  if (last?.validTo === end && last.successorId === successorId) return record.versions;
  const fields: FieldErrors = {};
  const after = record.versions.find((v) => v.validFrom >= effective);
  if (after)
    fields.effective = {
      vi: `phiên bản ${after.version} bắt đầu từ ${after.validFrom}, không trước ngày kết thúc`,
      en: `version ${after.version} begins on ${after.validFrom}, not before the end`,
    };
  else if (!versionOn(record.versions, end))
    fields.effective = {
      vi: 'cơ quan không hoạt động vào ngày trước đó',
      en: 'the agency is not in force the day before',
    };
  if (Object.keys(fields).length) throw new ValidationError(fields);
  return record.versions.map((v) =>
    v === versionOn(record.versions, end) ? { ...v, validTo: end, successorId } : v,
  );
}

/** Every agency related to `id` by successions, both ways (predecessors and successors, transitively), `id` first. */
export function familyOf(entries: readonly AgencyIndexEntry[], id: string): string[] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const out: string[] = [];
  const queue = [id];
  while (queue.length) {
    const next = queue.shift() as string;
    if (out.includes(next)) continue;
    out.push(next);
    const entry = byId.get(next);
    if (!entry) continue;
    const successor = endOf(entry.versions).successorId;
    if (successor) queue.push(successor);
    queue.push(...entry.predecessors);
    for (const e of entries) if (endOf(e.versions).successorId === next) queue.push(e.id);
  }
  return out;
}

/** Each agency's version in force on `date`, by id (an agency that ended, or has not begun, is absent). */
export function inForceOn(entries: readonly AgencyIndexEntry[], date: string): Map<string, AgencyVersion> {
  const out = new Map<string, AgencyVersion>();
  for (const e of entries) {
    const v = versionOn(e.versions, date);
    if (v) out.set(e.id, v);
  }
  return out;
}
