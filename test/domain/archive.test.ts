/**
 * The archive on in-memory ports: ArchiveVisit (write-once copies, the manifest, the index entry, the chain
 * binding, retries), the record and its downloads, verify, and the search's checks.
 */

import { describe, expect, it } from 'vitest';
import { type Manifest, manifestKey } from '#domain/archive/manifest.ts';
import { archiveRecord, downloadArchived } from '#domain/archive/record.ts';
import { searchArchive, validateArchiveSearch } from '#domain/archive/search.ts';
import { verifyArchive } from '#domain/archive/verify.ts';
import { seedAgencyRecords } from '#domain/directory/seed.ts';
import { NotArchivedError, ValidationError } from '#domain/errors.ts';
import { archiveVisit } from '#domain/steps/archive-visit.ts';
import { decide } from '#domain/steps/decide.ts';
import { fieldMessages } from '#templates/words/fields.ts';
import { failNext } from '../support/memory.ts';
import { answered, awaitingSignOff, eventsOf, PEOPLE, type World, world } from './fixtures.ts';

const RETENTION_DAYS = 3650;

async function signedOff(w: World): Promise<string> {
  const { visitId, wait } = await awaitingSignOff(w);
  await decide(w.deps, { visitId, ...answered(wait, 'approve', PEOPLE.chair) });
  return visitId;
}

const archiveDeps = (w: World) => ({ ...w.deps, archive: w.archive, retentionDays: RETENTION_DAYS });

/** The directory's index as the seed has it. */
const AGENCIES = seedAgencyRecords();

describe('ArchiveVisit', () => {
  it('copies the minutes and the approved agenda, editable and signed, write-once with a manifest, bound into the chain', async () => {
    const w = world();
    const visitId = await signedOff(w);

    const result = await archiveVisit(archiveDeps(w), visitId);

    expect(result).toEqual({ visitId, next: 'end' });
    expect([...w.archive.objects.keys()].sort()).toEqual([
      `archive/${visitId}/agenda-v1.docx`,
      `archive/${visitId}/agenda-v1.pdf`,
      manifestKey(visitId),
      `archive/${visitId}/minutes-v1.docx`,
      `archive/${visitId}/minutes-v1.pdf`,
    ]);
    const manifest = JSON.parse(
      new TextDecoder().decode(w.archive.objects.get(manifestKey(visitId))?.body),
    ) as Manifest;
    expect(manifest.documents.map((d) => [d.id, d.number, d.format, d.signed])).toEqual([
      ['minutes-v1', '01-BB/BTGDVTU', 'docx', undefined],
      ['minutes-v1-pdf', '01-BB/BTGDVTU', 'pdf', true],
      ['agenda-v1', '01-CTr/BTGDVTU', 'docx', undefined],
      ['agenda-v1-pdf', '01-CTr/BTGDVTU', 'pdf', true],
    ]);
    // the archive record names the editable minutes, as before
    const docx = manifest.documents.find((d) => d.id === 'minutes-v1');
    expect((await w.store.getArchiveEntry(visitId))?.sha256).toBe(docx?.sha256);
    expect(Date.parse(manifest.retainUntil) - Date.parse(manifest.archivedAt)).toBe(
      RETENTION_DAYS * 86_400_000,
    );
    expect((await w.store.getVisit(visitId))?.status).toBe('ARCHIVED');
    expect(await w.store.getArchiveEntry(visitId)).toMatchObject({ visitId, hostProvince: 'Đà Nẵng' });
    const events = await w.store.listEvents(visitId);
    expect(events.filter((e) => e.type === 'ARCHIVED')).toHaveLength(1);
    expect(w.mailer.sent.at(-1)?.to).toEqual([PEOPLE.requester, PEOPLE.secretary]);
  });

  it('retried after the notice failed, it reuses the locked manifest and does nothing twice', async () => {
    const w = world();
    const visitId = await signedOff(w);
    failNext(w.mailer, 'send');

    await expect(archiveVisit(archiveDeps(w), visitId)).rejects.toThrow();
    const locked = w.archive.objects.get(manifestKey(visitId))?.body;
    w.clock.advance(3600_000);
    await archiveVisit(archiveDeps(w), visitId);
    await archiveVisit(archiveDeps(w), visitId);

    expect(w.archive.objects.get(manifestKey(visitId))?.body).toEqual(locked);
    const events = await eventsOf(w, visitId);
    expect(events.filter((e) => e === 'ARCHIVED')).toHaveLength(1);
    expect(w.mailer.sent.filter((m) => m.subject.startsWith('Biên bản đã được lưu trữ'))).toHaveLength(1);
  });
});

