import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import mammoth from 'mammoth';
import PizZip from 'pizzip';
import { findAgency } from '#domain/agencies.ts';
import type { MinutesRecord, VisitRequest } from '#domain/visit.ts';
import { seedMinutes, seedRequest } from '#infra/local/seed-visit.ts';
import type { AgendaDocInput } from '#templates/agenda.ts';
import type { MinutesDocInput } from '#templates/minutes.ts';

/** The seed visit's agencies: both Party bodies. */
export const host = findAgency('btgtu-quang-nam')!;
export const visiting = findAgency('btgtu-thanh-hoa')!;

export function seedAgendaInput(overrides: Partial<AgendaDocInput> = {}): AgendaDocInput {
  return {
    request: seedRequest(),
    host,
    visiting,
    number: 5,
    issuedOn: '2026-08-20',
    version: 1,
    ...overrides,
  };
}

export function seedMinutesInput(overrides: Partial<MinutesDocInput> = {}): MinutesDocInput {
  return {
    request: seedRequest(),
    minutes: seedMinutes(),
    host,
    visiting,
    number: 5,
    version: 1,
    ...overrides,
  };
}

export interface Fixture {
  kind: 'agenda' | 'minutes';
  request: VisitRequest;
  minutes?: MinutesRecord;
  number: number;
  issuedOn: string;
}

export function fixture(name: string): Fixture {
  return JSON.parse(
    readFileSync(new URL(`../../templates/fixtures/${name}.json`, import.meta.url), 'utf8'),
  ) as Fixture;
}

const agencyOf = (id: string) => {
  const a = findAgency(id);
  if (!a) throw new Error(`no agency ${id}`);
  return a;
};

/** The input of a fixture's programme. */
export function fixtureAgendaInput(name: string, overrides: Partial<AgendaDocInput> = {}): AgendaDocInput {
  const f = fixture(name);
  return {
    request: f.request,
    host: agencyOf(f.request.hostAgencyId),
    visiting: agencyOf(f.request.visitingAgencyId),
    number: f.number,
    issuedOn: f.issuedOn,
    version: 1,
    ...overrides,
  };
}

/** The input of a fixture's minutes. */
export function fixtureMinutesInput(name: string, overrides: Partial<MinutesDocInput> = {}): MinutesDocInput {
  const f = fixture(name);
  if (!f.minutes) throw new Error(`${name} has no minutes`);
  return {
    request: f.request,
    minutes: f.minutes,
    host: agencyOf(f.request.hostAgencyId),
    visiting: agencyOf(f.request.visitingAgencyId),
    number: f.number,
    version: 1,
    ...overrides,
  };
}

export function edgeAgendaInput(): AgendaDocInput {
  return fixtureAgendaInput('edge-agenda', { version: 3 });
}

/** Minutes of the edge visit with all 50 of its members attending. */
export function edgeMinutesInput(): MinutesDocInput {
  const { request } = fixture('edge-agenda');
  const minutes = seedMinutes(request.startDate);
  minutes.attendees = [
    ...minutes.attendees.filter((a) => a.side === 'host'),
    ...request.members.map((m) => ({ name: m.name, position: m.position, side: 'visiting' as const })),
  ];
  return { request, minutes, host, visiting, number: 7, version: 2 };
}

/** A part of the package, read with an independent ZIP reader. */
export function part(docx: Uint8Array, path: string): string {
  const file = new PizZip(docx).file(path);
  if (!file) throw new Error(`no ${path} in the package`);
  return file.asText();
}

export function partNames(docx: Uint8Array): string[] {
  return Object.keys(new PizZip(docx).files);
}

export async function rawText(docx: Uint8Array): Promise<string> {
  const { value } = await mammoth.extractRawText({ buffer: Buffer.from(docx) });
  return value;
}

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Every paragraph of document.xml. */
export const paragraphs = (documentXml: string): string[] =>
  documentXml.match(/<w:p>.*?<\/w:p>|<w:p [^>]*>.*?<\/w:p>/g) ?? [];

/** The paragraphs of document.xml whose text contains `text`. */
export function paragraphsWith(documentXml: string, text: string): string[] {
  return paragraphs(documentXml).filter((p) => textOf(p).includes(text));
}

/** The one paragraph whose whole text is `text`. */
export function paragraphOf(documentXml: string, text: string): string {
  const found = paragraphs(documentXml).filter((p) => textOf(p) === text);
  if (found.length !== 1) throw new Error(`${found.length} paragraphs read "${text}"`);
  return found[0] as string;
}

export const textOf = (xml: string): string =>
  [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
    .map((m) => m[1] ?? '')
    .join('')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
