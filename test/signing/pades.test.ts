import { beforeAll, describe, expect, it } from 'vitest';
import { signPdf } from '#adapters/pades.ts';
import { pdfSignatureVerifier } from '#adapters/pades-verify.ts';
import { testSigner, testSignerRoot } from '#adapters/test-signer.ts';
import { rfc3161 } from '#adapters/timestamp.ts';
import { vietnamIso } from '#domain/clock.ts';
import type { SignatureAlgorithm, Signer } from '#domain/ports.ts';
import { generateKeys, issueTimestampCertificate, writeTestSigner } from '#infra/local/test-ca.ts';
import { nssDatabase, PDF_TOOLS, pdfsig, qpdfCheck } from '../support/pdf-tools.ts';
import { startTsaStandIn } from '../support/tsa-stand-in.ts';
import { fixturePdf, makePki, SIGNATURE, useTempDir } from './fixtures.ts';

const temp = useTempDir('pades');

/** A byte well inside the first signed range (the page content), flipped. */
function changeOneByte(pdf: Uint8Array): Uint8Array {
  const copy = new Uint8Array(pdf);
  const at = Buffer.from(copy).indexOf('stream') + 20;
  copy[at] = (copy[at] ?? 0) ^ 0x01;
  return copy;
}

describe.each<SignatureAlgorithm>(['ECDSA-SHA256', 'RSA-SHA256'])(
  'a PAdES signature with an %s key',
  (algorithm) => {
    let signed: Uint8Array;
    let dir: string;
    let caPem: string;

    beforeAll(async () => {
      dir = temp(`signer-${algorithm}`);
      const { ca } = await writeTestSigner(dir, algorithm);
      caPem = ca.certificate.toString('pem');
      signed = await signPdf(await fixturePdf(), testSigner(dir));
    });

    it('verifies in process: valid, intact, self-issued, with the signer and the claimed time', async () => {
      const verify = pdfSignatureVerifier(async () => ({ licensed: [], selfIssued: testSignerRoot(dir) }));
      const [check, ...more] = await verify(signed);
      expect(more).toEqual([]);
      expect(check).toMatchObject({
        valid: true,
        intact: true,
        trust: 'self-issued',
        signer: 'Exchange Visits test signer - FOR TESTING ONLY',
        signedAt: vietnamIso(SIGNATURE.signedAt),
        problems: [],
      });
      expect(check?.certificate?.issuer).toContain('FOR TESTING ONLY');
    });

    it.skipIf(!PDF_TOOLS && !process.env.CI)(
      'passes pdfsig: ETSI.CAdES.detached, the whole document signed, valid, and trusted given the test CA',
      () => {
        const file = temp(`signed-${algorithm}.pdf`, signed);
        const plain = pdfsig(file);
        expect(plain).toContain('Signature Type: ETSI.CAdES.detached');
        expect(plain).toContain('Total document signed');
        expect(plain).toContain('Signature Validation: Signature is Valid.');
        expect(plain).toContain("Certificate issuer isn't Trusted");
        const trusted = pdfsig(file, nssDatabase(temp(`nss-${algorithm}`), caPem));
        expect(trusted).toContain('Signature Validation: Signature is Valid.');
        expect(trusted).toContain('Certificate Validation: Certificate is Trusted.');
      },
    );

    it.skipIf(!PDF_TOOLS && !process.env.CI)('passes qpdf --check with no warning', () => {
      const { status, output } = qpdfCheck(temp(`checked-${algorithm}.pdf`, signed));
      expect(output).toContain('No syntax or stream encoding errors found');
      expect(status).toBe(0);
    });

    it('fails verification when one signed byte changes: digest mismatch for pdfsig and in process', async () => {
      const changed = changeOneByte(signed);
      const verify = pdfSignatureVerifier(async () => ({ licensed: [], selfIssued: testSignerRoot(dir) }));
      const [check] = await verify(changed);
      expect(check?.valid).toBe(false);
      expect(check?.problems.join(' ')).toMatch(/does not match the signed bytes/);
      if (PDF_TOOLS || process.env.CI)
        // pdfsig exits 0 here too: its text says it
        expect(pdfsig(temp(`changed-${algorithm}.pdf`, changed))).toContain('Digest Mismatch');
    });
  },
);

