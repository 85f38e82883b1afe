import { KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kmsSigner } from '#adapters/kms-signer.ts';
import { signPdf } from '#adapters/pades.ts';
import { pdfSignatureVerifier } from '#adapters/pades-verify.ts';
import type { SignatureAlgorithm } from '#domain/ports.ts';
import { type KmsStandIn, startKmsStandIn } from '../support/kms-stand-in.ts';
import { nssDatabase, PDF_TOOLS, pdfsig } from '../support/pdf-tools.ts';
import { fixturePdf, makePki, type Pki, useTempDir } from './fixtures.ts';

const temp = useTempDir('kms');
const KEY_IDS = { 'ECDSA-SHA256': 'alias/signer-ec', 'RSA-SHA256': 'alias/signer-rsa' } as const;

let kms: KmsStandIn;
let client: KMSClient;
const pkis = {} as Record<SignatureAlgorithm, Pki>;

beforeAll(async () => {
  pkis['ECDSA-SHA256'] = await makePki('ECDSA-SHA256');
  pkis['RSA-SHA256'] = await makePki('RSA-SHA256');
  kms = await startKmsStandIn({
    [KEY_IDS['ECDSA-SHA256']]: pkis['ECDSA-SHA256'].key,
    [KEY_IDS['RSA-SHA256']]: pkis['RSA-SHA256'].key,
  });
  client = new KMSClient({
    endpoint: kms.endpoint,
    region: 'ap-southeast-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
});

afterAll(async () => {
  client?.destroy();
  await kms?.close();
});

describe.each<SignatureAlgorithm>(['ECDSA-SHA256', 'RSA-SHA256'])(
  'the kms signer with an %s key',
  (algorithm) => {
    it('signs the digest through KMS (MessageType DIGEST), and the PDF verifies, trusted given the CA', async () => {
      const pki = pkis[algorithm];
      const keyId = KEY_IDS[algorithm];
      const before = kms.calls.length;
      const signer = kmsSigner({ client, keyId, chain: async () => pki.chain });
      const signed = await signPdf(await fixturePdf(), signer);

      const calls = kms.calls.slice(before);
      expect(calls.map((c) => c.operation)).toEqual(['GetPublicKey', 'Sign']);
      expect(calls[1]?.body).toMatchObject({
        KeyId: keyId,
        MessageType: 'DIGEST',
        SigningAlgorithm: algorithm === 'RSA-SHA256' ? 'RSASSA_PKCS1_V1_5_SHA_256' : 'ECDSA_SHA_256',
      });
      expect(Buffer.from(String(calls[1]?.body.Message), 'base64')).toHaveLength(32);

      const [check] = await pdfSignatureVerifier(async () => ({ licensed: [], selfIssued: [pki.caDer] }))(
        signed,
      );
      expect(check).toMatchObject({ valid: true, intact: true, trust: 'self-issued', problems: [] });
      if (PDF_TOOLS || process.env.CI) {
        const said = pdfsig(
          temp(`kms-${algorithm}.pdf`, signed),
          nssDatabase(temp(`nss-${algorithm}`), pki.caPem),
        );
        expect(said).toContain('Signature Validation: Signature is Valid.');
        expect(said).toContain('Certificate Validation: Certificate is Trusted.');
        expect(said).toContain('Total document signed');
      }
    });
  },
);

describe('the kms signer refuses', () => {
  it('a certificate made for another key, before anything is signed', async () => {
    const other = await makePki('ECDSA-SHA256');
    const before = kms.calls.length;
    const signer = kmsSigner({ client, keyId: KEY_IDS['ECDSA-SHA256'], chain: async () => other.chain });
    await expect(signPdf(await fixturePdf(), signer)).rejects.toThrow(
      /not for the KMS key .*public keys differ/,
    );
    expect(kms.calls.slice(before).map((c) => c.operation)).toEqual(['GetPublicKey']);
  });

  it('a key KMS does not know, with the service’s own error', async () => {
    const pki = pkis['ECDSA-SHA256'];
    const signer = kmsSigner({ client, keyId: 'alias/missing', chain: async () => pki.chain });
    await expect(signer.certificates()).rejects.toThrow(/does not exist/);
  });

  it('checks the certificate once per container, then only signs', async () => {
    const pki = pkis['ECDSA-SHA256'];
    const signer = kmsSigner({ client, keyId: KEY_IDS['ECDSA-SHA256'], chain: async () => pki.chain });
    const before = kms.calls.length;
    await signPdf(await fixturePdf(), signer);
    await signPdf(await fixturePdf(), signer);
    expect(kms.calls.slice(before).map((c) => c.operation)).toEqual(['GetPublicKey', 'Sign', 'Sign']);
  });
});
