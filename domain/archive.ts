/**
 * Archiving and proving. The final minutes and the approved agenda are copied, write-once, into the archive bucket
 * with a manifest (the visit's record, each document's sha256, the head of the event chain), all under the bucket's
 * retention (Object Lock in AWS; the application refuses overwrites locally). Auditors search the archive index,
 * read a visit's record and its whole event trail, download documents (each download is an event first), and
 * verify: the stored bytes are re-read and the event chain re-walked, and both are held against the manifest.
 */
import { createHash } from 'node:crypto';
import { findAgency, listAgencies } from './agencies.ts';
import { documentFilename } from './document-filename.ts';
import { ArchiveImmutableError, DocumentNotFoundError, DomainError, ValidationError } from './errors.ts';
import { eventHash } from './events.ts';
import { agenciesOf, type Deps, loadVisit, moveTo, notice, type StepResult, SYSTEM } from './lifecycle.ts';
import type {
  ArchivedObject,
  ArchiveEntry,
  ArchiveQuery,
  DocumentStore,
  Page,
  VisitEvent,
  VisitStore,
} from './ports.ts';
import type { DocumentRecord, Visit } from './visit.ts';

export interface ArchiveDeps extends Pick<Deps, 'store' | 'clock' | 'documents' | 'mailer' | 'compose'> {
  /** the archive bucket, write-once */
  archive: DocumentStore;
  retentionDays: number;
}

/** An archived document as the manifest lists it: the object, and the document's revision. */
export type ManifestDocument = ArchivedObject & { version?: number };

export interface Manifest {
  visitId: string;
  title: string;
  hostAgency: string;
  visitingAgency: string;
  startDate: string;
  endDate: string;
  archivedAt: string;
  retainUntil: string;
  documents: ManifestDocument[];
  /** the head of the event chain when the manifest was written */
  events: { seq: number; hash: string };
}

/** The links of URLs valid at most this long. */
export const DOWNLOAD_SECONDS = 300;
/** Search results per page. */
export const ARCHIVE_PAGE = 20;
export const MAX_ARCHIVE_PAGE = 100;

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export class NotArchivedError extends DomainError {
  constructor() {
    super('NOT_ARCHIVED', 404, {
      vi: 'Không có hồ sơ lưu trữ của chuyến công tác này',
      en: 'This visit has no archived record',
    });
  }
}

export const manifestKey = (visitId: string) => `archive/${visitId}/manifest.json`;

// ---------------------------------------------------------------------------------------------------------------
// archiving (the ArchiveVisit step)

/** Puts bytes write-once; a retry that finds the same bytes already there carries on. */
async function putOnce(store: DocumentStore, key: string, body: Uint8Array, contentType: string) {
  try {
    return await store.put(key, body, contentType);
  } catch (e) {
    if (!(e instanceof ArchiveImmutableError)) throw e;
    const existing = await store.get(key);
    if (sha256(existing) !== sha256(body)) throw e;
    return { key, sha256: sha256(existing), size: existing.byteLength };
  }
}

/** The stored bytes, or undefined when the key holds nothing; any other failure is thrown (the step retries). */
async function readIfThere(store: DocumentStore, key: string): Promise<Uint8Array | undefined> {
  try {
    return await store.get(key);
  } catch (e) {
    if (e instanceof DocumentNotFoundError) return undefined;
    throw e;
  }
}

function latest(docs: DocumentRecord[], kind: DocumentRecord['kind']): DocumentRecord | undefined {
  return docs.filter((d) => d.kind === kind).sort((a, b) => b.version - a.version)[0];
}

function parseManifest(bytes: Uint8Array): Manifest | undefined {
  try {
    const value = JSON.parse(new TextDecoder().decode(bytes)) as Partial<Manifest>;
    if (typeof value?.visitId !== 'string' || !Array.isArray(value.documents) || !value.events)
      return undefined;
    return value as Manifest;
  } catch {
    return undefined;
  }
}

