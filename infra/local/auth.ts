/**
 * The local stand-in for the Cognito user pool: an RSA key generated once into `<dataDir>/jwt-key.json`, ID
 * tokens (RS256) carrying the claims Cognito puts in its ID tokens (`email`, `name`, `cognito:groups`,
 * `custom:agencyId`, `token_use: 'id'`), and the JWKS that verifies them. The authorizer verifies these tokens with
 * the same code that verifies Cognito's, and, as there, only their email counts: the directory says who that is.
 * Refresh tokens are signed with the same key (opaque to everyone but this stand-in, as Cognito's are), and can be
 * revoked.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomUUID,
  sign,
  verify,
} from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Identity } from '#commons/identity.ts';

/** The audience of local tokens (Cognito's app client id in AWS). */
export const LOCAL_CLIENT_ID = 'exchange-visits-local';

/** ID tokens live 8 hours, in real time (sessions do not follow the application clock). */
export const TOKEN_TTL_SECONDS = 8 * 3600;

/** Refresh tokens live 12 hours, as the stack's app client gives Cognito's. */
export const REFRESH_TTL_SECONDS = 12 * 3600;

export type LocalUser = Identity;

export interface Jwk {
  kty: string;
  kid: string;
  alg: 'RS256';
  use: 'sig';
  n: string;
  e: string;
}

export interface LocalAuth {
  issuer: string;
  clientId: string;
  kid: string;
  /** the JSON Web Key Set, as served at the JWKS URI */
  jwks: { keys: Jwk[] };
  /** an ID token for the user; `issuedAt` (real time by default) and `ttlSeconds` let tests mint expired ones */
  signToken(user: LocalUser, opts?: { issuedAt?: Date; ttlSeconds?: number }): string;
  /** a refresh token for the user, for this stand-in's token endpoint only */
  signRefreshToken(user: Pick<LocalUser, 'email'>): string;
  /**
   * The email of a refresh token this stand-in signed for `clientId`, unexpired and not revoked (the directory
   * says whether that user may still sign in).
   */
  refreshEmail(token: string, clientId: string): string | undefined;
  /** revokes a refresh token (until the runtime stops) */
  revoke(token: string): void;
}

interface KeyFile {
  kid: string;
  /** PKCS#8 PEM */
  privateKey: string;
}

/** Reads the key from `<dataDir>/jwt-key.json`, generating it (2048-bit RSA) on first use. */
export function loadOrCreateKey(dataDir: string): { kid: string; privateKey: KeyObject } {
  const file = join(dataDir, 'jwt-key.json');
  try {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
    return { kid: stored.kid, privateKey: createPrivateKey(stored.privateKey) };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const der = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const kid = createHash('sha256').update(der).digest('base64url').slice(0, 16);
  mkdirSync(dataDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ kid, privateKey: pem } satisfies KeyFile, null, 2)}\n`, {
    mode: 0o600,
  });
  renameSync(tmp, file);
  return { kid, privateKey };
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** A stable subject per user, shaped like Cognito's (a UUID). */
function subjectOf(email: string): string {
  const h = createHash('sha256').update(email.toLowerCase()).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function createLocalAuth(opts: { dataDir: string; issuer: string; clientId?: string }): LocalAuth {
  const { kid, privateKey } = loadOrCreateKey(opts.dataDir);
  const clientId = opts.clientId ?? LOCAL_CLIENT_ID;
  const pub = createPublicKey(privateKey).export({ format: 'jwk' });
  const jwk: Jwk = { kty: 'RSA', kid, alg: 'RS256', use: 'sig', n: String(pub.n), e: String(pub.e) };
  const publicKey = createPublicKey(privateKey);
  const revoked = new Set<string>();
  const signed = (payload: object) => {
    const input = `${b64url({ alg: 'RS256', typ: 'JWT', kid })}.${b64url(payload)}`;
    return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
  };
  return {
    issuer: opts.issuer,
    clientId,
    kid,
    jwks: { keys: [jwk] },
    signRefreshToken(user) {
      const iat = Math.floor(Date.now() / 1000);
      return signed({
        sub: subjectOf(user.email),
        email: user.email,
        aud: clientId,
        token_use: 'refresh',
        jti: randomUUID(),
        iat,
        exp: iat + REFRESH_TTL_SECONDS,
      });
    },
    refreshEmail(token, forClient) {
      const [header = '', payload = '', signature = ''] = token.split('.');
      const ok = verify(
        'sha256',
        Buffer.from(`${header}.${payload}`),
        publicKey,
        Buffer.from(signature, 'base64url'),
      );
      if (!ok || revoked.has(token)) return undefined;
      let claims: Record<string, unknown>;
      try {
        claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
      } catch {
        return undefined;
      }
      const fresh = typeof claims.exp === 'number' && claims.exp > Date.now() / 1000;
      if (claims.token_use !== 'refresh' || claims.aud !== forClient || !fresh) return undefined;
      return typeof claims.email === 'string' ? claims.email : undefined;
    },
    revoke(token) {
      revoked.add(token);
    },
    signToken(user, signOpts = {}) {
      const iat = Math.floor((signOpts.issuedAt ?? new Date()).getTime() / 1000);
      return signed({
        sub: subjectOf(user.email),
        iss: opts.issuer,
        aud: clientId,
        token_use: 'id',
        auth_time: iat,
        iat,
        exp: iat + (signOpts.ttlSeconds ?? TOKEN_TTL_SECONDS),
        email: user.email,
        email_verified: true,
        name: user.name,
        'cognito:username': user.email,
        'cognito:groups': [...user.roles],
        'custom:agencyId': user.agencyId,
      });
    },
  };
}
