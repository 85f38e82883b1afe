import { KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pemCertificates } from '#adapters/certificates.ts';
import { kmsSigner } from '#adapters/kms-signer.ts';
import { signPdf } from '#adapters/pades.ts';
import { pdfSignatureVerifier } from '#adapters/pades-verify.ts';
import { stageTestCertificate } from '#infra/aws/signer-certificate.ts';
import { type KmsStandIn, startKmsStandIn } from '../support/kms-stand-in.ts';
import { fixturePdf, makePki } from './fixtures.ts';

let kms: KmsStandIn;
let client: KMSClient;

beforeAll(async () => {
  const { key } = await makePki('ECDSA-SHA256');
  kms = await startKmsStandIn({ 'alias/stage': key });
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

it("certifies a stage's KMS key with a test CA, so the key signs PDFs that verify against that CA", async () => {
  const { chainPem, caPem } = await stageTestCertificate(client, 'alias/stage');

  const chain = pemCertificates(chainPem, 'chain');
  expect(chain).toHaveLength(2);
  const signed = await signPdf(
    await fixturePdf(),
    kmsSigner({ client, keyId: 'alias/stage', chain: async () => chain }),
  );
  const [check] = await pdfSignatureVerifier(async () => ({
    licensed: [],
    selfIssued: pemCertificates(caPem, 'ca'),
  }))(signed);
  expect(check).toMatchObject({
    valid: true,
    trust: 'self-issued',
    signer: 'Exchange Visits stage signer - FOR TESTING ONLY',
  });
  expect(check?.certificate?.issuer).toContain('Stage Test CA - FOR TESTING ONLY');
});
