/**
 * Which signer signs an agency's documents: the agency names the kind (and, for a CSC service, its credential), the
 * environment says where that kind's key is, as the SDK's endpoint variables say where a service is:
 *
 * | kind | needs |
 * |---|---|
 * | `test` | `TEST_SIGNER_DIR`: the local test CA's files (the local runtime sets it) |
 * | `kms` | `SIGNER_KMS_KEY_ID` and `SIGNER_CERTIFICATE_SECRET_ID`: the stage's key and its certificate chain |
 * | `csc` | the agency's service URL, credential and the secret with its login and PIN |
 *
 * An agency naming no signer, or a kind this environment does not provide, gets its documents unsigned with the
 * reason, never a failed visit. Each signer is made once per container, so a KMS key's certificate check and a CSC
 * access token serve every document after the first. Whether the signer's chain ends at a licensed CA's root is
 * told from the configured trust roots.
 */
import { KMSClient } from '@aws-sdk/client-kms';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SignerRef } from '#domain/agencies.ts';
import { SignerUnavailableError } from '#domain/errors.ts';
import type { Signer, SignerFor } from '#domain/ports.ts';
import type { SealPdf } from '#domain/steps/issuing.ts';
import { ENV } from '#functions/manifest.ts';
import { pemCertificates } from './certificates.ts';
import { type CscLogin, cscSigner } from './csc-signer.ts';
import { lazy } from './env.ts';
import { kmsSigner } from './kms-signer.ts';
import { signPdf } from './pades.ts';
import type { TrustRoots } from './pades-verify.ts';
import { cachedSecretText } from './secret-text.ts';
import { testSigner } from './test-signer.ts';
import { rfc3161 } from './timestamp.ts';
import { chainsTo, configuredRoots, secretsClient } from './trust-roots.ts';

export interface SignerEnvironment {
  testSignerDir?: string;
  kmsKeyId?: string;
  kmsCertificateSecretId?: string;
  kms: () => KMSClient;
  secrets: () => SecretsManagerClient;
  roots: () => Promise<TrustRoots>;
  fetch?: typeof fetch;
}

/**
 * A secret that configures a signer: one that does not exist makes the signer unavailable (the document goes out
 * unsigned, saying why); a throttled or unreachable service is thrown as it is, and the step is retried.
 */
function configuredSecret(read: () => Promise<string>): () => Promise<string> {
  return async () => {
    try {
      return await read();
    } catch (e) {
      if ((e as Error).name === 'ResourceNotFoundException')
        throw new SignerUnavailableError((e as Error).message);
      throw e;
    }
  };
}

/** A secret's value that is not what it should hold makes the signer unavailable too. */
function parsed<T>(parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    throw new SignerUnavailableError((e as Error).message);
  }
}

function parseLogin(secretId: string, text: string): CscLogin {
  const value = JSON.parse(text) as Partial<CscLogin>;
  if (typeof value.username !== 'string' || typeof value.password !== 'string')
    throw new Error(`the secret ${secretId} must hold {"username","password","pin"?}`);
  return { username: value.username, password: value.password, ...(value.pin ? { pin: value.pin } : {}) };
}

/** A signer whose certificates also say whether they chain to a licensed CA's root. */
function withTrust(signer: Signer, roots: () => Promise<TrustRoots>): Signer {
  return {
    sign: (data, digest) => signer.sign(data, digest),
    async certificates() {
      const [certificates, trust] = await Promise.all([signer.certificates(), roots()]);
      return { ...certificates, licensed: chainsTo(certificates.chain, trust.licensed) };
    },
  };
}

export function createSignerFor(env: SignerEnvironment): SignerFor {
  const made = new Map<string, Signer>();
  const make = (ref: SignerRef): Signer | string => {
    switch (ref.kind) {
      case 'test':
        if (!env.testSignerDir)
          return `the test signer is not configured here (${ENV.testSignerDir} is not set)`;
        return testSigner(env.testSignerDir);
      case 'kms': {
        const { kmsKeyId, kmsCertificateSecretId } = env;
        if (!kmsKeyId || !kmsCertificateSecretId)
          return `no KMS signing key is configured here (${ENV.signerKeyId}, ${ENV.signerCertificateSecret})`;
        const chainText = configuredSecret(cachedSecretText(env.secrets, kmsCertificateSecretId));
        return kmsSigner({
          client: env.kms(),
          keyId: kmsKeyId,
          chain: async () => {
            const text = await chainText();
            return parsed(() => pemCertificates(text, `the secret ${kmsCertificateSecretId}`));
          },
        });
      }
      case 'csc': {
        const login = configuredSecret(cachedSecretText(env.secrets, ref.secretId));
        return cscSigner({
          serviceUrl: ref.serviceUrl,
          credentialId: ref.credentialId,
          login: async () => {
            const text = await login();
            return parsed(() => parseLogin(ref.secretId, text));
          },
          ...(env.fetch ? { fetch: env.fetch } : {}),
        });
      }
    }
  };
  return (agency) => {
    const ref = agency.signer;
    if (!ref) return { unsigned: `${agency.name} names no signer` };
    const key = JSON.stringify(ref);
    let signer = made.get(key);
    if (!signer) {
      const result = make(ref);
      if (typeof result === 'string') return { unsigned: result };
      signer = withTrust(result, env.roots);
      made.set(key, signer);
    }
    return { signer };
  };
}

const kmsClient = lazy(() => new KMSClient({}));

const optional = (name: string) => process.env[name] || undefined;

/** The agencies' signers, from the environment. */
export const signerFor = lazy(() =>
  createSignerFor({
    testSignerDir: optional(ENV.testSignerDir),
    kmsKeyId: optional(ENV.signerKeyId),
    kmsCertificateSecretId: optional(ENV.signerCertificateSecret),
    kms: kmsClient,
    secrets: secretsClient,
    roots: configuredRoots(),
  }),
);

const timestamper = lazy(() => {
  const url = optional(ENV.timestampUrl);
  return url ? rfc3161(url) : undefined;
});

/** Signs an issued PDF: PAdES B-T where a timestamp authority is configured (`TIMESTAMP_URL`), else B-B. */
export const sealPdf: SealPdf = (pdf, signer) => signPdf(pdf, signer, timestamper());
