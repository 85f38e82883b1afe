/**
 * An archived visit as auditors read it: its record (agencies, dates, the archived objects and the whole event
 * trail) and its downloads, each recorded as an event before a URL valid at most five minutes is made.
 */
import { documentFilename } from '#domain/document-filename.ts';
import { DocumentNotFoundError, NotArchivedError } from '#domain/errors.ts';
import type { ArchivedObject, ArchiveEntry, DocumentStore, VisitEvent, VisitStore } from '#domain/ports.ts';
import { archivedMinutes, type ManifestDocument } from './manifest.ts';

/** The links of URLs valid at most this long. */
export const DOWNLOAD_SECONDS = 300;

export interface ArchivedDocumentView {
  id: string;
  kind: ArchivedObject['kind'];
  number?: string;
  /** the document's revision (agenda v2, minutes v1); absent for the manifest */
  version?: number;
  key: string;
  /** the S3 object version (AWS; the local S3 emulator keeps none) */
  versionId?: string;
  /** a document's format; an issued PDF also says whether it is signed */
  format?: ArchivedObject['format'];
  signed?: boolean;
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
      ...(d.format ? { format: d.format } : {}),
      ...(d.signed !== undefined ? { signed: d.signed } : {}),
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
  const doc = docId ? objects.find((d) => d.id === docId) : archivedMinutes(objects);
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
