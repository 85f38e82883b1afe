/**
 * What the signing tests share: a small PDF/A with a signature field (the layout of the real documents is tested
 * with them), test PKIs for ECDSA and RSA keys made fresh per test file, and a temporary folder for the files the
 * command-line tools read.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { SignatureAlgorithm } from '#domain/ports.ts';
import {
  createTestCa,
  generateKeys,
  issueSignerCertificate,
  privateKeyPem,
  type TestCa,
} from '#infra/local/test-ca.ts';
import { mm, openPdfA } from '#templates/pdf/document.ts';
import {
  addSignatureField,
  drawSignatureStamp,
  drawUnsignedNote,
  STAMP_HEIGHT,
  type VisibleSignature,
} from '#templates/pdf/signature-field.ts';

export const SIGNATURE: VisibleSignature = {
  signerName: 'Nguyễn Thị Thu Lan',
  position: 'Trưởng ban',
  agency: 'Ban Tuyên giáo Tỉnh ủy Quảng Nam',
  number: '05/CTr-BTGTU',
  // now, to the second (a PDF date has no fractions): within the test certificates' validity
  signedAt: new Date(Math.floor(Date.now() / 1000) * 1000),
  licensed: false,
};

/** A one-page PDF/A with Vietnamese text and, unless `unsigned`, the stamp and the signature placeholder. */
export async function fixturePdf(opts: { unsigned?: boolean; title?: string } = {}): Promise<Uint8Array> {
  const { doc, bytes } = openPdfA(
    {
      title: opts.title ?? 'Chương trình làm việc với Đoàn công tác Ban Tuyên giáo Tỉnh ủy Thanh Hóa',
      agency: SIGNATURE.agency,
      number: SIGNATURE.number,
      date: '2026-08-20',
      created: SIGNATURE.signedAt,
      language: 'vi-VN',
    },
    {
      width: mm(210),
      height: mm(297),
      margins: { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) },
    },
  );
  doc.font('bold', 13).text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', mm(100), mm(20));
  doc.font('regular', 14).text('Độc lập - Tự do - Hạnh phúc', mm(30), mm(40), { width: mm(165) });
  const box = { page: 0, x: mm(110), y: mm(80), width: mm(80), height: STAMP_HEIGHT };
  if (opts.unsigned) drawUnsignedNote(doc, box, 'vi');
  else {
    drawSignatureStamp(doc, box, SIGNATURE, 'vi');
    addSignatureField(doc, box, SIGNATURE, 'vi');
  }
  doc.end();
  return bytes;
}

export interface Pki {
  ca: TestCa;
  caPem: string;
  caDer: Uint8Array;
  key: KeyObject;
  keyPem: string;
  /** DER: the signer's certificate, then the CA's */
  chain: Uint8Array[];
}

/** A test CA and a signer certificate it issued, for a key made here. */
export async function makePki(algorithm: SignatureAlgorithm = 'ECDSA-SHA256'): Promise<Pki> {
  const ca = await createTestCa(algorithm);
  const keys = await generateKeys(algorithm);
  const certificate = await issueSignerCertificate(ca, keys.publicKey);
  const keyPem = await privateKeyPem(keys.privateKey);
  const caDer = new Uint8Array(ca.certificate.rawData);
  return {
    ca,
    caPem: ca.certificate.toString('pem'),
    caDer,
    key: createPrivateKey(keyPem),
    keyPem,
    chain: [new Uint8Array(certificate.rawData), caDer],
  };
}

/** A temporary folder for this test file, removed after it. */
export function useTempDir(name: string): (file: string, bytes?: Uint8Array) => string {
  const dir = mkdtempSync(join(tmpdir(), `ev-${name}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return (file, bytes) => {
    const path = join(dir, file);
    if (bytes) writeFileSync(path, bytes);
    return path;
  };
}
