import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import mammoth from 'mammoth';
import PizZip from 'pizzip';
import { seedAgency } from '#domain/directory/seed.ts';
import type { MinutesRecord, VisitRequest } from '#domain/visit.ts';
import type { AgendaDocInput } from '#templates/agenda.ts';
import type { MinutesDocInput } from '#templates/minutes.ts';
import { seedMinutes, seedRequest } from '../support/seed-2024.ts';

export const host = seedAgency('btgtu-quang-nam')!;
export const visiting = seedAgency('btgtu-thanh-hoa')!;

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

interface Fixture {
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

export function edgeAgendaInput(): AgendaDocInput {
  const f = fixture('edge-agenda');
  return { request: f.request, host, visiting, number: f.number, issuedOn: f.issuedOn, version: 3 };
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

/** The paragraphs of document.xml whose text contains `text`. */
export function paragraphsWith(documentXml: string, text: string): string[] {
  return (documentXml.match(/<w:p>.*?<\/w:p>|<w:p [^>]*>.*?<\/w:p>/g) ?? []).filter((p) =>
    textOf(p).includes(text),
  );
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