describe('an archived visit', () => {
  it('its record lists the archived objects with telling file names and the whole trail', async () => {
    const w = world();
    const visitId = await signedOff(w);
    await archiveVisit(archiveDeps(w), visitId);

    const record = await archiveRecord(w.store, visitId);

    expect(record.documents.map((d) => d.filename)).toEqual([
      'BienBan-01-BB-BTGDVTU-v1.docx',
      'BienBan-01-BB-BTGDVTU-v1.pdf',
      'ChuongTrinh-01-CTr-BTGDVTU-v1.docx',
      'ChuongTrinh-01-CTr-BTGDVTU-v1.pdf',
    ]);
    expect(record.manifest?.filename).toBe(`BanKe-${visitId}.json`);
    expect(record.events.map((e) => e.type)).toEqual(await eventsOf(w, visitId));
  });

  it('a download is recorded before its URL is made, and no URL is made if recording fails', async () => {
    const w = world();
    const visitId = await signedOff(w);
    await archiveVisit(archiveDeps(w), visitId);
    failNext(w.store, 'appendEvent');

    await expect(
      downloadArchived({ store: w.store, archive: w.archive }, visitId, undefined, PEOPLE.auditor),
    ).rejects.toThrow();
    const { url, document } = await downloadArchived(
      { store: w.store, archive: w.archive },
      visitId,
      undefined,
      PEOPLE.auditor,
    );

    expect(document.kind).toBe('minutes');
    expect(url).toContain('expires=300');
    expect((await w.store.listEvents(visitId)).at(-1)).toMatchObject({
      type: 'DOWNLOADED',
      actor: PEOPLE.auditor,
      data: { documentId: 'minutes-v1', filename: 'BienBan-01-BB-BTGDVTU-v1.docx' },
    });
  });

  it('a visit that is not archived has no record: 404', async () => {
    const w = world();
    const { visitId } = await awaitingSignOff(w);

    await expect(archiveRecord(w.store, visitId)).rejects.toBeInstanceOf(NotArchivedError);
  });

  it('verify finds an untouched archive intact', async () => {
    const w = world();
    const visitId = await signedOff(w);
    await archiveVisit(archiveDeps(w), visitId);

    const result = await verifyArchive(
      { store: w.store, archive: w.archive, verifyPdf: w.issuing.verifyPdf },
      visitId,
    );

    expect(result).toMatchObject({ intact: true, chain: 'ok', problems: [] });
  });

  it('verify names a document whose bytes changed behind the application', async () => {
    const w = world();
    const visitId = await signedOff(w);
    await archiveVisit(archiveDeps(w), visitId);
    const key = `archive/${visitId}/minutes-v1.docx`;
    w.archive.objects.set(key, { body: new TextEncoder().encode('forged'), contentType: 'x' });

    const result = await verifyArchive(
      { store: w.store, archive: w.archive, verifyPdf: w.issuing.verifyPdf },
      visitId,
    );

    expect(result.intact).toBe(false);
    expect(result.problems).toEqual([
      expect.stringMatching(new RegExp(`^${key}: the stored bytes hash to `)),
    ]);
  });
});

describe('the archive search', () => {
  const messages = (run: () => unknown, lang: 'vi' | 'en') => {
    try {
      run();
    } catch (e) {
      if (e instanceof ValidationError) return fieldMessages(e.fields, lang);
      throw e;
    }
    throw new Error('expected a ValidationError');
  };

  it('each refused filter reads as it did, in both languages', () => {
    const bad = {
      from: '2030-02-30',
      to: 'tomorrow',
      province: 'Atlantis',
      agencyId: 'nobody',
      limit: '500',
    };

    expect(messages(() => validateArchiveSearch(bad, AGENCIES), 'vi')).toEqual({
      from: 'Từ ngày: nhập một ngày có thật, dạng YYYY-MM-DD',
      to: 'Đến ngày: nhập một ngày có thật, dạng YYYY-MM-DD',
      province: 'Không có tỉnh "Atlantis" trong danh sách',
      agencyId: 'Không có cơ quan "nobody" trong danh sách',
      limit: 'Số kết quả mỗi trang: từ 1 đến 100',
    });
    expect(
      messages(() => validateArchiveSearch({ from: '2030-08-02', to: '2030-08-01' }, AGENCIES), 'en'),
    ).toEqual({
      to: 'To must be the same day as From or later',
    });
  });

  it('finds an archived visit by the province of either side', async () => {
    const w = world();
    const visitId = await signedOff(w);
    await archiveVisit(archiveDeps(w), visitId);

    const search = (q: Record<string, string>) =>
      searchArchive(w.store, validateArchiveSearch(q, AGENCIES), AGENCIES);
    const byHost = await search({ province: 'Đà Nẵng' });
    const byVisiting = await search({ province: 'Thanh Hóa' });
    const elsewhere = await search({ province: 'Nghệ An' });
    // Quảng Nam had ended by 2030: its successor's visits are not its own
    const predecessor = await search({ province: 'Quảng Nam' });

    expect(byHost.items.map((e) => e.visitId)).toEqual([visitId]);
    expect(byVisiting.items.map((e) => e.visitId)).toEqual([visitId]);
    expect(elsewhere.items).toEqual([]);
    expect(predecessor.items).toEqual([]);
  });

  it('a 2024 visit hosted in Quảng Nam is found by Quảng Nam and by its successor Đà Nẵng, and by either agency', async () => {
    const w = world();
    const entry = {
      visitId: '20240801-AAAAAAAAAA',
      title: 'Trao đổi kinh nghiệm 2024',
      hostAgencyId: 'btgtu-quang-nam',
      hostAgency: 'Ban Tuyên giáo Tỉnh ủy Quảng Nam',
      hostProvince: 'Quảng Nam',
      visitingAgencyId: 'btgtu-thanh-hoa',
      visitingAgency: 'Ban Tuyên giáo Tỉnh ủy Thanh Hóa',
      visitingProvince: 'Thanh Hóa',
      date: '2024-08-24',
      archivedAt: '2024-08-30T01:00:00.000Z',
      sha256: 'a'.repeat(64),
    };
    await w.store.putArchiveEntry(entry);
    const search = (q: Record<string, string>) =>
      searchArchive(w.store, validateArchiveSearch(q, AGENCIES), AGENCIES);

    const queries: Record<string, string>[] = [
      { province: 'Quảng Nam' },
      { province: 'Đà Nẵng' },
      { agencyId: 'btgdvtu-da-nang' },
      { agencyId: 'btgtu-quang-nam' },
      { agencyId: 'btgdvtu-da-nang', province: 'Thanh Hóa' },
    ];
    for (const q of queries)
      expect(
        (await search(q)).items.map((e) => e.visitId),
        JSON.stringify(q),
      ).toEqual([entry.visitId]);
    expect((await search({ province: 'Nghệ An' })).items).toEqual([]);
  });
});
