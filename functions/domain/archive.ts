/**
 * Archiving and proving: the final minutes and the approved agenda are copied, write-once, into the archive
 * bucket with a manifest (the visit's record, each document's sha256, the head of the event chain) kept under the
 * same retention; verify re-reads the bytes and re-walks the chain and holds both against the manifest.
 */
import { createHash } from 'node:crypto';
import { ArchiveImmutableError, DomainError } from './errors.ts';
import { verifyChain } from './events.ts';
import { agenciesOf, type Deps, loadVisit, moveTo, notice, type StepResult, SYSTEM } from './lifecycle.ts';
import type { ArchivedObject, ArchiveEntry, DocumentStore } from './ports.ts';
import type { DocumentRecord } from './visit.ts';

export interface ArchiveDeps extends Pick<Deps, 'store' | 'clock' | 'documents' | 'mailer' | 'compose'> {
  /** the archive bucket, write-once */
  archive: DocumentStore;
  retentionDays: number;
}

export interface Manifest {
  visitId: string;
  title: string;
  hostAgency: string;
  visitingAgency: string;
  startDate: string;
  endDate: string;
  archivedAt: string;
  retainUntil: string;
  documents: ArchivedObject[];
  events: { seq: number; hash: string };
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

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

function latest(docs: DocumentRecord[], kind: DocumentRecord['kind']): DocumentRecord | undefined {
  return docs.filter((d) => d.kind === kind).sort((a, b) => b.version - a.version)[0];
}

export async function archiveVisit(deps: ArchiveDeps, visitId: string): Promise<StepResult> {
  const visit = await loadVisit(deps.store, visitId);
  if (visit.status === 'ARCHIVED') return { visitId, next: 'end' };
  const { host, visiting } = agenciesOf(visit);
  const docs = await deps.store.listDocuments(visitId);
  const chosen = [latest(docs, 'minutes'), latest(docs, 'agenda')].filter((d): d is DocumentRecord =>
    Boolean(d),
  );
  if (!chosen.some((d) => d.kind === 'minutes'))
    throw new DomainError('MINUTES_MISSING', 500, { vi: 'Chưa có biên bản', en: 'No minutes document' });

  const manifestKey = `archive/${visitId}/manifest.json`;
  let manifest: Manifest;
  let manifestBytes: Uint8Array;
  const stored = await deps.archive.get(manifestKey).catch(() => undefined);
  if (stored) {
    manifestBytes = stored;
    manifest = JSON.parse(new TextDecoder().decode(stored)) as Manifest;
  } else {
    const now = deps.clock.now();
    const objects: ArchivedObject[] = [];
    for (const d of chosen) {
      const bytes = await deps.documents.get(d.key);
      if (sha256(bytes) !== d.sha256)
        throw new DomainError('DOCUMENT_CHANGED', 500, {
          vi: 'Văn bản đã bị thay đổi',
          en: `Document ${d.id} does not match its record`,
        });
      const put = await putOnce(
        deps.archive,
        `archive/${visitId}/${d.id}.docx`,
        bytes,
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      );
      objects.push({
        id: d.id,
        kind: d.kind,
        number: d.number,
        key: put.key,
        ...(put.versionId ? { versionId: put.versionId } : {}),
        sha256: put.sha256,
        size: put.size,
      });
    }
    const events = await deps.store.listEvents(visitId);
    const head = events[events.length - 1];
    manifest = {
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
    manifestBytes = new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`);
    await putOnce(deps.archive, manifestKey, manifestBytes, 'application/json');
  }
  const minutes = manifest.documents.find((d) => d.kind === 'minutes');
  const entry: ArchiveEntry = {
    visitId,
    title: visit.request.title,
    hostAgencyId: host.id,
    hostAgency: host.name,
    hostProvince: host.province,
    visitingAgencyId: visiting.id,
    visitingAgency: visiting.name,
    visitingProvince: visiting.province,
    date: visit.request.startDate,
    archivedAt: manifest.archivedAt,
    sha256: minutes?.sha256 ?? '',
    retainUntil: manifest.retainUntil,
    documents: manifest.documents,
    manifest: {
      id: 'manifest',
      kind: 'manifest',
      key: manifestKey,
      sha256: sha256(manifestBytes),
      size: manifestBytes.byteLength,
    },
  };
  await deps.store.putArchiveEntry(entry);
  const archived = await moveTo(deps.store, visit, 'ARCHIVED', {}, deps.clock.now());
  await deps.store.appendEvent(visitId, {
    type: 'ARCHIVED',
    actor: SYSTEM,
    data: { manifestSha256: entry.manifest?.sha256 },
  });
  const chair = archived.minutes?.chair;
  const to = [
    { name: archived.owner.name, position: '', email: archived.owner.email },
    host.secretary,
    ...(chair ? [chair] : []),
  ];
  await notice(deps, 'archived', archived, to);
  return { visitId, next: 'end' };
}

export interface Verification {
  intact: boolean;
  sha256: string;
  chain: 'ok' | 'broken';
  problems: string[];
}

/** Re-reads every archived object and the event chain and holds them against the manifest. */
export async function verifyArchive(
  deps: Pick<ArchiveDeps, 'store' | 'archive'>,
  visitId: string,
): Promise<Verification> {
  const entry = await deps.store.getArchiveEntry(visitId);
  if (!entry?.manifest)
    throw new DomainError('NOT_ARCHIVED', 404, { vi: 'Chưa lưu trữ', en: 'Not archived' });
  const problems: string[] = [];
  const manifestBytes = await deps.archive.get(entry.manifest.key).catch(() => undefined);
  let manifest: Manifest | undefined;
  if (!manifestBytes) problems.push(`manifest ${entry.manifest.key} is missing`);
  else {
    if (sha256(manifestBytes) !== entry.manifest.sha256)
      problems.push(`manifest ${entry.manifest.key} does not match its recorded sha256`);
    try {
      manifest = JSON.parse(new TextDecoder().decode(manifestBytes)) as Manifest;
    } catch {
      problems.push(`manifest ${entry.manifest.key} is not readable`);
    }
  }
  for (const d of manifest?.documents ?? entry.documents ?? []) {
    const bytes = await deps.archive.get(d.key).catch(() => undefined);
    if (!bytes) problems.push(`${d.key} is missing`);
    else if (sha256(bytes) !== d.sha256)
      problems.push(`${d.key}: sha256 ${sha256(bytes)} differs from the manifest's ${d.sha256}`);
  }
  const events = await deps.store.listEvents(visitId);
  const chain = verifyChain(events);
  if (!chain.ok) problems.push(`event ${chain.brokenAt} breaks the hash chain`);
  if (manifest) {
    const at = events.find((e) => e.seq === manifest.events.seq);
    if (manifest.events.seq > 0 && at?.hash !== manifest.events.hash)
      problems.push(`event ${manifest.events.seq} differs from the head recorded in the manifest`);
  }
  const chainOk = chain.ok && !problems.some((p) => p.startsWith('event'));
  return { intact: problems.length === 0, sha256: entry.sha256, chain: chainOk ? 'ok' : 'broken', problems };
}
