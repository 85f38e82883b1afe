import { KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificatePem } from '#adapters/certificates.ts';
import { signPdf } from '#adapters/pades.ts';
import { pdfSignatureVerifier } from '#adapters/pades-verify.ts';
import { createSignerFor, type SignerEnvironment } from '#adapters/signers.ts';
import { trustRoots } from '#adapters/trust-roots.ts';
import type { Agency, SignerRef } from '#domain/agencies.ts';
import { seedAgency } from '#domain/directory/seed.ts';
import { SignerUnavailableError } from '#domain/errors.ts';
import { writeTestSigner } from '#infra/local/test-ca.ts';
import { startCscStandIn } from '../support/csc-stand-in.ts';
import { startKmsStandIn } from '../support/kms-stand-in.ts';
import { startSecretsStandIn } from '../support/secrets-stand-in.ts';
import { fixturePdf, makePki, type Pki, useTempDir } from './fixtures.ts';

const temp = useTempDir('signers');
const seed = seedAgency('btgtu-quang-nam');
const agency = (signer?: SignerRef): Agency => {
  const { signer: _, ...rest } = seed;
  return signer ? { ...rest, signer } : rest;
};

let kmsPki: Pki;
let cscPki: Pki;
let testDir: string;
const closers: (() => Promise<void>)[] = [];
let base: Omit<SignerEnvironment, 'roots'>;
let secretsAsked: string[];
let cscServiceUrl: string;

beforeAll(async () => {
  kmsPki = await makePki('ECDSA-SHA256');
  cscPki = await makePki('RSA-SHA256');
  testDir = temp('test-ca');
  await writeTestSigner(testDir);
  const kms = await startKmsStandIn({ 'alias/stage-signer': kmsPki.key });
  const csc = await startCscStandIn({
    username: 'seal',
    password: 'pw',
    pin: '2468',
    credentialId: 'agency-seal',
    key: cscPki.key,
    chain: cscPki.chain,
  });
  const secrets = await startSecretsStandIn({
    'stage/signer-certificate': kmsPki.chain.map(certificatePem).join(''),
    'stage/signers/csc-btgtu': JSON.stringify({ username: 'seal', password: 'pw', pin: '2468' }),
    'stage/roots': JSON.stringify({ licensed: [cscPki.caPem], selfIssued: [kmsPki.caPem] }),
  });
  secretsAsked = secrets.asked;
  const kmsClient = new KMSClient({
    endpoint: kms.endpoint,
    region: 'ap-southeast-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  closers.push(kms.close, csc.close, secrets.close, async () => kmsClient.destroy());
  base = {
    testSignerDir: testDir,
    kmsKeyId: 'alias/stage-signer',
    kmsCertificateSecretId: 'stage/signer-certificate',
    kms: () => kmsClient,
    secrets: () => secrets.client,
  };
  cscServiceUrl = csc.serviceUrl;
});

afterAll(async () => {
  for (const close of closers) await close();
});

const rootsFor = (env: Omit<SignerEnvironment, 'roots'>) =>
  trustRoots({
    ...(env.testSignerDir ? { testSignerDir: env.testSignerDir } : {}),
    rootsSecretId: 'stage/roots',
    secrets: env.secrets,
  });

describe('which signer an agency gets', () => {
  it('none, with the reason, for an agency that names no signer', () => {
    const signerFor = createSignerFor({ ...base, roots: rootsFor(base) });
    expect(signerFor(agency())).toEqual({ unsigned: `${seed.name} names no signer` });
  });

  it('none where the environment lacks what the named kind needs, naming the variables', () => {
    const bare = createSignerFor({
      kms: base.kms,
      secrets: base.secrets,
      roots: async () => ({ licensed: [], selfIssued: [] }),
    });
    expect(bare(agency({ kind: 'test' })).unsigned).toMatch(/TEST_SIGNER_DIR/);
    expect(bare(agency({ kind: 'kms' })).unsigned).toMatch(/SIGNER_KMS_KEY_ID.*SIGNER_CERTIFICATE_SECRET_ID/);
  });

  it('the local test CA for `test`: a self-issued chain, so not licensed', async () => {
    const { signer } = createSignerFor({ ...base, roots: rootsFor(base) })(agency({ kind: 'test' }));
    const certificates = await signer!.certificates();
    expect(certificates).toMatchObject({ algorithm: 'ECDSA-SHA256', licensed: false });
    expect(certificates.chain).toHaveLength(2);
  });

  it('the stage KMS key for `kms`, with its chain from the secret, read once for every document', async () => {
    const signerFor = createSignerFor({ ...base, roots: rootsFor(base) });
    const { signer } = signerFor(agency({ kind: 'kms' }));
    expect(signerFor(agency({ kind: 'kms' })).signer).toBe(signer);
    const asked = secretsAsked.length;
    const pdfs = [await signPdf(await fixturePdf(), signer!), await signPdf(await fixturePdf(), signer!)];
    expect(secretsAsked.slice(asked).filter((id) => id === 'stage/signer-certificate')).toHaveLength(1);
    expect(await signer!.certificates()).toMatchObject({ licensed: false });
    const verify = pdfSignatureVerifier(rootsFor(base));
    for (const pdf of pdfs)
      expect((await verify(pdf))[0]).toMatchObject({ valid: true, trust: 'self-issued' });
  });

  it('the licensed CA’s service for `csc`, logging in with the secret the agency names: licensed', async () => {
    const signerFor = createSignerFor({ ...base, roots: rootsFor(base) });
    const { signer } = signerFor(
      agency({
        kind: 'csc',
        serviceUrl: cscServiceUrl,
        credentialId: 'agency-seal',
        secretId: 'stage/signers/csc-btgtu',
      }),
    );
    expect(await signer!.certificates()).toMatchObject({ algorithm: 'RSA-SHA256', licensed: true });
    const [check] = await pdfSignatureVerifier(rootsFor(base))(await signPdf(await fixturePdf(), signer!));
    expect(check).toMatchObject({ valid: true, trust: 'licensed', problems: [] });
  });

  it('a certificate secret still holding the placeholder, or gone, makes the kms signer unavailable, not failing', async () => {
    const secrets = await startSecretsStandIn({
      'stage/placeholder': '# No certificate yet: put the PEM chain of the signing key here.\n',
    });
    closers.push(secrets.close);
    const roots = async () => ({ licensed: [], selfIssued: [] });
    for (const secretId of ['stage/placeholder', 'stage/deleted']) {
      const { signer } = createSignerFor({
        ...base,
        kmsCertificateSecretId: secretId,
        secrets: () => secrets.client,
        roots,
      })(agency({ kind: 'kms' }));
      const error = await signer!.certificates().catch((e: unknown) => e);
      expect(error, secretId).toBeInstanceOf(SignerUnavailableError);
    }
  });

  it('a roots secret that is not the expected JSON fails naming the secret', async () => {
    const secrets = await startSecretsStandIn({ 'stage/roots': '-----BEGIN CERTIFICATE-----' });
    closers.push(secrets.close);
    const roots = trustRoots({ rootsSecretId: 'stage/roots', secrets: () => secrets.client });
    await expect(roots()).rejects.toThrow(/stage\/roots is not JSON/);
  });
});
