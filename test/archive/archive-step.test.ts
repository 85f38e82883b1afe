/**
 * The ArchiveVisit step and the archive's write-once rule, over the real adapters against the emulators: what it
 * writes, how a retried step reuses the locked manifest, that nothing overwrites or deletes an archived object, and
 * that a download is recorded before any URL exists.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { createActionStore } from '#adapters/dynamodb-action-store.ts';
import { createDirectory } from '#adapters/dynamodb-directory.ts';
import { createVisitStore } from '#adapters/dynamodb-visit-store.ts';
import { createLinkKeys } from '#adapters/link-keys.ts';
import { pdfSignatureVerifier } from '#adapters/pades-verify.ts';
import { createDocumentStore } from '#adapters/s3-document-store.ts';
import { createMailer } from '#adapters/ses-mailer.ts';
import { httpErrors, type Result } from '#commons/http.ts';
import { type Manifest, manifestKey } from '#domain/archive/manifest.ts';
import { downloadArchived } from '#domain/archive/record.ts';
import { verifyArchive } from '#domain/archive/verify.ts';
import { seedAgencies } from '#domain/directory/seed.ts';
import { ArchiveImmutableError } from '#domain/errors.ts';
import { directoryPeople } from '#domain/people.ts';
import type { ActionStore, DirectoryStore, DocumentStore, Mailer, VisitStore } from '#domain/ports.ts';
import { type ArchiveDeps, archiveVisit } from '#domain/steps/archive-visit.ts';
import type { DocumentRecord } from '#domain/visit.ts';
import { ROUTES } from '#functions/manifest.ts';
import { seedMinutes } from '#infra/local/seed-visit.ts';
import { composeNotice } from '#templates/mail.ts';
import { aVisit } from '../adapters/fixtures.ts';
import { useEmulators } from '../support/emulators.ts';

const env = useEmulators();
const RETENTION_DAYS = 2555;
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
/** the visits here have no issued PDF: nothing reaches the verifier's roots */
const verifyPdf = pdfSignatureVerifier(async () => ({ licensed: [], selfIssued: [] }));
const bytes = (text: string) => new TextEncoder().encode(text);

let store: VisitStore;
let documents: DocumentStore;
let archive: DocumentStore;
let mailer: Mailer;
let directory: DirectoryStore;
let actions: ActionStore;
let now = new Date('2030-08-25T03:00:00.000Z');
const clock = { now: () => now };

beforeAll(async () => {
  store = createVisitStore(env.doc, env.tableName);
  documents = createDocumentStore(env.s3, env.documentsBucket);
  archive = createDocumentStore(env.s3, env.archiveBucket, { writeOnce: true });
  mailer = createMailer(env.ses, 'no-reply@exchange-visits.example');
  directory = createDirectory(env.doc, env.tableName);
  await seedAgencies(directory);
  actions = createActionStore(env.doc, env.tableName);
});

const deps = (overrides: Partial<ArchiveDeps> = {}): ArchiveDeps => ({
  store,
  clock,
  documents,
  archive,
  mailer,
  compose: composeNotice,
  directory,
  retentionDays: RETENTION_DAYS,
  actions,
  links: createLinkKeys(env.secrets, env.linkKeySecretId),
  publicUrl: 'https://visits.example',
  people: directoryPeople(directory, clock),
  ...overrides,
});

/** A visit awaiting the chair's sign-off, with agenda v1 and v2 and minutes v1 in the documents bucket. */
async function visitToArchive(): Promise<string> {
  const visit = aVisit({ status: 'AWAITING_MINUTES_APPROVAL', minutes: seedMinutes('2030-08-24') });
  await store.createVisit(visit);
  await store.appendEvent(visit.id, { type: 'SUBMITTED', actor: visit.owner.email });
  for (const [kind, version, number] of [
    ['agenda', 1, '05/CTr-BTGTU'],
    ['agenda', 2, '06/CTr-BTGTU'],
    ['minutes', 1, '03/BB-BTGTU'],
  ] as const) {
    const body = bytes(`${kind} v${version} of ${visit.id}`);
    const key = `visits/${visit.id}/${kind}-v${version}.docx`;
    await documents.put(key, body, 'application/octet-stream');
    const record: DocumentRecord = {
      id: `${kind}-v${version}`,
      kind,
      version,
      number,
      key,
      sha256: sha256(body),
      size: body.byteLength,
      templateVersion: 't1',
      createdAt: now.toISOString(),
    };
    await store.putDocument(visit.id, record);
    await store.appendEvent(visit.id, {
      type: kind === 'agenda' ? 'AGENDA_DRAFTED' : 'MINUTES_DRAFTED',
      actor: 'system',
      data: { documentId: record.id },
    });
  }
  return visit.id;
}

