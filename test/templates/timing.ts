/**
 * Build times of the seed documents: `npx tsx test/templates/timing.ts` prints the time of the first build in this
 * process (module load included) and the warm p50/p95 over repeated builds. Run it in a fresh process for cold.
 */
import { performance } from 'node:perf_hooks';

const t0 = performance.now();
const { buildAgenda } = await import('#templates/agenda.ts');
const { buildMinutes } = await import('#templates/minutes.ts');
const { seedAgency } = await import('#domain/directory/seed.ts');
const { visit2024Minutes: seedMinutes, visit2024Request: seedRequest } = await import(
  '#infra/local/seed-visit.ts'
);
const tImport = performance.now();

const host = seedAgency('btgtu-quang-nam')!;
const visiting = seedAgency('btgtu-thanh-hoa')!;
const request = seedRequest();
const agenda = () => buildAgenda({ request, host, visiting, number: 5, issuedOn: '2026-08-20', version: 1 });
const minutes = () =>
  buildMinutes({ request, minutes: seedMinutes(), host, visiting, number: 5, version: 1 });

const which = process.argv[2] === 'minutes' ? minutes : agenda;
await which();
const tFirst = performance.now();

const runs = Number(process.argv[3] ?? 300);
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)] ?? 0;
const report = async (name: string, build: () => Promise<Uint8Array>) => {
  for (let i = 0; i < 30; i++) await build();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await build();
    times.push(performance.now() - s);
  }
  console.log(
    `${name}: warm p50 ${percentile(times, 0.5).toFixed(2)} ms, p95 ${percentile(times, 0.95).toFixed(2)} ms`,
  );
};
console.log(
  `cold (${process.argv[2] ?? 'agenda'}): import ${(tImport - t0).toFixed(1)} ms, first build ${(tFirst - tImport).toFixed(1)} ms, total ${(tFirst - t0).toFixed(1)} ms`,
);
await report('agenda', agenda);
await report('minutes', minutes);
