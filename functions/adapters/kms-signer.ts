/**
 * The `kms` signer: the stage's asymmetric KMS key (ECC_NIST_P256 or RSA, SIGN_VERIFY) signs the SHA-256 digest
 * (`MessageType: DIGEST`), so the private key never leaves KMS. Its certificate chain (PEM, the key's certificate
 * first) is held in Secrets Manager, read once per container; before the first signature the certificate's public
 * key is held against the key's own (GetPublicKey), so a certificate put on the wrong key fails loudly instead of
 * making signatures nobody can verify.
 */
import { X509Certificate } from 'node:crypto';
import {
  GetPublicKeyCommand,
  type KMSClient,
  SignCommand,
  type SigningAlgorithmSpec,
} from '@aws-sdk/client-kms';
import { SignerUnavailableError } from '#domain/errors.ts';
import type { Signer, SignerCertificates } from '#domain/ports.ts';

export interface KmsSignerOptions {
  client: KMSClient;
  keyId: string;
  /** the key's certificate chain, DER, the key's certificate first */
  chain: () => Promise<Uint8Array[]>;
}

const SIGNING_ALGORITHM: Record<SignerCertificates['algorithm'], SigningAlgorithmSpec> = {
  'ECDSA-SHA256': 'ECDSA_SHA_256',
  'RSA-SHA256': 'RSASSA_PKCS1_V1_5_SHA_256',
};

export function kmsSigner({ client, keyId, chain }: KmsSignerOptions): Signer {
  let checked: Promise<SignerCertificates> | undefined;
  const certificates = () => {
    checked ??= (async () => {
      const der = await chain();
      const [leafDer] = der;
      if (!leafDer)
        throw new SignerUnavailableError(`the certificate chain of the KMS key ${keyId} is empty`);
      const leaf = new X509Certificate(leafDer);
      const { PublicKey } = await client.send(new GetPublicKeyCommand({ KeyId: keyId }));
      const certified = leaf.publicKey.export({ type: 'spki', format: 'der' });
      if (!PublicKey || !certified.equals(Buffer.from(PublicKey)))
        throw new Error(
          `the certificate "${leaf.subject}" is not for the KMS key ${keyId}: their public keys differ`,
        );
      const algorithm = leaf.publicKey.asymmetricKeyType === 'ec' ? 'ECDSA-SHA256' : 'RSA-SHA256';
      return { algorithm, chain: der };
    })();
    checked.catch(() => {
      checked = undefined;
    });
    return checked;
  };
  return {
    certificates,
    async sign(_data, digest) {
      const { algorithm } = await certificates();
      const out = await client.send(
        new SignCommand({
          KeyId: keyId,
          Message: digest,
          MessageType: 'DIGEST',
          SigningAlgorithm: SIGNING_ALGORITHM[algorithm],
        }),
      );
      // RSA: the PKCS#1 v1.5 signature; ECDSA: a DER ECDSA-Sig-Value. CMS takes either as it is.
      if (!out.Signature) throw new Error(`KMS answered no signature for the key ${keyId}`);
      return out.Signature;
    },
  };
}
