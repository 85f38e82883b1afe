import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CscError, cscSigner } from '#adapters/csc-signer.ts';
import { signPdf } from '#adapters/pades.ts';
import { pdfSignatureVerifier } from '#adapters/pades-verify.ts';
import type { SignatureAlgorithm } from '#domain/ports.ts';
import { type CscStandIn, startCscStandIn } from '../support/csc-stand-in.ts';
import { nssDatabase, PDF_TOOLS, pdfsig } from '../support/pdf-tools.ts';
import { fixturePdf, makePki, type Pki, useTempDir } from './fixtures.ts';

const temp = useTempDir('csc');
const LOGIN = { username: 'btgtu-quang-nam', password: 'correct horse', pin: '123456' };
const stands: CscStandIn[] = [];

async function serviceFor(pki: Pki, opts: { rawEcdsa?: boolean } = {}) {
  const service = await startCscStandIn({
    ...LOGIN,
    credentialId: 'seal-1',
    key: pki.key,
    chain: pki.chain,
    ...opts,
  });
  stands.push(service);
  return service;
}

afterAll(async () => {
  await Promise.all(stands.map((s) => s.close()));
});

describe.each<SignatureAlgorithm>(['ECDSA-SHA256', 'RSA-SHA256'])(
  'the csc signer with an %s credential',
  (algorithm) => {
    let pki: Pki;
    beforeAll(async () => {
      pki = await makePki(algorithm);
    });

    it('logs in, reads the credential once, and authorises and signs each hash: the PDFs verify, trusted', async () => {
      const service = await serviceFor(pki);
      const signer = cscSigner({
        serviceUrl: service.serviceUrl,
        credentialId: 'seal-1',
        login: async () => LOGIN,
      });
      const first = await signPdf(await fixturePdf(), signer);
      const second = await signPdf(await fixturePdf(), signer);
      expect(service.calls).toEqual([
        'auth/login',
        'credentials/info',
        'credentials/authorize',
        'signatures/signHash',
        'credentials/authorize',
        'signatures/signHash',
      ]);
      const verify = pdfSignatureVerifier(async () => ({ licensed: [pki.caDer], selfIssued: [] }));
      for (const pdf of [first, second])
        expect((await verify(pdf))[0]).toMatchObject({
          valid: true,
          intact: true,
          trust: 'licensed',
          problems: [],
        });
      if (PDF_TOOLS || process.env.CI) {
        const said = pdfsig(
          temp(`csc-${algorithm}.pdf`, first),
          nssDatabase(temp(`nss-${algorithm}`), pki.caPem),
        );
        expect(said).toContain('Signature Validation: Signature is Valid.');
        expect(said).toContain('Certificate Validation: Certificate is Trusted.');
      }
    });
  },
);

describe('the csc signer', () => {
  let pki: Pki;
  beforeAll(async () => {
    pki = await makePki('ECDSA-SHA256');
  });

  it('turns an ECDSA signature answered as r||s into the DER that CMS carries', async () => {
    const service = await serviceFor(pki, { rawEcdsa: true });
    const signer = cscSigner({
      serviceUrl: service.serviceUrl,
      credentialId: 'seal-1',
      login: async () => LOGIN,
    });
    const signed = await signPdf(await fixturePdf(), signer);
    const [check] = await pdfSignatureVerifier(async () => ({ licensed: [pki.caDer], selfIssued: [] }))(
      signed,
    );
    expect(check).toMatchObject({ valid: true, problems: [] });
  });

  it('logs in again once when the service no longer takes its access token', async () => {
    const service = await serviceFor(pki);
    const signer = cscSigner({
      serviceUrl: service.serviceUrl,
      credentialId: 'seal-1',
      login: async () => LOGIN,
    });
    await signPdf(await fixturePdf(), signer);
    service.revokeTokens();
    await signPdf(await fixturePdf(), signer);
    expect(service.calls.filter((c) => c === 'auth/login')).toHaveLength(2);
    expect(service.calls.filter((c) => c === 'signatures/signHash')).toHaveLength(2);
  });

  it('a wrong PIN is the agency’s configuration: the signer is unavailable, with the service’s code', async () => {
    const service = await serviceFor(pki);
    const signer = cscSigner({
      serviceUrl: service.serviceUrl,
      credentialId: 'seal-1',
      login: async () => ({ ...LOGIN, pin: '000000' }),
    });
    const error = await signPdf(await fixturePdf(), signer).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CscError);
    expect(error).toMatchObject({ method: 'credentials/authorize', cscCode: 'invalid_pin' });
    expect(service.calls).not.toContain('signatures/signHash');
  });

  it('a wrong password fails at login', async () => {
    const service = await serviceFor(pki);
    const signer = cscSigner({
      serviceUrl: service.serviceUrl,
      credentialId: 'seal-1',
      login: async () => ({ ...LOGIN, password: 'wrong' }),
    });
    await expect(signer.certificates()).rejects.toMatchObject({ method: 'auth/login', httpStatus: 401 });
  });
});