const manifestOf = async (visitId: string) =>
  JSON.parse(new TextDecoder().decode(await archive.get(manifestKey(visitId)))) as Manifest;

const countOf = async (visitId: string, type: string, notice?: string) =>
  (await store.listEvents(visitId)).filter((e) => e.type === type && (!notice || e.data?.notice === notice))
    .length;

describe('the ArchiveVisit step', () => {
  it('copies the latest minutes and agenda write-once, with a manifest of their sha256 and the chain head, under one retention', async () => {
    const visitId = await visitToArchive();
    const head = (await store.listEvents(visitId)).at(-1);

    await archiveVisit(deps(), visitId);

    const manifest = await manifestOf(visitId);
    expect(manifest.documents.map((d) => [d.id, d.version, d.key])).toEqual([
      ['minutes-v1', 1, `archive/${visitId}/minutes-v1.docx`],
      ['agenda-v2', 2, `archive/${visitId}/agenda-v2.docx`],
    ]);
    for (const d of manifest.documents) expect(sha256(await archive.get(d.key))).toBe(d.sha256);
    expect(manifest.events).toEqual({ seq: head?.seq, hash: head?.hash });
    expect(manifest.archivedAt).toBe(now.toISOString());
    expect(Date.parse(manifest.retainUntil) - Date.parse(manifest.archivedAt)).toBe(
      RETENTION_DAYS * 86_400_000,
    );
    const entry = await store.getArchiveEntry(visitId);
    const manifestSha = sha256(await archive.get(manifestKey(visitId)));
    expect(entry).toMatchObject({ retainUntil: manifest.retainUntil, manifest: { sha256: manifestSha } });
    const archived = (await store.listEvents(visitId)).filter((e) => e.type === 'ARCHIVED');
    expect(archived).toEqual([expect.objectContaining({ data: { manifestSha256: manifestSha } })]);
    expect((await store.getVisit(visitId))?.status).toBe('ARCHIVED');
    // the manifest is as write-once as the documents it lists
    await expect(archive.put(manifestKey(visitId), bytes('{}'), 'application/json')).rejects.toBeInstanceOf(
      ArchiveImmutableError,
    );
    expect(await verifyArchive({ store, archive, verifyPdf }, visitId)).toMatchObject({
      intact: true,
      chain: 'ok',
    });
  });

  it('a retry after a crash before the index was written reuses the locked manifest, and archives once', async () => {
    const visitId = await visitToArchive();
    const firstAttempt = new Date(now);
    let crash = true;
    const crashing: VisitStore = {
      ...store,
      async putArchiveEntry(entry) {
        if (crash) {
          crash = false;
          throw new Error('the function timed out');
        }
        return store.putArchiveEntry(entry);
      },
    };
    await expect(archiveVisit(deps({ store: crashing }), visitId)).rejects.toThrow('timed out');
    const locked = await archive.get(manifestKey(visitId));

    now = new Date(now.getTime() + 86_400_000);
    await archiveVisit(deps({ store: crashing }), visitId);
    await archiveVisit(deps(), visitId);

    expect(await archive.get(manifestKey(visitId))).toEqual(locked);
    expect(await store.getArchiveEntry(visitId)).toMatchObject({
      archivedAt: firstAttempt.toISOString(),
      manifest: { sha256: sha256(locked) },
    });
    expect(await countOf(visitId, 'ARCHIVED')).toBe(1);
    expect(await countOf(visitId, 'NOTICE_SENT', 'archived')).toBe(1);
    expect(await verifyArchive({ store, archive, verifyPdf }, visitId)).toMatchObject({
      intact: true,
      chain: 'ok',
    });
  });

  it('a retry after the visit moved but before the notice went out sends it, once', async () => {
    const visitId = await visitToArchive();
    let fail = true;
    const flaky: Mailer = {
      async send(mail) {
        if (fail) {
          fail = false;
          throw new Error('SES throttled');
        }
        return mailer.send(mail);
      },
    };
    await expect(archiveVisit(deps({ mailer: flaky }), visitId)).rejects.toThrow('throttled');
    expect((await store.getVisit(visitId))?.status).toBe('ARCHIVED');

    await archiveVisit(deps({ mailer: flaky }), visitId);
    const events = (await store.listEvents(visitId)).length;
    await archiveVisit(deps(), visitId);

    expect(await countOf(visitId, 'NOTICE_SENT', 'archived')).toBe(1);
    expect(await countOf(visitId, 'ARCHIVED')).toBe(1);
    expect(await store.listEvents(visitId)).toHaveLength(events);
  });

  it('will not archive over a different object already at a key: ArchiveImmutableError, and the object stays', async () => {
    const visitId = await visitToArchive();
    const squatter = bytes('something else, archived first');
    await archive.put(`archive/${visitId}/minutes-v1.docx`, squatter, 'application/octet-stream');

    const attempt = archiveVisit(deps(), visitId);

    await expect(attempt).rejects.toBeInstanceOf(ArchiveImmutableError);
    await expect(attempt).rejects.toMatchObject({ status: 409, code: 'ARCHIVE_IMMUTABLE' });
    expect(await archive.get(`archive/${visitId}/minutes-v1.docx`)).toEqual(squatter);
    expect((await store.getVisit(visitId))?.status).toBe('AWAITING_MINUTES_APPROVAL');
  });
});

