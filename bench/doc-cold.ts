/**
 * One cold sample, bundled like a document function and run in a fresh `node` process: reads the builder's input
 * (JSON, as an event would bring it), loads the builders, builds once, and prints as JSON the time from the
 * process's start to the builders loaded (`loadedMs`), the first build alone (`firstBuildMs`) and the total.
 * Usage: node <bundle> agenda|minutes <input.json>
 */
import { readFileSync } from 'node:fs';

const kind = process.argv[2] === 'minutes' ? 'minutes' : 'agenda';
const input: unknown = JSON.parse(readFileSync(process.argv[3] ?? '', 'utf8'));
const { buildAgenda } = await import('#templates/agenda.ts');
const { buildMinutes } = await import('#templates/minutes.ts');
const loadedMs = performance.now();
const bytes =
  kind === 'agenda'
    ? await buildAgenda(input as Parameters<typeof buildAgenda>[0])
    : await buildMinutes(input as Parameters<typeof buildMinutes>[0]);
const done = performance.now();
process.stdout.write(
  `${JSON.stringify({ loadedMs, firstBuildMs: done - loadedMs, totalMs: done, bytes: bytes.length })}\n`,
);
