import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_USERS, seedAgencyRecords } from '#domain/directory/seed.ts';
import { createLocalAuth, type LocalAuth } from '#infra/local/auth.ts';
import { seedUser } from '../support/directory.ts';

type AuthorizerModule = typeof import('#functions/authorizer.ts');

let dataDir: string;
let jwksServer: Server;
let jwksRequests = 0;
let auth: LocalAuth;
let authorizer: AuthorizerModule['handler'];

const secretary = seedUser('hoa.lt@btgtu.quangnam.example');

function authEvent(
  opts: { authorization?: string; cookies?: string[] } = {},
): APIGatewayRequestAuthorizerEventV2 {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.authorization) headers.authorization = opts.authorization;
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: 'arn:aws:execute-api:ap-southeast-1:000000000000:local/$default/GET/visits/20260801-7K3QX9M2PA',
    identitySource: [],
    routeKey: 'GET /visits/{id}',
    rawPath: '/visits/20260801-7K3QX9M2PA',
    rawQueryString: '',
    cookies: opts.cookies as string[],
    headers,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: '127.0.0.1',
      domainPrefix: '127',
      http: {
        method: 'GET',
        path: '/visits/20260801-7K3QX9M2PA',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'test',
      },
      requestId: 'r1',
      routeKey: 'GET /visits/{id}',
      stage: '$default',
      time: '27/Nov/2026:06:00:00 +0000',
      timeEpoch: Date.now(),
    },
    pathParameters: { id: '20260801-7K3QX9M2PA' },
  };
}

