/**
 * A test certificate for a deployed stage's signing key, so that a stage without a licensed CA's certificate can
 * still sign (integrity only: the certificate names itself a test one):
 *
 *   npx tsx infra/aws/signer-certificate.ts <SigningKeyArn> <SigningCertificateSecretArn> <SignatureRootsSecretArn>
 *
 * (the three are the stack's outputs). It reads the key's public key from KMS, makes a test CA, has it certify the
 * key, and puts the chain into the certificate secret and adds the CA to the roots secret as a self-issued root. The
 * CA's private key is not kept: it certifies this one key and is gone. With the AWS credentials of an operator;
 * the private signing key never leaves KMS.
 */

import { pathToFileURL } from 'node:url';
import { GetPublicKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { createTestCa, importPublicKey, issueSignerCertificate } from '#infra/local/test-ca.ts';

export interface StageCertificate {
  /** the key's certificate, then the test CA's (PEM) */
  chainPem: string;
  caPem: string;
}

/** Certifies a KMS key with a fresh test CA. */
export async function stageTestCertificate(kms: KMSClient, keyId: string): Promise<StageCertificate> {
  const { PublicKey, KeySpec } = await kms.send(new GetPublicKeyCommand({ KeyId: keyId }));
  if (!PublicKey) throw new Error(`KMS gave no public key for ${keyId}`);
  const algorithm = KeySpec?.startsWith('RSA') ? 'RSA-SHA256' : 'ECDSA-SHA256';
  const ca = await createTestCa(algorithm, 'Exchange Visits Stage Test CA - FOR TESTING ONLY');
  const certificate = await issueSignerCertificate(
    ca,
    await importPublicKey(PublicKey, algorithm),
    'Exchange Visits stage signer - FOR TESTING ONLY',
  );
  const caPem = `${ca.certificate.toString('pem')}\n`;
  return { chainPem: `${certificate.toString('pem')}\n${caPem}`, caPem };
}

async function main([keyId, certificateSecret, rootsSecret]: string[]): Promise<void> {
  if (!keyId || !certificateSecret || !rootsSecret) {
    console.error(
      'usage: npx tsx infra/aws/signer-certificate.ts <SigningKeyArn> <SigningCertificateSecretArn> <SignatureRootsSecretArn>',
    );
    process.exit(2);
  }
  const kms = new KMSClient({});
  const secrets = new SecretsManagerClient({});
  const { chainPem, caPem } = await stageTestCertificate(kms, keyId);
  await secrets.send(new PutSecretValueCommand({ SecretId: certificateSecret, SecretString: chainPem }));
  // the roots the stage trusts already (a licensed CA's, say) stay
  const current = await secrets.send(new GetSecretValueCommand({ SecretId: rootsSecret }));
  const roots = JSON.parse(current.SecretString ?? '{}') as { licensed?: string[]; selfIssued?: string[] };
  const updated = { licensed: roots.licensed ?? [], selfIssued: [...(roots.selfIssued ?? []), caPem] };
  await secrets.send(
    new PutSecretValueCommand({ SecretId: rootsSecret, SecretString: JSON.stringify(updated) }),
  );
  console.log(`The signing key is certified by a test CA; its chain is in ${certificateSecret}.`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main(process.argv.slice(2));
