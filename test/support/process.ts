/**
 * `npm start` as a person runs it: a separate process (`tsx infra/local/main.ts`) on its own port and data
 * directory, started again on the same data after it is killed. Its output is read for the holds it announces
 * (`LOCAL_HOLD`), so a kill test stops it exactly when every execution it holds sits at its point.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { Client } from '#infra/local/client.ts';

export interface RuntimeProcess {
  proc: ChildProcess;
  client: Client;
  /** the holds announced so far: `<point> <execution>` */
  holds: string[];
  /** resolves once `count` holds are announced */
  held(count: number, timeoutMs?: number): Promise<string[]>;
  /** sends `signal` and resolves with the exit code once the process is gone */
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

/** Starts `npm start` on `port` and `dataDir` (with `LOCAL_HOLD` when given) and waits until it is ready. */
export async function startProcess(opts: {
  port: number;
  dataDir: string;
  hold?: string;
}): Promise<RuntimeProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(opts.port),
    DATA_DIR: opts.dataDir,
    POWERTOOLS_LOG_LEVEL: 'WARN',
  };
  if (opts.hold) env.LOCAL_HOLD = opts.hold;
  else delete env.LOCAL_HOLD;
  const proc = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  const holds: string[] = [];
  proc.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  proc.stdout?.on('data', (d) => {
    stdout += String(d);
    let nl = stdout.indexOf('\n');
    while (nl >= 0) {
      const line = stdout.slice(0, nl);
      stdout = stdout.slice(nl + 1);
      const m = /^\[local\] hold (.+)$/.exec(line);
      if (m?.[1]) holds.push(m[1]);
      nl = stdout.indexOf('\n');
    }
  });
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  const client = new Client(`http://127.0.0.1:${opts.port}`);
  const pause = () => new Promise((r) => setTimeout(r, 50));
  for (let ready = false; !ready; ) {
    if (proc.exitCode !== null) throw new Error(`the runtime exited: ${stderr}`);
    ready = await fetch(`${client.baseUrl}/healthz`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (!ready) await pause();
  }
  return {
    proc,
    client,
    holds,
    async held(count, timeoutMs = 60_000) {
      const until = Date.now() + timeoutMs;
      while (holds.length < count) {
        if (proc.exitCode !== null) throw new Error(`the runtime exited: ${stderr}`);
        if (Date.now() > until)
          throw new Error(`only ${holds.length} of ${count} holds: ${holds.join(', ')}`);
        await pause();
      }
      return holds;
    },
    async stop(signal) {
      if (proc.exitCode === null) proc.kill(signal);
      return exited;
    },
  };
}
