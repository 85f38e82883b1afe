/**
 * The `test` signer: the local test CA's signing key and certificates, in the files the local runtime makes on its
 * first start (`TEST_SIGNER_DIR`). The key is in this process, so it signs the bytes themselves with Node's
 * crypto. Its certificate names itself a test one: what it signs proves integrity, never legal force.
 */
import { createPrivateKey, type KeyObject, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignerUnavailableError } from '#domain/errors.ts';
import type { Signer, SignerCertificates } from '#domain/ports.ts';
import { pemCertificates } from './certificates.ts';
import { lazy } from './env.ts';

/** The files of a test signer's directory. */
export const TEST_SIGNER_FILES = {
  /** PKCS#8 PEM of the signing key */
  key: 'signer-key.pem',
  /** the signing certificate (PEM) */
  certificate: 'signer.pem',
  /** the test CA's root certificate (PEM), also a self-issued trust root for verification */
  ca: 'ca.pem',
} as const;

export function testSigner(dir: string): Signer {
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  const loaded = lazy((): { key: KeyObject; certificates: SignerCertificates } => {
    let key: KeyObject;
    try {
      key = createPrivateKey(read(TEST_SIGNER_FILES.key));
    } catch (e) {
      throw new SignerUnavailableError(
        `the test signer's key in ${dir} cannot be read: ${(e as Error).message}`,
      );
    }
    const algorithm = key.asymmetricKeyType === 'ec' ? 'ECDSA-SHA256' : 'RSA-SHA256';
    const chain = [
      ...pemCertificates(read(TEST_SIGNER_FILES.certificate), `${dir}/${TEST_SIGNER_FILES.certificate}`),
      ...pemCertificates(read(TEST_SIGNER_FILES.ca), `${dir}/${TEST_SIGNER_FILES.ca}`),
    ];
    return { key, certificates: { algorithm, chain } };
  });
  return {
    async certificates() {
      return loaded().certificates;
    },
    async sign(data) {
      const { key, certificates } = loaded();
      // ECDSA as a DER ECDSA-Sig-Value: what CMS carries (and what KMS returns)
      const options = certificates.algorithm === 'ECDSA-SHA256' ? { key, dsaEncoding: 'der' as const } : key;
      return new Uint8Array(sign('sha256', data, options));
    },
  };
}

/** The test CA's root, for verifying what the test signer signed. */
export function testSignerRoot(dir: string): Uint8Array[] {
  const file = join(dir, TEST_SIGNER_FILES.ca);
  return pemCertificates(readFileSync(file, 'utf8'), file);
}
