/**
 * The local test CA: a root and a signer certificate it issues, made with @peculiar/x509 on WebCrypto. Every name
 * says it is for testing, so nobody mistakes a signature made with it for one with legal force: it proves only that
 * the bytes are those signed. `npm start` makes one on first start under the data directory (the `test` signer
 * reads it there); the tests make their own, for ECDSA and RSA keys, for a KMS key's public key, and for a
 * timestamp authority.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { TEST_SIGNER_FILES } from '#adapters/test-signer.ts';
import type { SignatureAlgorithm } from '#domain/ports.ts';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
const subtle = webcrypto.subtle;

const ALGORITHMS = {
  'ECDSA-SHA256': {
    generate: { name: 'ECDSA', namedCurve: 'P-256' },
    sign: { name: 'ECDSA', hash: 'SHA-256' },
  },
  'RSA-SHA256': {
    generate: {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    sign: { name: 'RSASSA-PKCS1-v1_5' },
  },
} as const;

/** The organisation every test certificate names. */
const TEST_ORGANISATION = 'Exchange Visits (test, not a licensed CA)';
const DAY_MS = 86_400_000;
/**
 * Test certificates are valid from a year back: the local application clock can be moved, and a signing time
 * before a certificate's start would make the signature invalid for a reason that has nothing to do with the test.
 */
const BACKDATE_MS = 365 * DAY_MS;
const OID = {
  emailProtection: '1.3.6.1.5.5.7.3.4',
  documentSigning: '1.3.6.1.5.5.7.3.36',
  timeStamping: '1.3.6.1.5.5.7.3.8',
} as const;

export interface TestCa {
  algorithm: SignatureAlgorithm;
  certificate: x509.X509Certificate;
  keys: CryptoKeyPair;
}

export function generateKeys(algorithm: SignatureAlgorithm): Promise<CryptoKeyPair> {
  return subtle.generateKey(ALGORITHMS[algorithm].generate, true, [
    'sign',
    'verify',
  ]) as Promise<CryptoKeyPair>;
}

/** The public key of a DER SubjectPublicKeyInfo (a KMS key's GetPublicKey), as WebCrypto holds it. */
export function importPublicKey(spki: Uint8Array, algorithm: SignatureAlgorithm): Promise<CryptoKey> {
  return subtle.importKey('spki', spki, ALGORITHMS[algorithm].generate, true, ['verify']);
}

const randomSerial = () =>
  Buffer.from(webcrypto.getRandomValues(new Uint8Array(8)))
    .toString('hex')
    .replace(/^[89a-f]/, '1');

/** A test root, valid ten years from now. */
export async function createTestCa(
  algorithm: SignatureAlgorithm = 'ECDSA-SHA256',
  name = 'Exchange Visits Test CA - FOR TESTING ONLY',
): Promise<TestCa> {
  const keys = await generateKeys(algorithm);
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: [{ CN: [name] }, { O: [TEST_ORGANISATION] }, { C: ['VN'] }],
    notBefore: new Date(now - BACKDATE_MS),
    notAfter: new Date(now + 3650 * DAY_MS),
    keys,
    signingAlgorithm: ALGORITHMS[algorithm].sign,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { algorithm, certificate, keys };
}

/**
 * A document-signing certificate for `publicKey`, issued by the test CA. Its extended key usage names both
 * emailProtection and documentSigning: poppler's pdfsig (NSS) checks a PDF signer for the e-mail signer usage and
 * calls a certificate whose EKU lacks emailProtection corrupted.
 */
export async function issueSignerCertificate(
  ca: TestCa,
  publicKey: CryptoKey,
  subject = 'Exchange Visits test signer - FOR TESTING ONLY',
  validDays = 730,
): Promise<x509.X509Certificate> {
  const now = Date.now();
  return x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: [{ CN: [subject] }, { O: [TEST_ORGANISATION] }, { C: ['VN'] }],
    issuer: ca.certificate.subject,
    notBefore: new Date(now - BACKDATE_MS),
    notAfter: new Date(now + validDays * DAY_MS),
    publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: ALGORITHMS[ca.algorithm].sign,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([OID.emailProtection, OID.documentSigning], false),
      await x509.SubjectKeyIdentifierExtension.create(publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey),
    ],
  });
}

/** A timestamp authority's certificate (RFC 3161: the critical extended key usage timeStamping only). */
export async function issueTimestampCertificate(
  ca: TestCa,
  publicKey: CryptoKey,
): Promise<x509.X509Certificate> {
  const now = Date.now();
  return x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: [
      { CN: ['Exchange Visits test TSA - FOR TESTING ONLY'] },
      { O: [TEST_ORGANISATION] },
      { C: ['VN'] },
    ],
    issuer: ca.certificate.subject,
    notBefore: new Date(now - BACKDATE_MS),
    notAfter: new Date(now + 1825 * DAY_MS),
    publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: ALGORITHMS[ca.algorithm].sign,
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([OID.timeStamping], true),
      await x509.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey),
    ],
  });
}

/** PKCS#8 PEM of a private key. */
export async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await subtle.exportKey('pkcs8', key)).toString('base64');
  return `-----BEGIN PRIVATE KEY-----\n${der.match(/.{1,64}/g)?.join('\n')}\n-----END PRIVATE KEY-----\n`;
}

/** A test CA with one signer, in the files the `test` signer reads. */
export async function writeTestSigner(dir: string, algorithm: SignatureAlgorithm = 'ECDSA-SHA256') {
  const ca = await createTestCa(algorithm);
  const keys = await generateKeys(algorithm);
  const signer = await issueSignerCertificate(ca, keys.publicKey);
  mkdirSync(dir, { recursive: true });
  const write = (name: string, text: string, mode = 0o644) => {
    const file = join(dir, name);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, text, { mode });
    renameSync(tmp, file);
  };
  // the key first and the CA last: a directory with ca.pem is complete
  write(TEST_SIGNER_FILES.key, await privateKeyPem(keys.privateKey), 0o600);
  write(TEST_SIGNER_FILES.certificate, `${signer.toString('pem')}\n`);
  write(TEST_SIGNER_FILES.ca, `${ca.certificate.toString('pem')}\n`);
  return { ca, signer, keys };
}

/**
 * The local test CA under `<dataDir>/test-ca`, made on the first start and kept (so the PDFs signed before a
 * restart still chain to the same root). Returns its directory.
 */
export async function ensureTestSigner(dataDir: string): Promise<string> {
  const dir = join(dataDir, 'test-ca');
  try {
    readFileSync(join(dir, TEST_SIGNER_FILES.ca));
    return dir;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await writeTestSigner(dir);
  return dir;
}
