/**
 * The `csc` signer: a licensed CA's remote signing service, through the Cloud Signature Consortium API v2. Every
 * call is `POST <service>/csc/v2/<method>` with JSON; errors answer `{error, error_description}`.
 *
 * - `auth/login` (HTTP Basic with the agency's login) gives an access token, kept until it expires;
 * - `credentials/info` (once per container) gives the credential's certificate chain, key algorithm and how a
 *   signature is authorised;
 * - per document, `credentials/authorize` (explicit mode: the PIN) gives a SAD bound to that one hash, and
 *   `signatures/signHash` signs the hash. Only the hash leaves this process.
 */
import * as pkijs from 'pkijs';
import { SignerUnavailableError } from '#domain/errors.ts';
import type { Signer, SignerCertificates } from '#domain/ports.ts';
import { arrayBuffer } from './cms.ts';

export interface CscLogin {
  username: string;
  password: string;
  /** the signing PIN, for credentials authorised explicitly */
  pin?: string;
}

export interface CscSignerOptions {
  /** the service's base URL, before `/csc/v2` */
  serviceUrl: string;
  credentialId: string;
  /** the agency's login at the service (from Secrets Manager) */
  login: () => Promise<CscLogin>;
  fetch?: typeof fetch;
}

const OID = {
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecPublicKey: '1.2.840.10045.2.1',
} as const;

/**
 * A refusal the service answered (HTTP 4xx), with its CSC error code: a wrong login, PIN or credential is the
 * agency's configuration, so the document goes out unsigned with the reason. A 5xx or a network failure is thrown
 * as it is, and the step is retried.
 */
export class CscError extends SignerUnavailableError {
  constructor(
    readonly method: string,
    readonly httpStatus: number,
    readonly cscCode: string,
    description: string,
  ) {
    super(`CSC ${method}: HTTP ${httpStatus} ${cscCode}${description ? `: ${description}` : ''}`);
  }
}

interface Token {
  bearer: string;
  until: number;
}

interface CredentialInfo {
  key?: { algo?: string[] };
  cert?: { certificates?: string[] };
  auth?: { mode?: string };
}

/** An access token is renewed this long before the service says it expires. */
const TOKEN_MARGIN_MS = 30_000;

export function cscSigner(opts: CscSignerOptions): Signer {
  const base = opts.serviceUrl.replace(/\/+$/, '');
  const fetchImpl = opts.fetch ?? fetch;
  let token: Token | undefined;
  let info: Promise<SignerCertificates & { explicit: boolean }> | undefined;

  const call = async (
    method: string,
    body: unknown,
    authorization: string,
  ): Promise<Record<string, unknown>> => {
    const response = await fetchImpl(`${base}/csc/v2/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify(body),
    });
    const value = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok)
      throw new CscError(
        method,
        response.status,
        String(value.error ?? ''),
        String(value.error_description ?? ''),
      );
    return value;
  };

  const bearer = async (): Promise<string> => {
    if (token && token.until > Date.now()) return token.bearer;
    const { username, password } = await opts.login();
    const basic = Buffer.from(`${username}:${password}`).toString('base64');
    const answer = await call('auth/login', {}, `Basic ${basic}`);
    if (typeof answer.access_token !== 'string') throw new Error('CSC auth/login answered no access_token');
    const seconds = typeof answer.expires_in === 'number' ? answer.expires_in : 3600;
    token = { bearer: `Bearer ${answer.access_token}`, until: Date.now() + seconds * 1000 - TOKEN_MARGIN_MS };
    return token.bearer;
  };

  /** A call with the access token; a token the service no longer takes is renewed once. */
  const authorized = async (method: string, body: unknown) => {
    try {
      return await call(method, body, await bearer());
    } catch (e) {
      if (!(e instanceof CscError) || e.httpStatus !== 401) throw e;
      token = undefined;
      return call(method, body, await bearer());
    }
  };

  const credential = () => {
    info ??= (async () => {
      const answer = (await authorized('credentials/info', {
        credentialID: opts.credentialId,
        certificates: 'chain',
        certInfo: true,
        authInfo: true,
      })) as CredentialInfo;
      const chain = (answer.cert?.certificates ?? []).map(
        (b64) => new Uint8Array(Buffer.from(b64, 'base64')),
      );
      if (chain.length === 0) throw new Error(`CSC credential ${opts.credentialId} has no certificate`);
      const algos = answer.key?.algo ?? [];
      const ec = algos.includes(OID.ecdsaWithSha256) || algos.includes(OID.ecPublicKey);
      return {
        algorithm: ec ? ('ECDSA-SHA256' as const) : ('RSA-SHA256' as const),
        chain,
        explicit: answer.auth?.mode === 'explicit',
      };
    })();
    info.catch(() => {
      info = undefined;
    });
    return info;
  };

  return {
    async certificates() {
      const { algorithm, chain } = await credential();
      return { algorithm, chain };
    },
    async sign(_data, digest) {
      const { algorithm, explicit } = await credential();
      const hash = Buffer.from(digest).toString('base64');
      const pin = explicit ? (await opts.login()).pin : undefined;
      const authorization = await authorized('credentials/authorize', {
        credentialID: opts.credentialId,
        numSignatures: 1,
        hashes: [hash],
        hashAlgorithmOID: OID.sha256,
        ...(pin ? { authData: [{ id: 'PIN', value: pin }] } : {}),
      });
      if (typeof authorization.SAD !== 'string') throw new Error('CSC credentials/authorize answered no SAD');
      const answer = await authorized('signatures/signHash', {
        credentialID: opts.credentialId,
        SAD: authorization.SAD,
        hashes: [hash],
        hashAlgorithmOID: OID.sha256,
        signAlgo: algorithm === 'RSA-SHA256' ? OID.rsaEncryption : OID.ecdsaWithSha256,
      });
      const [first] = Array.isArray(answer.signatures) ? (answer.signatures as unknown[]) : [];
      if (typeof first !== 'string') throw new Error('CSC signatures/signHash answered no signature');
      const signature = new Uint8Array(Buffer.from(first, 'base64'));
      // some services answer ECDSA P-256 as r||s (64 bytes); CMS carries a DER ECDSA-Sig-Value
      if (algorithm === 'ECDSA-SHA256' && signature.length === 64)
        return new Uint8Array(pkijs.createCMSECDSASignature(arrayBuffer(signature)));
      return signature;
    },
  };
}
