import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '#infra/local/runtime.ts';
import { STARTS_A_PROCESS_MS } from '../support/timeouts.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DAY = 86_400_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Waits until the runtime `child` answers /healthz, or fails as soon as it exits. */
async function waitForHealthy(url: string, child: ChildProcess): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
    try {
      const res = await fetch(new URL('/healthz', url));
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

let dataDir: string;
let port: number;
let runtime: LocalRuntime | undefined;
let url: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ev-runtime-'));
  port = await freePort();
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  runtime = await startLocalRuntime({ dataDir, port, quiet: true });
  url = runtime.url;
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(new URL(path, url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('the local runtime', () => {
  let token: string;
  let nowAfterMove: number;

  it('answers /healthz 200 once ready, and serves the JWKS', async () => {
    const health = await fetch(new URL('/healthz', url));
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    const jwks = (await (await fetch(new URL('/local/jwks.json', url))).json()) as {
      keys: { kid: string }[];
    };
    expect(jwks.keys).toHaveLength(1);
  });

  it('lists the seeded users', async () => {
    const users = (await (await fetch(new URL('/local/users', url))).json()) as {
      email: string;
      name: string;
      roles: string[];
      agencyId: string;
    }[];
    expect(users).toContainEqual({
      email: 'hoa.lt@btgtu.quangnam.example',
      name: 'Lê Thị Hoa',
      roles: ['staff', 'secretary'],
      agencyId: 'btgtu-quang-nam',
    });
    expect(users.some((u) => u.roles.includes('auditor'))).toBe(true);
  });

  it("gives each function its own variables, with this runtime's values, and the health check none", () => {
    const env = runtime?.environments;
    expect(env?.healthz).toEqual({});
    expect(env?.submitVisit).toEqual({
      TABLE_NAME: 'exchange-visits',
      STATE_MACHINE_ARN: expect.stringMatching(/:stateMachine:exchange-visits-lifecycle$/),
    });
    expect(env?.awaitDecision?.PUBLIC_URL).toBe(url);
    expect(env?.authorizer).toEqual({
      JWT_ISSUER: `${url}/local`,
      JWKS_URI: `${url}/local/jwks.json`,
      USER_POOL_CLIENT_ID: expect.any(String),
    });
    // one process: the handlers share the union of their variables
    for (const vars of Object.values(env ?? {})) expect(runtime?.env).toMatchObject(vars);
  });

  it('signs a seeded user in with a token and a session cookie (HttpOnly, SameSite=Lax, not Secure on http)', async () => {
    const res = await post('/local/sign-in', { email: 'huong.nt@btgtu.thanhhoa.example' });
    expect(res.status).toBe(200);
    token = ((await res.json()) as { token: string }).token;
    expect(token.split('.')).toHaveLength(3);
    const cookie = res.headers.getSetCookie()[0] ?? '';
    expect(cookie).toMatch(new RegExp(`^ev_session=${token.replaceAll('.', '\\.')};`));
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Secure');
  });

  it('lets the token through as Bearer or cookie on a signed-in route, and answers 401 without it', async () => {
    const withBearer = await fetch(new URL('/', url), {
      headers: { accept: 'application/json', authorization: `Bearer ${token}` },
    });
    expect(withBearer.status).toBe(200);
    const withCookie = await fetch(new URL('/', url), {
      headers: { accept: 'application/json', cookie: `ev_session=${token}` },
    });
    expect(withCookie.status).toBe(200);
    const without = await fetch(new URL('/', url), { headers: { accept: 'application/json' } });
    expect(without.status).toBe(401);
    expect(((await without.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
  });

  it('answers 404 in the JSON error shape for an unknown user, and 422 for no email', async () => {
    const unknown = await post('/local/sign-in', { email: 'nobody@example.com' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({
      error: { code: 'USER_NOT_FOUND', fields: { email: expect.any(String) } },
    });
    const missing = await post('/local/sign-in', {});
    expect(missing.status).toBe(422);
    expect(await missing.json()).toMatchObject({ error: { fields: { email: expect.any(String) } } });
  });

  it('signs in from the browser page: a form post sets the cookie and returns to the page asked for', async () => {
    const page = await fetch(new URL('/auth/sign-in?next=%2Fvisits%2Fnew', url));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('hoa.lt@btgtu.quangnam.example');
    const res = await fetch(new URL('/local/sign-in', url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=hoa.lt%40btgtu.quangnam.example&next=%2F%2Fevil.example',
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    expect(res.headers.getSetCookie()[0]).toMatch(/^ev_session=/);
  });

  it('moves the application clock, persists it, and names the field of bad input', async () => {
    const before = Date.now();
    const res = await post('/local/clock', { advanceDays: 2 });
    expect(res.status).toBe(200);
    const { now } = (await res.json()) as { now: string };
    expect(now).toMatch(/\+07:00$/);
    nowAfterMove = Date.parse(now);
    expect(nowAfterMove - before).toBeGreaterThan(2 * DAY - 60_000);
    expect(nowAfterMove - before).toBeLessThan(2 * DAY + 60_000);
    const stored = JSON.parse(readFileSync(join(dataDir, 'clock.json'), 'utf8')) as { offsetMs: number };
    expect(Math.round(stored.offsetMs / DAY)).toBe(2);

    const bad = await post('/local/clock', { advanceDays: 'two' });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ error: { fields: { advanceDays: expect.any(String) } } });
    const badNow = await post('/local/clock', { now: 'tomorrow' });
    expect(badNow.status).toBe(422);
    expect(await badNow.json()).toMatchObject({ error: { fields: { now: expect.any(String) } } });
    const malformed = await post('/local/clock', '{not json');
    expect(malformed.status).toBe(400);
  });

  it('sets the clock to a given instant', async () => {
    const res = await post('/local/clock', { now: '2026-08-24T08:00:00+07:00' });
    expect(((await res.json()) as { now: string }).now).toBe('2026-08-24T08:00:00+07:00');
    const back = await post('/local/clock', { now: new Date(nowAfterMove).toISOString() });
    expect(back.status).toBe(200);
  });

  it('lists the outbox as JSON', async () => {
    const res = await fetch(new URL('/local/outbox', url));
    expect(res.status).toBe(200);
    expect(Array.isArray(await res.json())).toBe(true);
  });

  it(
    'stops, and `npm start` on the same data keeps the clock and the sign-in key, then exits 0 on SIGTERM',
    async () => {
      const clockFile = readFileSync(join(dataDir, 'clock.json'), 'utf8');
      const { offsetMs } = JSON.parse(clockFile) as { offsetMs: number };
      await runtime?.stop();
      runtime = undefined;
      await expect(fetch(new URL('/healthz', url))).rejects.toThrow();

      const child = spawn(
        process.execPath,
        // as `npm start` runs it: one process (tsx's own CLI would relay the signal to a child and, under load,
        // kill it when the child does not confirm within 30 ms)
        ['--import', 'tsx', 'infra/local/main.ts'],
        {
          cwd: REPO_ROOT,
          env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, POWERTOOLS_LOG_LEVEL: 'SILENT' },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let output = '';
      child.stdout?.on('data', (c: Buffer) => {
        output += c.toString();
      });
      child.stderr?.on('data', (c: Buffer) => {
        output += c.toString();
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      try {
        await waitForHealthy(url, child);
        expect(output).toContain(url);
        expect(output).toContain(dataDir);
        expect(output).toContain('hoa.lt@btgtu.quangnam.example');
        expect(output).toContain('Ctrl-C');

        // as far ahead of the real clock as before the restart (give or take the one request's time)
        const res = await post('/local/clock', { advanceDays: 0 });
        const { now } = (await res.json()) as { now: string };
        expect(Math.abs(Date.parse(now) - Date.now() - offsetMs)).toBeLessThan(60_000);

        // same key, same issuer: the session from before the restart still works
        const again = await fetch(new URL('/', url), {
          headers: { accept: 'application/json', authorization: `Bearer ${token}` },
        });
        expect(again.status).toBe(200);
      } finally {
        child.kill('SIGTERM');
      }
      expect(await exited).toBe(0);
      expect(output).toContain('Stopped');
    },
    STARTS_A_PROCESS_MS,
  );
});
