/**
 * The documents measured: the seed visit's agenda and minutes, and the 50-member edge case (the agenda fixture,
 * and minutes of the same visit with all 50 members attending).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedAgency } from '#domain/directory/seed.ts';
import type { VisitRequest } from '#domain/visit.ts';
import { SEED_DATE, visit2024Minutes, visit2024Request } from '#infra/local/seed-visit.ts';

const seedRequest = (start = SEED_DATE) => visit2024Request(start);
const seedMinutes = (date = SEED_DATE) => visit2024Minutes(date);

import type { AgendaDocInput } from '#templates/agenda.ts';
import type { MinutesDocInput } from '#templates/minutes.ts';
import { ROOT } from './paths.ts';

export type DocKind = 'agenda' | 'minutes';
export type DocCase = 'seed' | 'edge';
export const DOCUMENTS: readonly { kind: DocKind; case: DocCase }[] = [
  { kind: 'agenda', case: 'seed' },
  { kind: 'minutes', case: 'seed' },
  { kind: 'agenda', case: 'edge' },
  { kind: 'minutes', case: 'edge' },
];

const agency = (id: string) => {
  const a = seedAgency(id);
  if (!a) throw new Error(`no agency ${id}`);
  return a;
};

function edgeRequest(): { request: VisitRequest; number: number; issuedOn: string } {
  const f = JSON.parse(readFileSync(join(ROOT, 'templates/fixtures/edge-agenda.json'), 'utf8')) as {
    request: VisitRequest;
    number: number;
    issuedOn: string;
  };
  return f;
}

export function agendaInput(c: DocCase): AgendaDocInput {
  const host = agency('btgtu-quang-nam');
  const visiting = agency('btgtu-thanh-hoa');
  if (c === 'seed')
    return { request: seedRequest(), host, visiting, number: 5, issuedOn: '2026-08-20', version: 1 };
  const f = edgeRequest();
  return { request: f.request, host, visiting, number: f.number, issuedOn: f.issuedOn, version: 3 };
}

export function minutesInput(c: DocCase): MinutesDocInput {
  const host = agency('btgtu-quang-nam');
  const visiting = agency('btgtu-thanh-hoa');
  if (c === 'seed')
    return { request: seedRequest(), minutes: seedMinutes(), host, visiting, number: 5, version: 1 };
  const { request } = edgeRequest();
  const minutes = seedMinutes(request.startDate);
  const hosts = minutes.attendees.filter((a) => a.side === 'host');
  minutes.attendees = [
    ...hosts,
    ...request.members.map((m) => ({ name: m.name, position: m.position, side: 'visiting' as const })),
  ];
  return { request, minutes, host, visiting, number: 7, version: 2 };
}
