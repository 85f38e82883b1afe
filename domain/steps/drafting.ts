/**
 * What DraftAgenda and DraftMinutes share: number the document (one number per visit and kind, kept across
 * versions and retries), render it, store it, record it, and move the visit to its drafted status.
 */
import type { Agency } from '#domain/agencies.ts';
import { vietnamYear } from '#domain/clock.ts';
import { documentNumberText } from '#domain/document-numbers.ts';
import {
  agenciesOf,
  assertNotCancelled,
  type Deps,
  DOCX,
  loadVisit,
  moveTo,
  SYSTEM,
} from '#domain/lifecycle.ts';
import {
  type DocumentKind,
  type DocumentRecord,
  documentId,
  type Visit,
  type VisitStatus,
} from '#domain/visit.ts';

/** Renders version `version` of a document numbered `number`; `now` is when it is drafted. */
export type Render = (
  visit: Visit,
  host: Agency,
  visiting: Agency,
  number: number,
  version: number,
  now: Date,
) => Promise<Uint8Array>;

/** The documents the lifecycle drafts (the follow-up report is issued by a person, domain/follow-up/report.ts). */
export type DraftedKind = Exclude<DocumentKind, 'report'>;

const DRAFTED: Record<DraftedKind, VisitStatus> = { agenda: 'AGENDA_DRAFTED', minutes: 'MINUTES_DRAFTED' };

/** Stores version `version` of a document of `kind` beside its visit, and records it (id `<kind>-v<version>`). */
export async function storeDocument(
  deps: Pick<Deps, 'store' | 'documents' | 'clock'>,
  visit: Visit,
  kind: DocumentKind,
  version: number,
  number: string,
  templateVersion: string,
  bytes: Uint8Array,
): Promise<DocumentRecord> {
  const id = documentId(kind, version);
  const key = `visits/${visit.id}/${id}.docx`;
  const put = await deps.documents.put(key, bytes, DOCX);
  const record: DocumentRecord = {
    id,
    kind,
    version,
    number,
    key,
    sha256: put.sha256,
    size: put.size,
    templateVersion,
    createdAt: deps.clock.now().toISOString(),
    format: 'docx',
  };
  await deps.store.putDocument(visit.id, record);
  return record;
}

/**
 * Drafts the next version of the visit's agenda or minutes and returns the visit as drafted and the version. A
 * retry after the status moved finds its work done and returns the version it drafted.
 */
export async function draft(
  deps: Pick<Deps, 'store' | 'documents' | 'clock' | 'directory'>,
  visitId: string,
  kind: DraftedKind,
  render: Render,
  templateVersion: string,
  now: Date,
): Promise<{ visit: Visit; version: number }> {
  let visit = await loadVisit(deps.store, visitId);
  assertNotCancelled(visit);
  // the issuing body valid on the document's date: after a succession the successor, with its number series
  const { host, visiting } = await agenciesOf(deps, visit, now);
  const drafted = DRAFTED[kind];
  const current = kind === 'agenda' ? visit.agendaVersion : visit.minutesVersion;
  const version = visit.status === drafted ? current : current + 1;
  if (visit.status !== drafted) {
    const n = await deps.store.documentNumber(visit.id, kind, host.id, kind, vietnamYear(now));
    const bytes = await render(visit, host, visiting, n, version, now);
    const doc = await storeDocument(
      deps,
      visit,
      kind,
      version,
      documentNumberText(n, kind, host),
      templateVersion,
      bytes,
    );
    const patch: Partial<Visit> =
      kind === 'agenda' ? { agendaVersion: version } : { minutesVersion: version };
    visit = await moveTo(deps.store, visit, drafted, patch, now);
    await deps.store.appendEvent(visit.id, {
      type: drafted,
      actor: SYSTEM,
      data: { documentId: doc.id, number: doc.number, sha256: doc.sha256 },
    });
  }
  return { visit, version };
}
