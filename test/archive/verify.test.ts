/**
 * GET /archive/{visitId}/verify on the full local runtime, after changing what the archive holds behind the
 * application's back: an archived object's bytes (PutObject straight to the emulator), the manifest, an event item
 * in DynamoDB, a removed event. Each makes verify answer "not intact" and name what does not match; a visit left
 * alone stays intact.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DeleteCommand, DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchiveRecord } from '#domain/archive/record.ts';
import type { Verification } from '#domain/archive/verify.ts';
import { Client } from '#infra/local/client.ts';
import { LOCAL_NAMES } from '#infra/local/environment.ts';
import { type LocalRuntime, startLocalRuntime } from '#infra/local/runtime.ts';
import { PEOPLE } from '../support/people.ts';
import { type Played, playToArchive } from '../support/play.ts';

let runtime: LocalRuntime;
let client: Client;
let dataDir: string;
let s3: S3Client;
let dynamodb: DynamoDBClient;
let doc: DynamoDBDocumentClient;
const visits: Record<'untouched' | 'bytes' | 'manifest' | 'event' | 'removed', Played> = {} as never;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ev-archive-verify-'));
  runtime = await startLocalRuntime({ dataDir, port: 0, quiet: true });
  client = new Client(runtime.url);
  s3 = new S3Client({ forcePathStyle: true });
  dynamodb = new DynamoDBClient({});
  doc = DynamoDBDocumentClient.from(dynamodb);
  for (const name of ['untouched', 'bytes', 'manifest', 'event', 'removed'] as const)
    visits[name] = await playToArchive(client);
});

afterAll(async () => {
  s3?.destroy();
  dynamodb?.destroy();
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const verify = async (visitId: string) => {
  const res = await client.request<Verification>('GET', `/archive/${visitId}/verify`, { as: PEOPLE.auditor });
  expect(res.status).toBe(200);
  return res.body;
};

const record = async (visitId: string) =>
  (await client.request<ArchiveRecord>('GET', `/archive/${visitId}`, { as: PEOPLE.auditor })).body;

const put = (key: string, body: string) =>
  s3.send(
    new PutObjectCommand({
      Bucket: LOCAL_NAMES.archiveBucket,
      Key: key,
      Body: new TextEncoder().encode(body),
    }),
  );

const eventKey = (visitId: string, seq: number) => ({
  PK: `VISIT#${visitId}`,
  SK: `EVENT#${String(seq).padStart(8, '0')}`,
});

describe('verify', () => {
  it('an archive nobody touched is intact: bytes, manifest and chain agree', async () => {
    const { visitId } = visits.untouched;
    const r = await record(visitId);

    const v = await verify(visitId);

    expect(v).toMatchObject({ intact: true, chain: 'ok', problems: [], sha256: r.sha256 });
    expect(v.documents.map((d) => d.ok)).toEqual([true, true, true, true]);
    expect(v.signatures.map((s) => [s.documentId, s.valid])).toEqual([
      [expect.stringMatching(/^minutes-v\d+-pdf$/), true],
      [expect.stringMatching(/^agenda-v\d+-pdf$/), true],
    ]);
    expect(v.events.manifestHead?.seq).toBeLessThan(v.events.count);
  });

  it('changed bytes of an archived document: not intact, and the document is named', async () => {
    const { visitId } = visits.bytes;
    const minutes = (await record(visitId)).documents.find((d) => d.kind === 'minutes');
    const key = minutes?.key ?? '';

    await put(key, 'not the minutes that were signed');
    const v = await verify(visitId);

    expect(v.intact).toBe(false);
    expect(v.chain).toBe('ok');
    expect(v.sha256).toBe(minutes?.sha256);
    expect(v.problems).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${key}: the stored bytes hash to [0-9a-f]{64}, the manifest records ${minutes?.sha256}$`,
        ),
      ),
    ]);
    expect(v.documents.find((d) => d.key === key)).toMatchObject({ ok: false, expected: minutes?.sha256 });
  });

  it('a changed manifest: not intact, named against the archive record and the ARCHIVED event', async () => {
    const { visitId } = visits.manifest;
    const r = await record(visitId);
    const key = r.manifest?.key ?? '';

    await put(key, JSON.stringify({ visitId, documents: [], events: { seq: 0, hash: '' } }));
    const v = await verify(visitId);

    expect(v.intact).toBe(false);
    expect(v.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          new RegExp(`^the manifest ${key}: sha256 .* differs from the archive record's`),
        ),
        expect.stringMatching(/differs from the one the ARCHIVED event recorded/),
        expect.stringMatching(/the archive record lists .*minutes-v1\.docx, which the manifest does not/),
      ]),
    );
  });

  it('an event item changed in DynamoDB: the chain is broken and the event is named', async () => {
    const { visitId } = visits.event;

    await doc.send(
      new UpdateCommand({
        TableName: LOCAL_NAMES.table,
        Key: eventKey(visitId, 3),
        UpdateExpression: 'SET actor = :someone',
        ExpressionAttributeValues: { ':someone': 'someone.else@example.com' },
      }),
    );
    const v = await verify(visitId);

    expect(v.intact).toBe(false);
    expect(v.chain).toBe('broken');
    expect(v.documents.every((d) => d.ok)).toBe(true);
    expect(v.problems).toEqual([
      expect.stringMatching(/^event 3 \(\w+ by someone\.else@example\.com at .*\) does not match its hash/),
    ]);
  });

  it('a removed event: the chain is broken where the gap is', async () => {
    const { visitId } = visits.removed;

    await doc.send(new DeleteCommand({ TableName: LOCAL_NAMES.table, Key: eventKey(visitId, 2) }));
    const v = await verify(visitId);

    expect(v.chain).toBe('broken');
    expect(v.problems).toEqual([
      'event 2 is missing: the chain jumps from 1 to 3',
      expect.stringMatching(/^event 3 \(.*\) does not link to event 1: its prevHash differs/),
    ]);
  });

  it('the page says it plainly and lists what does not match', async () => {
    const { visitId } = visits.bytes;

    const broken = await client.request<string>('GET', `/archive/${visitId}/verify`, {
      as: PEOPLE.auditor,
      headers: { accept: 'text/html', 'accept-language': 'en' },
    });
    const intact = await client.request<string>('GET', `/archive/${visits.untouched.visitId}/verify`, {
      as: PEOPLE.auditor,
      headers: { accept: 'text/html' },
    });

    expect(broken.status).toBe(200);
    expect(broken.body).toContain('Not intact');
    expect(broken.body).toMatch(
      /<ul class="problems"><li>archive\/[^<]+minutes-v1\.docx: the stored bytes hash to/,
    );
    expect(intact.body).toContain('Nguyên vẹn');
    expect(intact.body).not.toContain('class="problems"');
  });

  it('tampering with one visit leaves the others intact', async () => {
    expect(await verify(visits.untouched.visitId)).toMatchObject({ intact: true, chain: 'ok' });
  });
});
