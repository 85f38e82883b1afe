/**
 * The archive's manifest: the visit's record, each archived document's sha256 (the DOCX and the signed PDF of the
 * final minutes and of the approved agenda) and the head of the event chain,
 * written once beside the documents under the bucket's retention (Object Lock in AWS; the application refuses
 * overwrites locally). Locking it copies the documents into the archive first; a retry reads back what the first
 * attempt locked.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '#domain/clock.ts';
import { ArchiveImmutableError, DocumentNotFoundError, DomainError } from '#domain/errors.ts';
import { FILE_TYPES } from '#domain/lifecycle.ts';
import type { ArchivedObject, DocumentStore, VisitStore } from '#domain/ports.ts';
import { type DocumentRecord, documentId, formatOf, type Visit } from '#domain/visit.ts';

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

/** What locking a manifest reads and writes. */
export interface ManifestDeps {
  store: VisitStore;
  clock: Clock;
  /** the documents bucket the drafts are read from */
  documents: DocumentStore;
  /** the archive bucket, write-once */
  archive: DocumentStore;
  retentionDays: number;
}

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export const manifestKey = (visitId: string) => `archive/${visitId}/manifest.json`;

/** The archived minutes' editable copy: the DOCX whose sha256 the archive record names. */
export function archivedMinutes<T extends Pick<ArchivedObject, 'kind' | 'format'>>(
  docs: readonly T[],
): T | undefined {
  return docs.find((d) => d.kind === 'minutes' && (d.format ?? 'docx') === 'docx');
}

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

/** The last drafted version of a kind (its DOCX), and the PDF issued of that version, when there is one. */
function latest<K extends 'agenda' | 'minutes'>(
  docs: DocumentRecord[],
  kind: K,
): (DocumentRecord & { kind: K })[] {
  const ofKind = docs.filter((d): d is DocumentRecord & { kind: K } => d.kind === kind);
  const docx = ofKind.filter((d) => formatOf(d) === 'docx').sort((a, b) => b.version - a.version)[0];
  if (!docx) return [];
  const pdf = ofKind.find((d) => d.id === documentId(kind, docx.version, 'pdf'));
  return pdf ? [docx, pdf] : [docx];
}

export function parseManifest(bytes: Uint8Array): Manifest | undefined {
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
export async function lockManifest(
  deps: ManifestDeps,
  visit: Visit,
  names: { host: string; visiting: string },
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
  const docs = await deps.store.listDocuments(visitId);
  const chosen = [...latest(docs, 'minutes'), ...latest(docs, 'agenda')];
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
    const { contentType, extension } = FILE_TYPES[formatOf(d)];
    const name = `${documentId(d.kind, d.version)}.${extension}`;
    const put = await putOnce(deps.archive, `archive/${visitId}/${name}`, bytes, contentType);
    objects.push({
      id: d.id,
      kind: d.kind,
      number: d.number,
      version: d.version,
      key: put.key,
      ...(put.versionId ? { versionId: put.versionId } : {}),
      sha256: put.sha256,
      size: put.size,
      format: formatOf(d),
      ...(d.signed !== undefined ? { signed: d.signed } : {}),
    });
  }
  const events = await deps.store.listEvents(visitId);
  const head = events[events.length - 1];
  const manifest: Manifest = {
    visitId,
    title: visit.request.title,
    hostAgency: names.host,
    visitingAgency: names.visiting,
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
