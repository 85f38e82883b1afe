/**
 * One local runtime for a test file: started before its tests on a fresh data directory and a free port, stopped
 * and removed after them, with an HTTP client acting as the people do.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { Client } from '#infra/local/client.ts';
import { type LocalRuntime, startLocalRuntime } from '#infra/local/runtime.ts';

export function useRuntime(name: string): { readonly runtime: LocalRuntime; readonly client: Client } {
  let runtime: LocalRuntime | undefined;
  let client: Client | undefined;
  let dataDir: string | undefined;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), `ev-${name}-`));
    runtime = await startLocalRuntime({ dataDir, port: 0, quiet: true });
    client = new Client(runtime.url);
  });
  afterAll(async () => {
    await runtime?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the runtime is not started yet (use it inside a test)');
    return value;
  };
  return {
    get runtime() {
      return started(runtime);
    },
    get client() {
      return started(client);
    },
  };
}

/** A port nobody listens on right now, for a runtime started as a separate process. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() =>
        address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
