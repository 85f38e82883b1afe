/**
 * Changing the agencies: a new agency, a new version from a date (optimistic concurrency on the agency's revision,
 * its ETag), a succession, and a year of the working calendar. Each writes the agency's record in one conditional
 * write, then the index; a retry of a step that was interrupted completes it (the record is the truth, the index
 * follows it only forward).
 */
import type { AgencyVersion } from '#domain/agencies.ts';
import { type Clock, isCalendarDate, vietnamDate } from '#domain/clock.ts';
import {
  AlreadyExistsError,
  DirectoryNotFoundError,
  ForbiddenError,
  PreconditionRequiredError,
  ValidationError,
  VersionConflictError,
} from '#domain/errors.ts';
import type { DirectoryStore } from '#domain/ports.ts';
import { validateAgencyId, validateAgencyVersion } from './agency-input.ts';
import { type CalendarYear, validateCalendarYear } from './calendar.ts';
import type { Identity } from './users.ts';
import {
  type AgencyRecord,
  currentVersion,
  endOf,
  versionOn,
  withNewVersion,
  withSuccession,
} from './versions.ts';

export interface AgencyAdminDeps {
  directory: DirectoryStore;
  clock: Clock;
}

/** The fields only a directory-admin may change: they decide the document format, the number series, the province. */
export const DIRECTORY_ADMIN_FIELDS = ['kind', 'code', 'province'] as const;

const isDirectoryAdmin = (actor: Pick<Identity, 'roles'>) => actor.roles.includes('directory-admin');

function requireDirectoryAdmin(actor: Pick<Identity, 'roles'>): void {
  if (!isDirectoryAdmin(actor)) throw new ForbiddenError();
}

export async function loadAgency(
  directory: Pick<DirectoryStore, 'agency'>,
  id: string,
): Promise<AgencyRecord> {
  const record = await directory.agency(id);
  if (!record) throw new DirectoryNotFoundError();
  return record;
}