/** Copies the documents and writes the manifest, or reads back the manifest an earlier attempt locked. */
async function lockManifest(
  deps: ArchiveDeps,
  visit: Visit,
): Promise<{ manifest: Manifest; bytes: Uint8Array }> {
  const visitId = visit.id;
  const key = manifestKey(visitId);
  const stored = await readIfThere(deps.archive, key);
  if (stored) {
    // a retried step: the manifest is write-once, so the first attempt's stands and is reused as it is
    const manifest = parseManifest(stored);
    if (!manifest || manifest.visitId !== visitId)
      throw new DomainError('MANIFEST_UNREADABLE', 500, {
        vi: 'Không đọc được bản kê lưu trữ',
        en: `The archived manifest ${key} is not readable`,
      });
    return { manifest, bytes: stored };
  }
  const { host, visiting } = agenciesOf(visit);
  const docs = await deps.store.listDocuments(visitId);
  const chosen = [latest(docs, 'minutes'), latest(docs, 'agenda')].filter((d): d is DocumentRecord =>
    Boolean(d),
  );
  if (!chosen.some((d) => d.kind === 'minutes'))
    throw new DomainError('MINUTES_MISSING', 500, { vi: 'Chưa có biên bản', en: 'No minutes document' });
  const now = deps.clock.now();
  const objects: ManifestDocument[] = [];
  for (const d of chosen) {
    const bytes = await deps.documents.get(d.key);
    if (sha256(bytes) !== d.sha256)
      throw new DomainError('DOCUMENT_CHANGED', 500, {
        vi: 'Văn bản đã bị thay đổi',
        en: `Document ${d.id} does not match its record`,
      });
    const put = await putOnce(deps.archive, `archive/${visitId}/${d.id}.docx`, bytes, DOCX);
    objects.push({
      id: d.id,
      kind: d.kind,
      number: d.number,
      version: d.version,
      key: put.key,
      ...(put.versionId ? { versionId: put.versionId } : {}),
      sha256: put.sha256,
      size: put.size,
    });
  }
  const events = await deps.store.listEvents(visitId);
  const head = events[events.length - 1];
  const manifest: Manifest = {
    visitId,
    title: visit.request.title,
    hostAgency: host.name,
    visitingAgency: visiting.name,
    startDate: visit.request.startDate,
    endDate: visit.request.endDate,
    archivedAt: now.toISOString(),
    retainUntil: new Date(now.getTime() + deps.retentionDays * 86_400_000).toISOString(),
    documents: objects,
    events: { seq: head?.seq ?? 0, hash: head?.hash ?? '' },
  };
  const bytes = new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`);
  // the bucket's default retention (Object Lock) covers the manifest exactly as it covers the documents
  await putOnce(deps.archive, key, bytes, 'application/json');
  return { manifest, bytes };
}

/**
 * The ArchiveVisit step. Idempotent: a retry reuses the locked manifest (so the archive record, its dates and its
 * retain-until do not change), rewrites the same index items, appends the ARCHIVED event once, moves the visit
 * once, and sends the notice unless it went out already.
 */
export async function archiveVisit(deps: ArchiveDeps, visitId: string): Promise<StepResult> {
  let visit = await loadVisit(deps.store, visitId);
  const { host, visiting } = agenciesOf(visit);
  let events: VisitEvent[] | undefined;
  if (visit.status !== 'ARCHIVED') {
    const { manifest, bytes } = await lockManifest(deps, visit);
    const minutes = manifest.documents.find((d) => d.kind === 'minutes');
    const manifestSha256 = sha256(bytes);
    const entry: ArchiveEntry = {
      visitId,
      title: manifest.title,
      hostAgencyId: host.id,
      hostAgency: host.name,
      hostProvince: host.province,
      visitingAgencyId: visiting.id,
      visitingAgency: visiting.name,
      visitingProvince: visiting.province,
      date: manifest.startDate,
      archivedAt: manifest.archivedAt,
      sha256: minutes?.sha256 ?? '',
      retainUntil: manifest.retainUntil,
      documents: manifest.documents,
      manifest: {
        id: 'manifest',
        kind: 'manifest',
        key: manifestKey(visitId),
        sha256: manifestSha256,
        size: bytes.byteLength,
      },
    };
    await deps.store.putArchiveEntry(entry);
    // the ARCHIVED event binds the manifest into the hash chain; appended once, before the visit moves
    events = await deps.store.listEvents(visitId);
    if (!events.some((e) => e.type === 'ARCHIVED'))
      await deps.store.appendEvent(visitId, { type: 'ARCHIVED', actor: SYSTEM, data: { manifestSha256 } });
    visit = await moveTo(deps.store, visit, 'ARCHIVED', {}, deps.clock.now());
  }
  // one read of the log serves both checks: nothing between them records a notice
  events ??= await deps.store.listEvents(visitId);
  const noticed = events.some((e) => e.type === 'NOTICE_SENT' && e.data?.notice === 'archived');
  if (!noticed) {
    // the requester and the host's secretary keep the file; the chair, who has just signed off, needs no notice
    const to = [{ name: visit.owner.name, position: '', email: visit.owner.email }, host.secretary];
    await notice(deps, 'archived', visit, to);
  }
  return { visitId, next: 'end' };
}

// ---------------------------------------------------------------------------------------------------------------
// search

/** The provinces of the configured agencies, in the agencies' order, once each (NFC). */
export function archiveProvinces(): string[] {
  return [...new Set(listAgencies().map((a) => a.province.normalize('NFC')))];
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

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const t = Date.parse(`${value}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === value;
}

