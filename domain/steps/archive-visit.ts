/**
 * ArchiveVisit: the final minutes and the approved agenda (each its DOCX and its issued PDF) are copied, write-once,
 * into the archive bucket with a manifest (archive/manifest.ts); the archive index gets the visit's entry, the event
 * chain binds the manifest, the visit moves to ARCHIVED, the minutes' actions become items followed until done
 * (follow-up/open-items.ts), and the requester and the host's secretary are told.
 */
import {
  archivedMinutes,
  lockManifest,
  type ManifestDeps,
  manifestKey,
  sha256,
} from '#domain/archive/manifest.ts';
import { startOfVietnamDay } from '#domain/clock.ts';
import { type OpenItemsDeps, openActionItems } from '#domain/follow-up/open-items.ts';
import {
  agenciesOf,
  assertNotCancelled,
  type Deps,
  loadVisit,
  moveTo,
  notice,
  type StepResult,
  SYSTEM,
} from '#domain/lifecycle.ts';
import type { ArchiveEntry, VisitEvent } from '#domain/ports.ts';

export interface ArchiveDeps
  extends ManifestDeps,
    OpenItemsDeps,
    Pick<Deps, 'mailer' | 'compose' | 'directory'> {}

/**
 * Idempotent: a retry reuses the locked manifest (so the archive record, its dates and its retain-until do not
 * change), rewrites the same index items, appends the ARCHIVED event once, moves the visit once, creates each
 * action item once, and sends the notice unless it went out already.
 */
export async function archiveVisit(deps: ArchiveDeps, visitId: string): Promise<StepResult> {
  let visit = await loadVisit(deps.store, visitId);
  assertNotCancelled(visit);
  const { host } = await agenciesOf(deps, visit, deps.clock.now());
  let events: VisitEvent[];
  if (visit.status !== 'ARCHIVED') {
    // the agencies as they were at the visit: their provinces then (a search by a successor province finds them
    // too), and the names the visit kept from its submission
    const atVisit = await agenciesOf(deps, visit, startOfVietnamDay(visit.request.startDate));
    const kept = visit.agencies ?? { host: atVisit.host, visiting: atVisit.visiting };
    const { manifest, bytes } = await lockManifest(deps, visit, {
      host: kept.host.name,
      visiting: kept.visiting.name,
    });
    const minutes = archivedMinutes(manifest.documents);
    const manifestSha256 = sha256(bytes);
    const entry: ArchiveEntry = {
      visitId,
      title: manifest.title,
      hostAgencyId: visit.request.hostAgencyId,
      hostAgency: kept.host.name,
      hostProvince: atVisit.host.province,
      visitingAgencyId: visit.request.visitingAgencyId,
      visitingAgency: kept.visiting.name,
      visitingProvince: atVisit.visiting.province,
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
    // the minutes' actions become items before the visit moves: an archived visit has its items
    await openActionItems(deps, visit, events);
    visit = await moveTo(deps.store, visit, 'ARCHIVED', {}, deps.clock.now());
  } else {
    // a retry after the visit moved finishes what the first attempt began (each item once, each link once)
    events = await deps.store.listEvents(visitId);
    await openActionItems(deps, visit, events);
  }
  // the log read above serves this check too: the items record no notice
  const noticed = events.some((e) => e.type === 'NOTICE_SENT' && e.data?.notice === 'archived');
  if (!noticed) {
    // the requester and the host's secretary keep the file; the chair, who has just signed off, needs no notice
    const to = [{ name: visit.owner.name, position: '', email: visit.owner.email }, host.secretary];
    await notice(deps, 'archived', visit, to);
  }
  return { visitId, next: 'end' };
}