/** The revision an `If-Match` names: `"3"`, `3` or `W/"3"`; PreconditionRequiredError (428) when there is none. */
export function ifMatchRevision(header: string | undefined): number {
  if (header === undefined || header.trim() === '') throw new PreconditionRequiredError();
  const n = Number(
    header
      .trim()
      .replace(/^W\//, '')
      .replace(/^"(.*)"$/, '$1'),
  );
  if (!Number.isInteger(n) || n < 0) throw new VersionConflictError();
  return n;
}

/** A new agency (directory-admin): its first version; 409 when the id is taken. */
export async function createAgency(
  deps: AgencyAdminDeps,
  actor: Identity,
  body: Record<string, unknown>,
): Promise<AgencyRecord> {
  requireDirectoryAdmin(actor);
  const errors: Record<string, { vi: string; en: string }> = {};
  let id = '';
  try {
    id = validateAgencyId(body.id);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    Object.assign(errors, e.fields);
  }
  let parsed: ReturnType<typeof validateAgencyVersion> | undefined;
  try {
    parsed = validateAgencyVersion(body);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    Object.assign(errors, e.fields);
  }
  if (!parsed || Object.keys(errors).length) throw new ValidationError(errors);
  const record: AgencyRecord = {
    id,
    versions: [{ ...parsed.fields, id, version: 1, validFrom: parsed.validFrom }],
    revision: 1,
    predecessors: [],
    admins: [],
    substitutes: {},
  };
  if (!(await deps.directory.createAgency(record))) {
    const existing = await loadAgency(deps.directory, id);
    // the same agency again is a retry: the index is brought up to it
    if (JSON.stringify(existing.versions) !== JSON.stringify(record.versions))
      throw new AlreadyExistsError({ vi: `Mã cơ quan ${id} đã có`, en: `The agency id ${id} is taken` });
    await deps.directory.syncIndex(existing);
    return existing;
  }
  await deps.directory.syncIndex(record);
  return record;
}

/**
 * A new version from `validFrom` (directory-admin; or an admin of the agency, who may not change its kind, code or
 * province: 403). `ifMatch` must name the agency's revision (428 without, 409 stale); the same change sent again
 * after it went through (a retry) answers as the first did.
 */
export async function putAgencyVersion(
  deps: AgencyAdminDeps,
  actor: Identity,
  id: string,
  body: Record<string, unknown>,
  ifMatch: string | undefined,
): Promise<{ record: AgencyRecord; version: AgencyVersion }> {
  const record = await loadAgency(deps.directory, id);
  if (!isDirectoryAdmin(actor) && !(actor.roles.includes('admin') && actor.agencyId === id))
    throw new ForbiddenError();
  const expected = ifMatchRevision(ifMatch);
  const today = vietnamDate(deps.clock.now());
  if (expected !== record.revision) {
    // a retry of the change that made this revision: answered as it was, the index brought up to it
    const latest = record.versions.at(-1);
    if (expected === record.revision - 1 && latest && sameChange(latest, body, record)) {
      await deps.directory.syncIndex(record);
      return { record, version: latest };
    }
    throw new VersionConflictError();
  }
  const current = currentVersion(record.versions, today);
  const { fields, validFrom } = validateAgencyVersion(body, current);
  if (!isDirectoryAdmin(actor) && current)
    for (const f of DIRECTORY_ADMIN_FIELDS) if (fields[f] !== current[f]) throw new ForbiddenError();
  const versions = withNewVersion(record, fields, validFrom, today);
  const updated = await deps.directory.putVersions(id, record.revision, versions);
  if (!updated) throw new VersionConflictError();
  await deps.directory.syncIndex(updated);
  return { record: updated, version: versions.at(-1) as AgencyVersion };
}

/** Whether `version` is what `body` would have made over the version before it (a retried request). */
function sameChange(version: AgencyVersion, body: Record<string, unknown>, record: AgencyRecord): boolean {
  const before = record.versions.filter((v) => v !== version).at(-1);
  try {
    const { fields, validFrom } = validateAgencyVersion(body, before);
    const { id: _i, version: _v, validTo: _t, successorId: _s, validFrom: from, ...made } = version;
    return from === validFrom && JSON.stringify(made) === JSON.stringify(fields);
  } catch {
    return false;
  }
}

/**
 * A succession (directory-admin): the agency ends the day before `effective` and names its successor, which records
 * it as a predecessor; search by either then finds both. Recording it again completes a step a crash interrupted.
 */
export async function recordSuccession(
  deps: AgencyAdminDeps,
  actor: Identity,
  id: string,
  body: Record<string, unknown>,
): Promise<AgencyRecord> {
  requireDirectoryAdmin(actor);
  const record = await loadAgency(deps.directory, id);
  const successorId = typeof body.successorId === 'string' ? body.successorId.trim() : '';
  const effective = typeof body.effective === 'string' ? body.effective.trim() : '';
  const errors: Record<string, { vi: string; en: string }> = {};
  if (!isCalendarDate(effective))
    errors.effective = { vi: 'một ngày có thật, dạng YYYY-MM-DD', en: 'a real date, YYYY-MM-DD' };
  const successor = successorId && successorId !== id ? await deps.directory.agency(successorId) : undefined;
  if (!successor)
    errors.successorId =
      successorId === id
        ? { vi: 'phải là một cơ quan khác', en: 'must be another agency' }
        : { vi: 'không có cơ quan này', en: 'is not an agency of the directory' };
  else if (!errors.effective && !versionOn(successor.versions, effective))
    errors.effective = {
      vi: 'cơ quan kế tục chưa hoạt động vào ngày này',
      en: 'the successor is not in force on that date',
    };
  else if (endOf(successor.versions).successorId === id)
    errors.successorId = { vi: 'cơ quan này kế tục chính nó', en: 'would succeed itself' };
  if (Object.keys(errors).length || !successor) throw new ValidationError(errors);
  const versions = withSuccession(record, successor.id, effective);
  let ended = record;
  if (versions !== record.versions) {
    const updated = await deps.directory.putVersions(id, record.revision, versions);
    if (!updated) throw new VersionConflictError();
    ended = updated;
  }
  await deps.directory.syncIndex(ended);
  await deps.directory.addPredecessor(successor.id, id);
  await deps.directory.syncIndex(await loadAgency(deps.directory, successor.id));
  return ended;
}

/** A year of the working calendar (directory-admin). */
export async function putCalendarYear(
  deps: AgencyAdminDeps,
  actor: Identity,
  year: number,
  body: Record<string, unknown>,
): Promise<CalendarYear> {
  requireDirectoryAdmin(actor);
  const valid = validateCalendarYear(year, body);
  const stored = { ...valid, updatedBy: actor.email, updatedAt: deps.clock.now().toISOString() };
  await deps.directory.putCalendarYear(stored);
  return stored;
}
