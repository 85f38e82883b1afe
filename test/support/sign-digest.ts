/**
 * Signing a SHA-256 digest one already has, as KMS (MessageType DIGEST) and a CSC service (signHash) do. Node's crypto
 * cannot for ECDSA (it hashes its input again), so P-256 signs with @noble/curves; RSA is PKCS#1 v1.5 over the
 * SHA-256 DigestInfo. The stand-ins hold real keys and sign through this.
 */
import { constants, type KeyObject, privateEncrypt } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';

/** DigestInfo for SHA-256 without the digest (RFC 8017 9.2, note 1). */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/** A DER ECDSA-Sig-Value for an EC key, a PKCS#1 v1.5 signature for an RSA key. */
export function signDigest(key: KeyObject, digest: Uint8Array): Uint8Array {
  if (digest.length !== 32) throw new Error('a SHA-256 digest has 32 bytes');
  if (key.asymmetricKeyType === 'rsa')
    return new Uint8Array(
      privateEncrypt(
        { key, padding: constants.RSA_PKCS1_PADDING },
        Buffer.concat([SHA256_DIGEST_INFO, digest]),
      ),
    );
  const d = key.export({ format: 'jwk' }).d;
  if (!d) throw new Error('not a private EC key');
  return p256.sign(digest, Buffer.from(d, 'base64url'), { prehash: false, format: 'der', lowS: false });
}
