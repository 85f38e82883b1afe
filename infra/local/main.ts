/**
 * `npm start`: runs the whole application on this machine (infra/local/runtime.ts). `PORT` overrides 3000,
 * `DATA_DIR` overrides `.data`. Ctrl-C (or SIGTERM) stops it cleanly; the next start keeps the data. `LOCAL_HOLD`
 * holds executions at named points for the kill tests (infra/local/stepfunctions/holds.ts).
 */
import '#infra/local/polyfills.ts';
import { resolve } from 'node:path';
import { startLocalRuntime } from '#infra/local/runtime.ts';

function portFromEnv(): number {
  const raw = process.env.PORT ?? '3000';
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`PORT must be a port number (0-65535), not "${raw}"`);
    process.exit(2);
  }
  return port;
}

async function main(): Promise<void> {
  const port = portFromEnv();
  const dataDir = resolve(process.env.DATA_DIR ?? '.data');
  const started = Date.now();
  let runtime: Awaited<ReturnType<typeof startLocalRuntime>>;
  try {
    runtime = await startLocalRuntime({ dataDir, port, holds: process.env.LOCAL_HOLD });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(`Port ${port} is in use. Stop what uses it, or start on another: PORT=3001 npm start`);
    } else {
      console.error('The local runtime failed to start:', err);
    }
    process.exit(1);
  }

  const width = Math.max(...runtime.users.map((u) => u.email.length));
  const lines = [
    '',
    `Exchange Visits is running at ${runtime.url}  (started in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    `  mail viewer     ${runtime.mailViewerUrl}   (also GET ${runtime.url}/local/outbox)`,
    `  data directory  ${runtime.dataDir}   (kept between starts; delete it to start afresh)`,
    `  sign in         ${runtime.url}/auth/sign-in, or POST ${runtime.url}/local/sign-in {"email": "..."}`,
    '',
    '  users (the directory; an admin adds more at /directory):',
    ...runtime.users.map(
      (u) => `    ${u.email.padEnd(width)}  ${u.name}  [${u.roles.join(', ')}]  ${u.agencyName}`,
    ),
    '  approvers sign in nowhere: they act through the links mailed to them.',
    '',
    'Press Ctrl-C to stop.',
    '',
  ];
  console.log(lines.join('\n'));

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.error(`${signal} again: exiting without waiting.`);
      process.exit(1);
    }
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    // a stop that hangs must not keep the process alive forever
    setTimeout(() => {
      console.error('Stopping took longer than 15 s; exiting.');
      process.exit(1);
    }, 15_000).unref();
    runtime.stop().then(
      () => {
        console.log('Stopped. The data is kept for the next start.');
        process.exit(0);
      },
      (err: unknown) => {
        console.error('Stopping failed:', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

await main();