describe('what a signature does not cover', () => {
  it('bytes appended after signing: pdfsig no longer says the whole document is signed; verify says not intact', async () => {
    const dir = temp('signer-appended');
    await writeTestSigner(dir);
    const signed = await signPdf(await fixturePdf(), testSigner(dir));
    const appended = new Uint8Array(Buffer.concat([signed, Buffer.from('\n% appended\n')]));
    const verify = pdfSignatureVerifier(async () => ({ licensed: [], selfIssued: testSignerRoot(dir) }));
    const [check] = await verify(appended);
    expect(check).toMatchObject({ valid: false, intact: false });
    expect(check?.problems[0]).toMatch(/does not cover the whole file/);
    if (PDF_TOOLS || process.env.CI) {
      const said = pdfsig(temp('appended.pdf', appended));
      expect(said).toContain('Not total document signed');
      expect(said).not.toContain('Total document signed');
    }
  });

  it('a signature whose certificate chains to none of the configured roots is not valid, and says why', async () => {
    const dir = temp('signer-other-root');
    await writeTestSigner(dir);
    const other = await makePki();
    const signed = await signPdf(await fixturePdf(), testSigner(dir));
    const [check] = await pdfSignatureVerifier(async () => ({ licensed: [], selfIssued: [other.caDer] }))(
      signed,
    );
    expect(check?.valid).toBe(false);
    expect(check?.intact).toBe(true);
    expect(check?.problems.join(' ')).toMatch(/does not chain to a configured root/);
  });

  it('a signature whose last byte is zero is read whole, not taken for the zeros that pad /Contents', async () => {
    const dir = temp('signer-zero-end');
    await writeTestSigner(dir);
    const signer = testSigner(dir);
    let last: number | undefined;
    // an ECDSA value is random: sign until one ends in a zero byte (1 in 256), which ends the CMS of a B-B signature
    const endsInZero: Signer = {
      certificates: () => signer.certificates(),
      async sign(data, digest) {
        for (let i = 0; i < 4096; i++) {
          const value = await signer.sign(data, digest);
          last = value.at(-1);
          if (last === 0) return value;
        }
        throw new Error('no signature value ended in a zero byte');
      },
    };
    const signed = await signPdf(await fixturePdf(), endsInZero);
    expect(last).toBe(0);
    const verify = pdfSignatureVerifier(async () => ({ licensed: [], selfIssued: testSignerRoot(dir) }));
    expect(await verify(signed)).toMatchObject([{ valid: true, intact: true, problems: [] }]);
  });

  it('a PDF without a signature answers no signature at all', async () => {
    const verify = pdfSignatureVerifier(async () => ({ licensed: [], selfIssued: [] }));
    expect(await verify(await fixturePdf({ unsigned: true }))).toEqual([]);
  });
});

describe('PAdES B-T', () => {
  it('carries an RFC 3161 token over the signature value; verify reports its time and pdfsig still says valid', async () => {
    const dir = temp('signer-bt');
    const { ca } = await writeTestSigner(dir);
    const tsaKeys = await generateKeys('ECDSA-SHA256');
    const tsaCertificate = await issueTimestampCertificate(ca, tsaKeys.publicKey);
    const tsa = await startTsaStandIn({
      certificate: new Uint8Array(tsaCertificate.rawData),
      privateKey: tsaKeys.privateKey,
    });
    try {
      const plain = await signPdf(await fixturePdf(), testSigner(dir));
      const stamped = await signPdf(await fixturePdf(), testSigner(dir), rfc3161(tsa.url));
      expect(tsa.issued()).toBe(1);
      const verify = pdfSignatureVerifier(async () => ({ licensed: [], selfIssued: testSignerRoot(dir) }));
      const [check] = await verify(stamped);
      expect(check).toMatchObject({ valid: true, intact: true, problems: [] });
      expect(check?.timestampedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
      const [without] = await verify(plain);
      expect(without?.timestampedAt).toBeUndefined();
      if (PDF_TOOLS || process.env.CI) {
        const said = pdfsig(
          temp('bt.pdf', stamped),
          nssDatabase(temp('nss-bt'), ca.certificate.toString('pem')),
        );
        expect(said).toContain('Signature Validation: Signature is Valid.');
        expect(said).toContain('Total document signed');
      }
    } finally {
      await tsa.close();
    }
  });

  it('a timestamp authority that refuses fails the signature (the step is retried), naming the answer', async () => {
    const dir = temp('signer-bt-refused');
    await writeTestSigner(dir);
    const refusing: typeof fetch = async () => new Response('no', { status: 503 });
    await expect(
      signPdf(await fixturePdf(), testSigner(dir), rfc3161('http://tsa.invalid/', refusing)),
    ).rejects.toThrow(/HTTP 503/);
  });
});

it('signs with the whole chain of the signer: its certificate and the CA', async () => {
  const dir = temp('signer-chain');
  await writeTestSigner(dir);
  const { chain } = await testSigner(dir).certificates();
  expect(chain).toHaveLength(2);
});
