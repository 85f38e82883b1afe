/**
 * What the pages say of issued PDFs and their signatures: the visit page names each copy's signature (a licensed
 * CA's, a self-issued test one, or none), and the verify page each signature's verdict, signer, times, certificate
 * and problems, escaping what came from the file.
 */
import { describe, expect, it } from 'vitest';
import type { Verification } from '#domain/archive/verify.ts';
import type { DocumentRecord } from '#domain/visit.ts';
import { archiveVerifyPage } from '#templates/pages/archive.ts';
import type { Viewer } from '#templates/pages/layout.ts';
import { visitPage } from '#templates/pages/visits.ts';
import { HOSTILE, visit } from './fixtures.ts';

const viewer = (lang: 'vi' | 'en'): Viewer => ({
  lang,
  path: '/',
  user: { name: 'Tâm', roles: ['staff', 'auditor'], agencyId: 'btgtu-quang-nam' },
});

const pdf = (id: string, fields: Partial<DocumentRecord>): DocumentRecord => ({
  id,
  kind: 'agenda',
  version: 1,
  number: '05-CTr/BTGTU',
  key: `visits/v/${id}`,
  sha256: 'b'.repeat(64),
  size: 80_000,
  templateVersion: 't',
  createdAt: '2026-07-22T02:00:00Z',
  format: 'pdf',
  ...fields,
});

describe('the visit page', () => {
  const documents = [
    pdf('agenda-v1-pdf', { signed: true, signedAt: '2026-07-22T09:00:00+07:00', licensed: false }),
    pdf('agenda-v2-pdf', { version: 2, signed: true, signedAt: '2026-07-23T09:00:00+07:00', licensed: true }),
    pdf('agenda-v3-pdf', { version: 3, signed: false, unsignedReason: 'no signer' }),
  ];

  it.each(['vi', 'en'] as const)('says how each PDF is signed, and offers it as a .pdf (%s)', (lang) => {
    const html = visitPage(viewer(lang), {
      visit: visit(),
      documents,
      approvals: [],
      events: [],
      actions: [],
      today: '2026-07-24',
    });
    const [test, licensed, unsigned] =
      lang === 'vi'
        ? ['Đã ký số thử nghiệm', 'Đã ký số', 'Chưa ký số']
        : ['Test signature', 'Digitally signed', 'Not signed'];
    // the signing time as people read it, in Vietnam time
    expect(html).toContain(`PDF/A · ${test} · 22/07/2026 09:00`);
    expect(html).toContain(`PDF/A · ${licensed} · 23/07/2026 09:00`);
    expect(html).toContain(`PDF/A · ${unsigned}`);
    expect(html.match(/\(\.pdf\)/g)).toHaveLength(3);
  });
});

describe('the verify page', () => {
  const result: Verification = {
    visitId: 'v',
    intact: false,
    sha256: 'a'.repeat(64),
    chain: 'ok',
    problems: ['archive/v/minutes-v1.pdf: its signature: the signature does not match the signed bytes'],
    documents: [],
    signatures: [
      {
        documentId: 'minutes-v1-pdf',
        signed: true,
        valid: false,
        intact: true,
        signer: HOSTILE,
        signedAt: '2026-07-24T10:00:00+07:00',
        certificate: { subject: `CN=${HOSTILE}`, issuer: 'CN=Test CA', notAfter: '2028-07-24T00:00:00.000Z' },
        trust: 'self-issued',
        problems: [`the signature does not match the signed bytes: ${HOSTILE}`],
      },
      {
        documentId: 'agenda-v1-pdf',
        signed: true,
        valid: true,
        intact: true,
        signer: 'Exchange Visits test signer',
        signedAt: '2026-07-22T09:00:00+07:00',
        timestampedAt: '2026-07-22T09:00:01+07:00',
        trust: 'licensed',
        problems: [],
      },
      { documentId: 'report-v1-pdf', signed: false, valid: false, problems: ['issued unsigned'] },
    ],
    events: { count: 3 },
  };

  it('gives each signature its verdict, signer, times, certificate and trust, escaping what the file said', () => {
    const html = archiveVerifyPage(viewer('vi'), { visitId: 'v', title: 'T', result });
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('Chữ ký không hợp lệ');
    expect(html).toContain('Chữ ký hợp lệ');
    expect(html).toContain('Chưa ký số');
    expect(html).toContain('2026-07-24T10:00:00+07:00');
    expect(html).toContain('2026-07-22T09:00:01+07:00');
    expect(html).toContain('chỉ chứng minh văn bản không bị thay đổi');
    expect(html).toContain('có giá trị pháp lý');
    expect(html).toContain('Ban Cơ yếu Chính phủ');
  });

  it('in English too', () => {
    const html = archiveVerifyPage(viewer('en'), { visitId: 'v', title: 'T', result });
    expect(html).toContain('Signature not valid');
    expect(html).toContain('Signature valid');
    expect(html).toContain("Government Cipher Committee's CA");
  });

  it('leaves the section out for an archive without PDFs', () => {
    const html = archiveVerifyPage(viewer('vi'), {
      visitId: 'v',
      title: 'T',
      result: { ...result, signatures: [] },
    });
    expect(html).not.toContain('Chữ ký số trên bản PDF');
  });
});
