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
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SignerRef } from '#domain/agencies.ts';
import type { Signer, SignerFor } from '#domain/ports.ts';
import { ENV } from '#functions/manifest.ts';
import { pemCertificates } from './certificates.ts';
import { type CscLogin, cscSigner } from './csc-signer.ts';
import { lazy } from './env.ts';
import { kmsSigner } from './kms-signer.ts';
import type { TrustRoots } from './pades-verify.ts';
import { cachedSecretText } from './secret-text.ts';
import { testSigner } from './test-signer.ts';
import { chainsTo, trustRoots } from './trust-roots.ts';

export interface SignerEnvironment {
  testSignerDir?: string;
  kmsKeyId?: string;
  kmsCertificateSecretId?: string;
  kms: () => KMSClient;
  secrets: () => SecretsManagerClient;
  roots: () => Promise<TrustRoots>;
  fetch?: typeof fetch;
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
        const chainText = cachedSecretText(env.secrets, kmsCertificateSecretId);
        return kmsSigner({
          client: env.kms(),
          keyId: kmsKeyId,
          chain: async () => pemCertificates(await chainText(), `the secret ${kmsCertificateSecretId}`),
        });
      }
      case 'csc': {
        const login = cachedSecretText(env.secrets, ref.secretId);
        return cscSigner({
          serviceUrl: ref.serviceUrl,
          credentialId: ref.credentialId,
          login: async () => parseLogin(ref.secretId, await login()),
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

const secretsClient = lazy(() => new SecretsManagerClient({}));
const kmsClient = lazy(() => new KMSClient({}));

const optional = (name: string) => process.env[name] || undefined;

/** The configured roots, from the environment. */
export const configuredRoots = lazy(() =>
  trustRoots({
    testSignerDir: optional(ENV.testSignerDir),
    rootsSecretId: optional(ENV.signatureRootsSecret),
    secrets: secretsClient,
  }),
);

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
