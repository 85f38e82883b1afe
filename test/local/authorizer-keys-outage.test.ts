/**
 * When the issuer's signing keys cannot be fetched, the authorizer fails the request (API Gateway answers 500)
 * and writes the one log line the stack's metric filter counts, so the outage raises an alarm.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WATCHED_LOG_LINES } from '#commons/watched-log-lines.ts';
import { createLocalAuth, type LocalAuth } from '#infra/local/auth.ts';

let dataDir: string;
let keysDown: Server;
let auth: LocalAuth;
let authorizer: typeof import('#functions/authorizer.ts')['handler'];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ev-keys-outage-'));
  // the issuer is up but its key set answers 503, as during an outage
  keysDown = createServer((_req, res) => res.writeHead(503).end());
  await new Promise<void>((r) => keysDown.listen(0, '127.0.0.1', r));
  const issuer = `http://127.0.0.1:${(keysDown.address() as AddressInfo).port}`;
  auth = createLocalAuth({ dataDir, issuer });
  process.env.JWT_ISSUER = issuer;
  process.env.JWKS_URI = `${issuer}/.well-known/jwks.json`;
  process.env.USER_POOL_CLIENT_ID = auth.clientId;
  authorizer = (await import('#functions/authorizer.ts')).handler;
});

afterAll(async () => {
  keysDown.closeAllConnections();
  await new Promise((r) => keysDown.close(r));
  rmSync(dataDir, { recursive: true, force: true });
});

function signedIn(token: string): APIGatewayRequestAuthorizerEventV2 {
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: 'arn:aws:execute-api:ap-southeast-1:000000000000:local/$default/GET/',
    identitySource: [],
    routeKey: 'GET /',
    rawPath: '/',
    rawQueryString: '',
    cookies: [],
    headers: { authorization: `Bearer ${token}` },
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: '127.0.0.1',
      domainPrefix: '127',
      http: { method: 'GET', path: '/', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'r1',
      routeKey: 'GET /',
      stage: '$default',
      time: '27/Nov/2026:06:00:00 +0000',
      timeEpoch: Date.now(),
    },
  };
}

describe('the signing keys out of reach', () => {
  it('fail the request and write the watched log line, with no token in it', async () => {
    const token = auth.signToken({
      email: 'hoa.lt@btgtu.quangnam.example',
      name: 'Lê Thị Hoa',
      roles: ['staff', 'secretary'],
      agencyId: 'btgtu-quang-nam',
    });
    // Lambda sends both streams to the function's log group; the logger writes errors to stderr
    const written: string[] = [];
    const record = (chunk: unknown) => {
      written.push(String(chunk));
      return true;
    };
    const spies = [
      vi.spyOn(process.stdout, 'write').mockImplementation(record),
      vi.spyOn(process.stderr, 'write').mockImplementation(record),
    ];
    try {
      await expect(authorizer(signedIn(token))).rejects.toThrow();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }

    const lines = written.flatMap((w) => w.split('\n')).filter((l) => l.startsWith('{'));
    const watched = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(watched).toContainEqual(
      expect.objectContaining({ level: 'ERROR', message: WATCHED_LOG_LINES.jwksFetchFailed }),
    );
    expect(written.join('')).not.toContain(token);
  });
});