/** Checks a search: real dates, from ≤ to, a configured province and agency; 422 naming each field otherwise. */
export function validateArchiveSearch(input: ArchiveSearchInput): ArchiveQuery {
  const fields: Record<string, { vi: string; en: string }> = {};
  const from = input.from?.trim() || undefined;
  const to = input.to?.trim() || undefined;
  const province = input.province?.trim().normalize('NFC') || undefined;
  const agencyId = input.agencyId?.trim() || undefined;
  if (from && !isCalendarDate(from))
    fields.from = {
      vi: 'Từ ngày: nhập một ngày có thật, dạng YYYY-MM-DD',
      en: 'From: a real date, as YYYY-MM-DD',
    };
  if (to && !isCalendarDate(to))
    fields.to = {
      vi: 'Đến ngày: nhập một ngày có thật, dạng YYYY-MM-DD',
      en: 'To: a real date, as YYYY-MM-DD',
    };
  if (from && to && !fields.from && !fields.to && from > to)
    fields.to = {
      vi: 'Đến ngày phải bằng hoặc sau Từ ngày',
      en: 'To must be the same day as From or later',
    };
  if (province && !archiveProvinces().includes(province))
    fields.province = {
      vi: `Không có tỉnh "${province}" trong danh sách`,
      en: `"${province}" is not a known province`,
    };
  if (agencyId && !findAgency(agencyId))
    fields.agencyId = {
      vi: `Không có cơ quan "${agencyId}" trong danh sách`,
      en: `"${agencyId}" is not a known agency`,
    };
  let limit = ARCHIVE_PAGE;
  if (input.limit !== undefined && input.limit !== '') {
    const n = Number(input.limit);
    if (!Number.isInteger(n) || n < 1 || n > MAX_ARCHIVE_PAGE)
      fields.limit = {
        vi: `Số kết quả mỗi trang: từ 1 đến ${MAX_ARCHIVE_PAGE}`,
        en: `Results per page: a whole number from 1 to ${MAX_ARCHIVE_PAGE}`,
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
export async function searchArchive(store: VisitStore, query: ArchiveQuery): Promise<Page<ArchiveEntry>> {
  const page = await store.queryArchive(query);
  if (!page.cursor || page.items.length === 0) return page;
  const next = await store.queryArchive({ ...query, cursor: page.cursor, limit: 1 });
  return next.items.length > 0 ? page : { items: page.items };
}

// ---------------------------------------------------------------------------------------------------------------
// the record and the downloads

export interface ArchivedDocumentView {
  id: string;
  kind: ArchivedObject['kind'];
  number?: string;
  /** the document's revision (agenda v2, minutes v1); absent for the manifest */
  version?: number;
  key: string;
  /** the S3 object version (AWS; the local S3 emulator keeps none) */
  versionId?: string;
  sha256: string;
  size: number;
  archivedAt: string;
  retainUntil?: string;
  filename: string;
  url: string;
}

export interface ArchiveRecord {
  visitId: string;
  title: string;
  hostAgency: { id: string; name: string; province: string };
  visitingAgency: { id: string; name: string; province: string };
  startDate: string;
  endDate?: string;
  archivedAt: string;
  retainUntil?: string;
  /** sha256 of the archived minutes */
  sha256: string;
  documents: ArchivedDocumentView[];
  manifest?: ArchivedDocumentView;
  /** the whole trail, oldest first */
  events: VisitEvent[];
}

export const documentDownloadPath = (visitId: string, docId: string) =>
  `/archive/${encodeURIComponent(visitId)}/documents/${encodeURIComponent(docId)}/download`;

export async function loadArchiveEntry(store: VisitStore, visitId: string): Promise<ArchiveEntry> {
  const entry = await store.getArchiveEntry(visitId);
  if (!entry) throw new NotArchivedError();
  return entry;
}

/** The record of an archived visit: agencies, dates, the archived objects and the whole event trail. */
export async function archiveRecord(store: VisitStore, visitId: string): Promise<ArchiveRecord> {
  const entry = await loadArchiveEntry(store, visitId);
  const [visit, docs, events] = await Promise.all([
    store.getVisit(visitId),
    store.listDocuments(visitId),
    store.listEvents(visitId),
  ]);
  const revision = new Map(docs.map((d) => [d.id, d.version]));
  const view = (d: ManifestDocument): ArchivedDocumentView => {
    const version = d.version ?? revision.get(d.id);
    return {
      id: d.id,
      kind: d.kind,
      ...(d.number ? { number: d.number } : {}),
      ...(version !== undefined ? { version } : {}),
      key: d.key,
      ...(d.versionId ? { versionId: d.versionId } : {}),
      sha256: d.sha256,
      size: d.size,
      archivedAt: entry.archivedAt,
      ...(entry.retainUntil ? { retainUntil: entry.retainUntil } : {}),
      filename: documentFilename(d, entry.visitId),
      url: documentDownloadPath(visitId, d.id),
    };
  };
  return {
    visitId,
    title: entry.title,
    hostAgency: { id: entry.hostAgencyId, name: entry.hostAgency, province: entry.hostProvince },
    visitingAgency: {
      id: entry.visitingAgencyId,
      name: entry.visitingAgency,
      province: entry.visitingProvince,
    },
    startDate: entry.date,
    ...(visit ? { endDate: visit.request.endDate } : {}),
    archivedAt: entry.archivedAt,
    ...(entry.retainUntil ? { retainUntil: entry.retainUntil } : {}),
    sha256: entry.sha256,
    documents: (entry.documents ?? []).map(view),
    ...(entry.manifest ? { manifest: view(entry.manifest) } : {}),
    events,
  };
}

/**
 * A download of an archived object (the minutes when `docId` is absent): the DOWNLOADED event (who, what, when)
 * is appended first, and only then is a URL valid at most five minutes made. A failed append means no URL.
 */
export async function downloadArchived(
  deps: { store: VisitStore; archive: DocumentStore },
  visitId: string,
  docId: string | undefined,
  actor: string,
): Promise<{ url: string; filename: string; document: ArchivedObject }> {
  const entry = await loadArchiveEntry(deps.store, visitId);
  const objects = [...(entry.documents ?? []), ...(entry.manifest ? [entry.manifest] : [])];
  const doc = docId ? objects.find((d) => d.id === docId) : objects.find((d) => d.kind === 'minutes');
  if (!doc) throw new DocumentNotFoundError();
  const filename = documentFilename(doc, entry.visitId);
  await deps.store.appendEvent(visitId, {
    type: 'DOWNLOADED',
    actor,
    data: { documentId: doc.id, key: doc.key, sha256: doc.sha256, filename },
  });
  const url = await deps.archive.downloadUrl(doc.key, { filename, expiresSeconds: DOWNLOAD_SECONDS });
  return { url, filename, document: doc };
}

// ---------------------------------------------------------------------------------------------------------------
// verify

export interface DocumentCheck {
  id: string;
  key: string;
  /** the sha256 the manifest records */
  expected: string;
  /** the sha256 of the bytes read now; absent when they could not be read */
  actual?: string;
  ok: boolean;
}

export interface Verification {
  visitId: string;
  intact: boolean;
  /** the archived minutes' sha256 as the locked manifest records it (what a genuine copy hashes to) */
  sha256: string;
  chain: 'ok' | 'broken';
  /** each thing that does not match, named; empty when intact */
  problems: string[];
  documents: DocumentCheck[];
  /** the chain as walked now, and the head the manifest locked */
  events: {
    count: number;
    head?: { seq: number; hash: string };
    manifestHead?: { seq: number; hash: string };
  };
}

const MAX_PROBLEMS = 50;

function describe(e: VisitEvent): string {
  return `event ${e.seq} (${e.type} by ${e.actor} at ${e.at})`;
}

/**
 * Walks the chain and names every event that breaks it: a gap or a repeat in the sequence, an event whose fields
 * no longer match its hash, an event that does not link to the one before it.
 */
export function chainProblems(visitId: string, events: readonly VisitEvent[]): string[] {
  const problems: string[] = [];
  let before: VisitEvent | undefined;
  for (const e of events) {
    const expected = (before?.seq ?? 0) + 1;
    if (e.seq === expected + 1)
      problems.push(`event ${expected} is missing: the chain jumps from ${before?.seq ?? 0} to ${e.seq}`);
    else if (e.seq > expected)
      problems.push(
        `events ${expected} to ${e.seq - 1} are missing: the chain jumps from ${before?.seq ?? 0} to ${e.seq}`,
      );
    else if (e.seq < expected)
      problems.push(`${describe(e)} is out of order or repeated after event ${before?.seq}`);
    if (e.visitId !== visitId) problems.push(`${describe(e)} belongs to another visit (${e.visitId})`);
    if (eventHash(e) !== e.hash)
      problems.push(`${describe(e)} does not match its hash: it was changed after it was recorded`);
    if (e.prevHash !== (before?.hash ?? ''))
      problems.push(
        before
          ? `${describe(e)} does not link to event ${before.seq}: its prevHash differs from that event's hash`
          : `${describe(e)} should start the chain but points at a previous event`,
      );
    before = e;
  }
  return problems;
}

/**
 * Re-reads every archived object and the manifest, re-walks the event chain, and holds them against the locked
 * manifest: each document's bytes against the manifest's sha256 (and size), the manifest against the sha256 in the
 * archive record and in the chain's ARCHIVED event, the chain against the head the manifest locked.
 */
export async function verifyArchive(
  deps: { store: VisitStore; archive: DocumentStore },
  visitId: string,
): Promise<Verification> {
  const entry = await loadArchiveEntry(deps.store, visitId);
  const problems: string[] = [];
  const mKey = entry.manifest?.key ?? manifestKey(visitId);
  const [manifestBytes, events] = await Promise.all([
    deps.archive.get(mKey).catch(() => undefined),
    deps.store.listEvents(visitId),
  ]);
  let manifest: Manifest | undefined;
  const manifestSha = manifestBytes ? sha256(manifestBytes) : undefined;
  if (!manifestBytes) problems.push(`the manifest ${mKey} is missing or cannot be read`);
  else {
    manifest = parseManifest(manifestBytes);
    if (!manifest || manifest.visitId !== visitId) {
      manifest = undefined;
      problems.push(`the manifest ${mKey} is not a manifest of this visit`);
    }
    if (entry.manifest && manifestSha !== entry.manifest.sha256)
      problems.push(
        `the manifest ${mKey}: sha256 ${manifestSha} differs from the archive record's ${entry.manifest.sha256}`,
      );
  }

  // the documents: the manifest's list when it is readable, else the archive record's
  const listed: ManifestDocument[] = manifest?.documents ?? entry.documents ?? [];
  const documents: DocumentCheck[] = [];
  for (const d of listed) {
    const bytes = await deps.archive.get(d.key).catch(() => undefined);
    const actual = bytes ? sha256(bytes) : undefined;
    const ok = actual === d.sha256 && bytes?.byteLength === d.size;
    if (!bytes) problems.push(`${d.key} is missing or cannot be read`);
    else if (actual !== d.sha256)
      problems.push(`${d.key}: the stored bytes hash to ${actual}, the manifest records ${d.sha256}`);
    else if (bytes.byteLength !== d.size)
      problems.push(`${d.key}: ${bytes.byteLength} bytes stored, the manifest records ${d.size}`);
    documents.push({ id: d.id, key: d.key, expected: d.sha256, ...(actual ? { actual } : {}), ok });
  }
  if (manifest) {
    // the archive record (DynamoDB) must say what the locked manifest says
    for (const d of entry.documents ?? []) {
      const m = manifest.documents.find((x) => x.key === d.key);
      if (!m) problems.push(`the archive record lists ${d.key}, which the manifest does not`);
      else if (m.sha256 !== d.sha256)
        problems.push(`the archive record's sha256 for ${d.key} (${d.sha256}) differs from the manifest's`);
    }
    const minutes = manifest.documents.find((d) => d.kind === 'minutes');
    if (minutes && minutes.sha256 !== entry.sha256)
      problems.push(`the archive record's minutes sha256 (${entry.sha256}) differs from the manifest's`);
  }

  // the chain: every event, then the head the manifest locked, then the ARCHIVED event's manifest sha256
  const chain = chainProblems(visitId, events);
  if (manifest && manifest.events.seq > 0) {
    const at = events.find((e) => e.seq === manifest.events.seq);
    if (!at) chain.push(`event ${manifest.events.seq}, the head the manifest locked, is missing`);
    else if (at.hash !== manifest.events.hash)
      chain.push(`${describe(at)} differs from the head the manifest locked (hash ${manifest.events.hash})`);
  }
  const archived = events.find((e) => e.type === 'ARCHIVED');
  if (!archived) chain.push('the chain holds no ARCHIVED event');
  else if (manifestSha && archived.data?.manifestSha256 !== manifestSha)
    problems.push(
      `the manifest ${mKey}: sha256 ${manifestSha} differs from the one the ARCHIVED event recorded (${String(archived.data?.manifestSha256)})`,
    );
  problems.push(...chain);

  const head = events[events.length - 1];
  const minutesSha =
    manifest?.documents.find((d) => d.kind === 'minutes')?.sha256 ??
    entry.documents?.find((d) => d.kind === 'minutes')?.sha256 ??
    entry.sha256;
  return {
    visitId,
    intact: problems.length === 0,
    sha256: minutesSha,
    chain: chain.length === 0 ? 'ok' : 'broken',
    problems:
      problems.length > MAX_PROBLEMS
        ? [...problems.slice(0, MAX_PROBLEMS), `… and ${problems.length - MAX_PROBLEMS} more`]
        : problems,
    documents,
    events: {
      count: events.length,
      ...(head ? { head: { seq: head.seq, hash: head.hash } } : {}),
      ...(manifest ? { manifestHead: manifest.events } : {}),
    },
  };
}
