/**
 * The signed PDF/A copies on the local runtime: the seed visit played to the archive issues its agenda and its
 * minutes as PDFs signed with the local test CA; each passes the auditor's tools (pdfsig, qpdf) and says what its
 * DOCX says; verify checks their signatures, and one changed byte of an archived PDF is caught.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SIGNER_FILES } from '#adapters/test-signer.ts';
import type { ArchiveRecord } from '#domain/archive/record.ts';
import type { Verification } from '#domain/archive/verify.ts';
import { seedAgency } from '#domain/directory/seed.ts';
import { LOCAL_NAMES } from '#infra/local/environment.ts';
import { seedRequest } from '#infra/local/seed-visit.ts';
import { useTempDir } from '../signing/fixtures.ts';
import { nssDatabase, PDF_TOOLS, pdfAMarkers, pdfsig, pdfText, qpdfCheck } from '../support/pdf-tools.ts';
import { PEOPLE } from '../support/people.ts';
import { type Played, playToArchive } from '../support/play.ts';
import { useRuntime } from '../support/runtime.ts';
import { rawText } from '../templates/support.ts';

const local = useRuntime('signed');
const temp = useTempDir('signed-copies');
const tools = PDF_TOOLS || Boolean(process.env.CI);

interface DocumentView {
  id: string;
  kind: string;
  format: string;
  version: number;
  signed?: boolean;
  signedAt?: string;
  licensed?: boolean;
  url: string;
}

let played: Played;
let documents: DocumentView[];
let s3: S3Client;
const files: Record<string, Uint8Array> = {};

async function download(doc: DocumentView): Promise<Uint8Array> {
  const res = await local.client.request('GET', doc.url, { as: PEOPLE.requester });
  expect(res.status).toBe(302);
  const file = await fetch(res.headers.get('location') ?? '');
  expect(file.status).toBe(200);
  return new Uint8Array(await file.arrayBuffer());
}

beforeAll(async () => {
  s3 = new S3Client({ forcePathStyle: true });
  played = await playToArchive(local.client);
  documents = (await local.client.visit(played.visitId, PEOPLE.requester)).documents as DocumentView[];
  for (const doc of documents) files[doc.id] = await download(doc);
}, 120_000);

afterAll(() => s3?.destroy());

const pdfs = () => documents.filter((d) => d.format === 'pdf');
/** The issuing agency: the seed visit's host as the directory has it today. */
const HOST = seedAgency(seedRequest().hostAgencyId);
const caPem = () => readFileSync(join(local.runtime.dataDir, 'test-ca', TEST_SIGNER_FILES.ca), 'utf8');

