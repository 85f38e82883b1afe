/**
 * The roots a signature may chain to, as this environment configures them: the local test CA's root where the test
 * signer is (`TEST_SIGNER_DIR`, self-issued), and the roots in the stage's secret (`SIGNATURE_ROOTS_SECRET_ID`,
 * `{"licensed":[PEM…],"selfIssued":[PEM…]}`: the licensed CAs whose certificates give a signature legal force, and
 * the stage's own CA). Read once per container and again after five minutes.
 */
import { X509Certificate } from 'node:crypto';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ENV } from '#functions/manifest.ts';
import { pemCertificates } from './certificates.ts';
import { lazy } from './env.ts';
import type { TrustRoots } from './pades-verify.ts';
import { cachedSecretText } from './secret-text.ts';
import { testSignerRoot } from './test-signer.ts';

export interface TrustRootSources {
  testSignerDir?: string;
  rootsSecretId?: string;
  secrets: () => SecretsManagerClient;
}

function parseRoots(secretId: string, text: string): TrustRoots {
  let value: { licensed?: unknown; selfIssued?: unknown };
  try {
    value = JSON.parse(text) as typeof value;
  } catch {
    throw new Error(`the secret ${secretId} is not JSON {"licensed":[PEM…],"selfIssued":[PEM…]}`);
  }
  const list = (field: 'licensed' | 'selfIssued') => {
    const entries = value[field] ?? [];
    if (!Array.isArray(entries)) throw new Error(`the secret ${secretId}: "${field}" must be a list of PEM`);
    return entries.flatMap((pem, i) => pemCertificates(String(pem), `${secretId} ${field}[${i}]`));
  };
  return { licensed: list('licensed'), selfIssued: list('selfIssued') };
}

export function trustRoots(sources: TrustRootSources): () => Promise<TrustRoots> {
  const secret = sources.rootsSecretId ? cachedSecretText(sources.secrets, sources.rootsSecretId) : undefined;
  return async () => {
    const roots: TrustRoots = { licensed: [], selfIssued: [] };
    if (sources.testSignerDir) roots.selfIssued.push(...testSignerRoot(sources.testSignerDir));
    if (secret && sources.rootsSecretId) {
      const configured = parseRoots(sources.rootsSecretId, await secret());
      roots.licensed.push(...configured.licensed);
      roots.selfIssued.push(...configured.selfIssued);
    }
    return roots;
  };
}

/** The chain's last certificate is one of `roots`, or was issued by one. */
export function chainsTo(chain: Uint8Array[], roots: Uint8Array[]): boolean {
  const last = chain.at(-1);
  if (!last) return false;
  const top = new X509Certificate(last);
  return roots.some((der) => {
    if (Buffer.from(der).equals(Buffer.from(last))) return true;
    const root = new X509Certificate(der);
    return root.checkIssued(top) && top.verify(root.publicKey);
  });
}

/** One Secrets Manager client for the process. */
export const secretsClient = lazy(() => new SecretsManagerClient({}));

/** The roots this environment configures. */
export const configuredRoots = lazy(() =>
  trustRoots({
    testSignerDir: process.env[ENV.testSignerDir] || undefined,
    rootsSecretId: process.env[ENV.signatureRootsSecret] || undefined,
    secrets: secretsClient,
  }),
);