/** Flips one bit in the signature's first byte: the same token with a signature that does not verify. */
function tamperSignature(token: string): string {
  const [h, p, s] = token.split('.') as [string, string, string];
  const sig = Buffer.from(s, 'base64url');
  sig[0] = (sig[0] ?? 0) ^ 1;
  return `${h}.${p}.${sig.toString('base64url')}`;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ev-auth-'));
  // the JWKS over plain http, as the local runtime serves it
  jwksServer = createServer((req, res) => {
    jwksRequests++;
    if (req.url !== '/.well-known/jwks.json') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(auth.jwks));
  });
  await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
  const issuer = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}`;
  auth = createLocalAuth({ dataDir, issuer });
  process.env.JWT_ISSUER = issuer;
  process.env.JWKS_URI = `${issuer}/.well-known/jwks.json`;
  process.env.USER_POOL_CLIENT_ID = auth.clientId;
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  authorizer = (await import('#functions/authorizer.ts')).handler;
});

afterAll(async () => {
  jwksServer.closeAllConnections();
  await new Promise((r) => jwksServer.close(r));
  rmSync(dataDir, { recursive: true, force: true });
});

describe('local sign-in key', () => {
  it('is generated once into the data directory and reused', () => {
    const again = createLocalAuth({ dataDir, issuer: auth.issuer });
    expect(again.kid).toBe(auth.kid);
    expect(again.jwks).toEqual(auth.jwks);
    expect(statSync(join(dataDir, 'jwt-key.json')).mode & 0o077).toBe(0);
  });

  it('issues RS256 ID tokens with the claims Cognito puts in them, valid for 8 hours', () => {
    const token = auth.signToken(secretary);
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>);
    expect(header).toMatchObject({ alg: 'RS256', kid: auth.kid });
    expect(payload).toMatchObject({
      iss: auth.issuer,
      aud: auth.clientId,
      token_use: 'id',
      email: 'hoa.lt@btgtu.quangnam.example',
      name: 'Lê Thị Hoa',
      'cognito:groups': ['staff', 'secretary'],
      'custom:agencyId': 'btgtu-quang-nam',
    });
    expect(Number(payload?.exp) - Number(payload?.iat)).toBe(8 * 3600);
  });
});

describe("the seed directory's users", () => {
  it('give every agency in force a staff user and its secretary, with the secretary role and the same email', () => {
    for (const record of seedAgencyRecords()) {
      const current = record.versions.at(-1);
      if (!current || current.validTo) continue;
      const mine = SEED_USERS.filter((u) => u.agencyId === record.id);
      expect(
        mine.some((u) => u.roles.includes('staff')),
        record.id,
      ).toBe(true);
      const sec = SEED_USERS.find((u) => u.email === current.secretary.email);
      expect(sec?.roles, record.id).toContain('secretary');
      expect(sec?.agencyId).toBe(record.id);
    }
  });

  it('include an auditor, and every user belongs to a seed agency', () => {
    const ids = new Set(seedAgencyRecords().map((a) => a.id));
    expect(SEED_USERS.some((u) => u.roles.includes('auditor'))).toBe(true);
    for (const u of SEED_USERS) expect(ids.has(u.agencyId), u.email).toBe(true);
  });
});

describe('authorizer (verifying local tokens against the JWKS served over http)', () => {
  const expected = {
    isAuthorized: true,
    // the email alone: who that is, the directory says on each request
    context: { email: 'hoa.lt@btgtu.quangnam.example' },
  };

  it('passes the email of a valid Bearer token', async () => {
    const result = await authorizer(authEvent({ authorization: `Bearer ${auth.signToken(secretary)}` }));
    expect(result).toEqual(expected);
    expect(jwksRequests).toBeGreaterThan(0);
  });

  it('passes the email of a valid session cookie', async () => {
    const token = auth.signToken(secretary);
    const result = await authorizer(authEvent({ cookies: ['theme=dark', `ev_session=${token}`] }));
    expect(result).toEqual(expected);
  });

  it('prefers the Bearer token over the cookie', async () => {
    const auditor = seedUser('tam.vtt@btgtu.quangnam.example');
    const result = await authorizer(
      authEvent({
        authorization: `Bearer ${auth.signToken(auditor)}`,
        cookies: [`ev_session=${auth.signToken(secretary)}`],
      }),
    );
    expect(result).toEqual({ isAuthorized: true, context: { email: auditor.email } });
  });

  it('passes no identity for a token whose signature was tampered with', async () => {
    const forged = tamperSignature(auth.signToken(secretary));
    expect(await authorizer(authEvent({ authorization: `Bearer ${forged}` }))).toEqual({
      isAuthorized: true,
      context: {},
    });
    expect(await authorizer(authEvent({ cookies: [`ev_session=${forged}`] }))).toEqual({
      isAuthorized: true,
      context: {},
    });
  });

  it('passes no identity for a token whose claims were changed after signing', async () => {
    const [h, p, s] = auth.signToken(secretary).split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
    claims['cognito:groups'] = ['auditor'];
    const forged = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
    expect(await authorizer(authEvent({ authorization: `Bearer ${forged}` }))).toEqual({
      isAuthorized: true,
      context: {},
    });
  });

  it('passes no identity for a token signed by another key', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'ev-auth-other-'));
    try {
      const other = createLocalAuth({ dataDir: otherDir, issuer: auth.issuer });
      const token = other.signToken(secretary);
      expect(await authorizer(authEvent({ authorization: `Bearer ${token}` }))).toEqual({
        isAuthorized: true,
        context: {},
      });
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('passes no identity for a token for another audience', async () => {
    const other = createLocalAuth({ dataDir, issuer: auth.issuer, clientId: 'another-client' });
    const token = other.signToken(secretary);
    expect(await authorizer(authEvent({ authorization: `Bearer ${token}` }))).toEqual({
      isAuthorized: true,
      context: {},
    });
  });

  it('passes no identity for garbage in the session cookie', async () => {
    expect(await authorizer(authEvent({ cookies: ['ev_session=not.a.jwt'] }))).toEqual({
      isAuthorized: true,
      context: {},
    });
  });

  it('treats an expired token as anonymous', async () => {
    const token = auth.signToken(secretary, { issuedAt: new Date(Date.now() - 9 * 3600 * 1000) });
    expect(await authorizer(authEvent({ authorization: `Bearer ${token}` }))).toEqual({
      isAuthorized: true,
      context: {},
    });
    expect(await authorizer(authEvent({ cookies: [`ev_session=${token}`] }))).toEqual({
      isAuthorized: true,
      context: {},
    });
  });

  it('treats no token as anonymous, whatever other cookies are sent', async () => {
    expect(await authorizer(authEvent())).toEqual({ isAuthorized: true, context: {} });
    expect(await authorizer(authEvent({ cookies: ['theme=dark'] }))).toEqual({
      isAuthorized: true,
      context: {},
    });
  });
});
