/**
 * A local stand-in for a licensed CA's remote signing service, speaking the Cloud Signature Consortium API v2 as
 * the `csc` signer uses it: `info`, `auth/login` (HTTP Basic), `credentials/list`, `credentials/info`,
 * `credentials/authorize` (explicit, PIN) and `signatures/signHash`, errors as `{error, error_description}`. It checks
 * the login, the bearer token, the PIN, and that a SAD is used for the very hashes it was issued for, once. It holds
 * a real key and can answer ECDSA as raw r||s, as some services do.
 */
import { type KeyObject, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signDigest } from './sign-digest.ts';

export interface CscStandInConfig {
  username: string;
  password: string;
  pin: string;
  credentialId: string;
  key: KeyObject;
  /** DER, the credential's certificate first */
  chain: Uint8Array[];
  /** answer ECDSA signatures as r||s instead of DER */
  rawEcdsa?: boolean;
  /** access tokens last this long */
  tokenSeconds?: number;
}

export interface CscStandIn {
  serviceUrl: string;
  /** the methods called, in order */
  calls: string[];
  /** forgets every access token, as a service restart would */
  revokeTokens(): void;
  close(): Promise<void>;
}

const OID = {
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
};

/** The r||s form of a DER ECDSA-Sig-Value for P-256. */
function rawEcdsa(der: Uint8Array): Uint8Array {
  const rLength = der[3] ?? 0;
  const r = der.subarray(4, 4 + rLength);
  const s = der.subarray(6 + rLength);
  const fixed = (n: Uint8Array) => Buffer.concat([Buffer.alloc(32), Buffer.from(n)]).subarray(-32);
  return new Uint8Array(Buffer.concat([fixed(r), fixed(s)]));
}

export async function startCscStandIn(cfg: CscStandInConfig): Promise<CscStandIn> {
  const tokens = new Set<string>();
  const sads = new Map<string, { hashes: string[]; left: number }>();
  const calls: string[] = [];
  const ec = cfg.key.asymmetricKeyType === 'ec';
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      const method = (req.url ?? '').replace(/^\/csc\/v2\//, '');
      calls.push(method);
      const body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
      const send = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      const fail = (status: number, error: string, error_description: string) =>
        send(status, { error, error_description });
      const authorization = String(req.headers.authorization ?? '');
      if (method === 'info')
        return send(200, {
          specs: '2.0.0.2',
          name: 'CSC stand-in',
          logo: '',
          region: 'VN',
          lang: 'vi-VN',
          description: 'A local remote signing service for tests',
          authType: ['basic'],
          methods: [
            'auth/login',
            'credentials/list',
            'credentials/info',
            'credentials/authorize',
            'signatures/signHash',
          ],
        });
      if (method === 'auth/login') {
        const expected = `Basic ${Buffer.from(`${cfg.username}:${cfg.password}`).toString('base64')}`;
        if (authorization !== expected) return fail(401, 'invalid_request', 'Invalid username or password');
        const token = randomBytes(16).toString('hex');
        tokens.add(token);
        return send(200, { access_token: token, expires_in: cfg.tokenSeconds ?? 3600 });
      }
      if (!tokens.has(authorization.replace(/^Bearer /, '')))
        return fail(401, 'invalid_token', 'The access token is missing, expired or revoked');
      if (method === 'credentials/list') return send(200, { credentialIDs: [cfg.credentialId] });
      if (body.credentialID !== cfg.credentialId)
        return fail(400, 'invalid_request', 'Invalid parameter credentialID');
      if (method === 'credentials/info')
        return send(200, {
          description: 'Agency seal (test)',
          key: {
            status: 'enabled',
            algo: ec ? [OID.ecdsaWithSha256] : [OID.sha256WithRsa, OID.rsaEncryption],
            len: ec ? 256 : 2048,
            ...(ec ? { curve: '1.2.840.10045.3.1.7' } : {}),
          },
          cert: {
            status: 'valid',
            certificates: (body.certificates === 'chain' ? cfg.chain : cfg.chain.slice(0, 1)).map((d) =>
              Buffer.from(d).toString('base64'),
            ),
          },
          auth: {
            mode: 'explicit',
            expression: 'PIN',
            objects: [
              { type: 'Password', id: 'PIN', format: 'N', label: 'PIN', description: 'Signature PIN' },
            ],
          },
          SCAL: '2',
          multisign: 1,
          lang: 'vi-VN',
        });
      if (method === 'credentials/authorize') {
        const authData = (body.authData ?? []) as { id: string; value: string }[];
        if (authData.find((a) => a.id === 'PIN')?.value !== cfg.pin)
          return fail(400, 'invalid_pin', 'The PIN is invalid');
        const SAD = randomBytes(16).toString('base64url');
        sads.set(SAD, { hashes: (body.hashes ?? []) as string[], left: Number(body.numSignatures ?? 1) });
        return send(200, { SAD, expiresIn: 300 });
      }
      if (method === 'signatures/signHash') {
        const hashes = (body.hashes ?? []) as string[];
        const sad = sads.get(String(body.SAD));
        if (!sad || sad.left < hashes.length || !hashes.every((h) => sad.hashes.includes(h)))
          return fail(400, 'invalid_request', 'Invalid SAD');
        sad.left -= hashes.length;
        const expectedAlgo = ec ? OID.ecdsaWithSha256 : OID.rsaEncryption;
        if (body.signAlgo !== expectedAlgo) return fail(400, 'invalid_request', 'Invalid parameter signAlgo');
        const signatures = hashes.map((h) => {
          const der = signDigest(cfg.key, Buffer.from(h, 'base64'));
          return Buffer.from(ec && cfg.rawEcdsa ? rawEcdsa(der) : der).toString('base64');
        });
        return send(200, { signatures });
      }
      fail(404, 'invalid_request', `Unknown method ${method}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    serviceUrl: `http://127.0.0.1:${port}`,
    calls,
    revokeTokens: () => tokens.clear(),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