describe('a visit played to the archive on the local stack', () => {
  it('issues its agenda and its minutes as PDFs signed by the test signer, beside their DOCX', () => {
    expect(documents.map((d) => `${d.kind} ${d.format}`).sort()).toEqual([
      'agenda docx',
      'agenda pdf',
      'minutes docx',
      'minutes pdf',
    ]);
    for (const pdf of pdfs()) {
      expect(pdf).toMatchObject({ signed: true, licensed: false });
      expect(pdf.signedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
      expect(pdf.id).toBe(`${pdf.kind}-v${pdf.version}-pdf`);
      expect(
        Buffer.from(files[pdf.id] ?? [])
          .subarray(0, 8)
          .toString(),
      ).toBe('%PDF-1.7');
    }
  });

  it('mails the approved agenda signed as well as editable', async () => {
    const approved = (await local.client.outbox()).filter(
      (m) => m.to.includes(PEOPLE.requester) && /Đã phê duyệt/.test(m.subject),
    );
    expect(approved.at(-1)?.attachments.map((a) => a.contentType)).toEqual(
      expect.arrayContaining(['application/pdf', expect.stringContaining('wordprocessingml')]),
    );
  });

  it.skipIf(!tools)(
    "each PDF passes pdfsig: valid, the whole document signed, trusted given the runtime's test CA",
    () => {
      const nss = nssDatabase(temp('nss'), caPem());
      for (const pdf of pdfs()) {
        const said = pdfsig(temp(`${pdf.id}.pdf`, files[pdf.id]), nss);
        expect(said).toContain('Signature Type: ETSI.CAdES.detached');
        expect(said).toContain('Total document signed');
        expect(said).toContain('Signature Validation: Signature is Valid.');
        expect(said).toContain('Certificate Validation: Certificate is Trusted.');
      }
    },
  );

  it.skipIf(!tools)('each PDF is clean for qpdf and carries the PDF/A-2b markers', () => {
    for (const pdf of pdfs()) {
      const file = temp(`${pdf.id}-checked.pdf`, files[pdf.id]);
      expect(qpdfCheck(file).status).toBe(0);
      const { missing, xmp } = pdfAMarkers(file);
      expect(missing).toEqual([]);
      expect(xmp).toContain(`<evdoc:issuingAgency>${HOST.name}</evdoc:issuingAgency>`);
    }
  });

  it.skipIf(!tools)('each PDF says every word its DOCX says', async () => {
    for (const pdf of pdfs()) {
      const docx = documents.find(
        (d) => d.kind === pdf.kind && d.format === 'docx' && d.version === pdf.version,
      );
      const words = (await rawText(files[docx?.id ?? ''] ?? new Uint8Array()))
        .normalize('NFC')
        .replace(/\u00a0/g, '')
        .split(/\s+/)
        .filter(Boolean);
      const glued = pdfText(temp(`${pdf.id}-text.pdf`, files[pdf.id])).replace(/\s+/g, '');
      expect(words.length).toBeGreaterThan(50);
      for (const word of words) expect(glued, `${pdf.id}: ${word}`).toContain(word);
    }
  });
});

describe('verify', () => {
  const verify = async (visitId: string) => {
    const res = await local.client.request<Verification>('GET', `/archive/${visitId}/verify`, {
      as: PEOPLE.auditor,
    });
    expect(res.status).toBe(200);
    return res.body;
  };

  it('checks each archived PDF: valid, with its signer, signing time and certificate, self-issued', async () => {
    const v = await verify(played.visitId);
    expect(v).toMatchObject({ intact: true, problems: [] });
    expect(v.signatures).toHaveLength(2);
    for (const s of v.signatures) {
      expect(s).toMatchObject({
        signed: true,
        valid: true,
        intact: true,
        trust: 'self-issued',
        signer: 'Exchange Visits test signer - FOR TESTING ONLY',
        problems: [],
      });
      expect(s.signedAt).toBe(pdfs().find((p) => p.id === s.documentId)?.signedAt);
      expect(s.certificate?.issuer).toContain('CN=Exchange Visits Test CA - FOR TESTING ONLY');
      expect(Date.parse(s.certificate?.notAfter ?? '')).toBeGreaterThan(Date.now());
    }
  });

  it('the page shows each signature and says a self-issued certificate proves integrity only', async () => {
    const res = await local.client.request<string>('GET', `/archive/${played.visitId}/verify`, {
      as: PEOPLE.auditor,
      headers: { accept: 'text/html' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toContain('Chữ ký hợp lệ');
    expect(res.body).toContain('Chứng thư tự cấp (thử nghiệm)');
    expect(res.body).toContain('Ban Cơ yếu Chính phủ');
    const visitPage = await local.client.request<string>('GET', `/visits/${played.visitId}`, {
      as: PEOPLE.requester,
      headers: { accept: 'text/html' },
    });
    expect(visitPage.body).toContain('PDF/A · Đã ký số thử nghiệm');
  });

  it('one changed byte of an archived PDF: its signature fails and the archive is not intact, both named', async () => {
    const other = await playToArchive(local.client);
    const record = (
      await local.client.request<ArchiveRecord>('GET', `/archive/${other.visitId}`, { as: PEOPLE.auditor })
    ).body;
    const minutes = record.documents.find((d) => d.kind === 'minutes' && d.format === 'pdf');
    const key = minutes?.key ?? '';
    const stored = await s3.send(new GetObjectCommand({ Bucket: LOCAL_NAMES.archiveBucket, Key: key }));
    const bytes = new Uint8Array(await stored.Body!.transformToByteArray());
    // a byte of the page content, well inside the signed range
    const at = Buffer.from(bytes).indexOf('stream') + 40;
    bytes[at] = (bytes[at] ?? 0) ^ 0x01;
    await s3.send(new PutObjectCommand({ Bucket: LOCAL_NAMES.archiveBucket, Key: key, Body: bytes }));

    const v = await verify(other.visitId);

    expect(v.intact).toBe(false);
    const signature = v.signatures.find((s) => s.documentId === minutes?.id);
    expect(signature).toMatchObject({ signed: true, valid: false });
    expect(signature?.problems.join(' ')).toMatch(/does not match the signed bytes/);
    expect(v.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${key}: the stored bytes hash to`)),
        expect.stringMatching(
          new RegExp(`^${key}: its signature: the signature does not match the signed bytes`),
        ),
      ]),
    );
    expect(v.signatures.find((s) => s.documentId !== minutes?.id)?.valid).toBe(true);
  });
});