describe('archived objects are never overwritten or deleted', () => {
  it('an overwrite answers ArchiveImmutableError (409) saying so, and the bytes stay', async () => {
    const key = 'archive/overwrite-test/minutes-v1.docx';
    const original = bytes('the signed minutes');
    await archive.put(key, original, 'application/octet-stream');

    const attempt = archive.put(key, bytes('rewritten minutes'), 'application/octet-stream');

    await expect(attempt).rejects.toBeInstanceOf(ArchiveImmutableError);
    await expect(attempt).rejects.toMatchObject({
      status: 409,
      text: { en: `Archived object ${key} cannot be overwritten or deleted` },
    });
    expect(await archive.get(key)).toEqual(original);
    // and over HTTP, through the one place errors become answers
    const handler = middy<APIGatewayProxyEventV2, Result>()
      .use(httpErrors())
      .handler(async () => {
        await archive.put(key, bytes('rewritten again'), 'application/octet-stream');
        return { statusCode: 200 };
      });
    const res = (await handler(
      { headers: { accept: 'application/json', 'accept-language': 'en' }, rawPath: '/' } as never,
      {} as never,
    )) as Result & { body: string };
    expect(res.statusCode).toBe(409);
    expect(JSON.parse(res.body)).toEqual({
      error: {
        code: 'ARCHIVE_IMMUTABLE',
        message: `Archived object ${key} cannot be overwritten or deleted`,
      },
    });
  });

  it('there is no delete path: no port method, no S3 delete in any function, no route but GET on the archive', () => {
    expect(Object.keys(archive).sort()).toEqual(['downloadUrl', 'get', 'put']);
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
        d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
      );
    const deleting = sources('functions').filter((file) =>
      /DeleteObject|DeleteObjects|PutObjectRetention|BypassGovernance/.test(readFileSync(file, 'utf8')),
    );
    expect(deleting).toEqual([]);
    const archiveRoutes = ROUTES.filter((r) => r.path.startsWith('/archive'));
    expect(archiveRoutes.length).toBeGreaterThan(0);
    expect(
      archiveRoutes.every(
        (r) => r.method === 'GET' && ['archive', 'verifyArchive'].includes(r.fn) && r.auth === 'user',
      ),
    ).toBe(true);
  });
});

describe('a download', () => {
  it('is recorded before a URL exists: when the event cannot be written, no URL is made', async () => {
    const visitId = await visitToArchive();
    await archiveVisit(deps(), visitId);
    const urls: string[] = [];
    const watched: DocumentStore = {
      ...archive,
      downloadUrl: async (key, opts) => {
        urls.push(key);
        return archive.downloadUrl(key, opts);
      },
    };
    const failing: VisitStore = {
      ...store,
      appendEvent: async () => {
        throw new Error('DynamoDB unavailable');
      },
    };

    await expect(
      downloadArchived({ store: failing, archive: watched }, visitId, undefined, 'a@b'),
    ).rejects.toThrow('unavailable');
    expect(urls).toEqual([]);

    const ok = await downloadArchived({ store, archive: watched }, visitId, 'agenda-v2', 'auditor@example');
    expect(urls).toEqual([`archive/${visitId}/agenda-v2.docx`]);
    expect(ok.filename).toBe('ChuongTrinh-06-CTr-BTGTU-v2.docx');
    expect((await store.listEvents(visitId)).at(-1)).toMatchObject({
      type: 'DOWNLOADED',
      actor: 'auditor@example',
      data: { documentId: 'agenda-v2' },
    });
  });
});
