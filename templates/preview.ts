/**
 * `npm run preview -- FILE.json [FILE.json ...]`: builds each document described by a JSON file
 * (`{ "kind": "agenda"|"minutes"|"report", "request", "minutes"?, "number", "issuedOn"?, "version"?, "signer"? }`;
 * a report gives `minutesNumber`, `minutesDate` and its `items` instead of the minutes), writes the DOCX to
 * preview-out/ and, where LibreOffice and Poppler are installed, the PDF and PNG pages. Prints the paths written.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { seedAgency } from '#domain/directory/seed.ts';
import type { ActionItem } from '#domain/follow-up/items.ts';
import type { ReportInput } from '#domain/follow-up/report.ts';
import type { MinutesRecord, VisitRequest } from '#domain/visit.ts';
import { buildAgenda } from './agenda.ts';
import { buildMinutes } from './minutes.ts';
import { buildReport } from './report.ts';

export interface PreviewInput {
  kind: 'agenda' | 'minutes' | 'report';
  request: VisitRequest;
  minutes?: MinutesRecord;
  number: number;
  issuedOn?: string;
  version?: number;
  signer?: { name: string; position: string; authority?: string };
  /** a report: the minutes it follows up, and its items as they stand */
  minutesNumber?: string;
  minutesDate?: string;
  items?: (Pick<ActionItem, 'task' | 'owner' | 'due' | 'status'> & Partial<ActionItem>)[];
}

/** A report's input from its description: each item completed as the store keeps one. */
export function reportInputOf(input: PreviewInput): ReportInput {
  const issuedOn = input.issuedOn ?? input.request.startDate;
  // the fixtures name their agencies by id, as the seed has them: each one's latest version
  const host = seedAgency(input.request.hostAgencyId);
  const visiting = seedAgency(input.request.visitingAgencyId);
  return {
    request: input.request,
    host,
    visiting,
    minutes: { number: input.minutesNumber ?? '', date: input.minutesDate ?? input.request.startDate },
    items: (input.items ?? []).map((i, n) => ({
      visitId: 'preview',
      id: `a${n + 1}`,
      hostAgencyId: host.id,
      visitingAgencyId: visiting.id,
      visitTitle: input.request.title,
      language: input.request.language,
      reminders: 0,
      version: 1,
      createdAt: `${input.minutesDate ?? input.request.startDate}T12:00:00+07:00`,
      updatedAt: `${issuedOn}T08:00:00+07:00`,
      ...i,
    })),
    number: input.number,
    issuedOn,
    version: input.version ?? 1,
  };
}

export async function buildPreview(input: PreviewInput): Promise<Uint8Array> {
  // the seed agencies as they were on the document's date (their latest version when it has none)
  const host = seedAgency(input.request.hostAgencyId, input.issuedOn);
  const visiting = seedAgency(input.request.visitingAgencyId, input.issuedOn);
  const version = input.version ?? 1;
  if (input.kind === 'report') return buildReport(reportInputOf(input));
  if (input.kind === 'minutes') {
    if (!input.minutes) throw new Error('A minutes preview needs "minutes"');
    return buildMinutes({
      request: input.request,
      minutes: input.minutes,
      host,
      visiting,
      number: input.number,
      version,
    });
  }
  return buildAgenda({
    request: input.request,
    host,
    visiting,
    number: input.number,
    issuedOn: input.issuedOn ?? input.request.startDate,
    version,
    ...(input.signer ? { signer: input.signer } : {}),
  });
}

/** The LibreOffice command on this machine, if any. */
export function findOffice(): string | undefined {
  for (const cmd of ['soffice', 'libreoffice']) {
    if (spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0) return cmd;
  }
  return undefined;
}

/** Converts DOCX files to PDF in one LibreOffice run with a private profile; returns the PDF paths. */
export function convertToPdf(office: string, docxPaths: string[], outDir: string): string[] {
  const profile = mkdtempSync(join(tmpdir(), 'lo-'));
  try {
    execFileSync(
      office,
      [
        `-env:UserInstallation=${pathToFileURL(profile).href}`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        outDir,
        ...docxPaths,
      ],
      { stdio: 'ignore', timeout: 180_000 },
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  return docxPaths.map((p) => join(outDir, `${basename(p, '.docx')}.pdf`));
}

async function main(files: string[]): Promise<void> {
  if (files.length === 0) {
    console.error('usage: npm run preview -- FILE.json [FILE.json ...]');
    process.exitCode = 2;
    return;
  }
  const outDir = resolve('preview-out');
  mkdirSync(outDir, { recursive: true });
  const docs: string[] = [];
  for (const file of files) {
    const input = JSON.parse(readFileSync(file, 'utf8')) as PreviewInput;
    const bytes = await buildPreview(input);
    const path = join(outDir, `${basename(file, '.json')}.docx`);
    writeFileSync(path, bytes);
    docs.push(path);
    console.log(path);
  }
  const office = findOffice();
  if (!office) {
    console.log('LibreOffice not found: no PDF or PNG written');
    return;
  }
  const pdfs = convertToPdf(office, docs, outDir);
  for (const pdf of pdfs) {
    console.log(pdf);
    const prefix = pdf.replace(/\.pdf$/, '');
    if (spawnSync('pdftoppm', ['-v'], { stdio: 'ignore' }).status !== 0) continue;
    for (const old of readdirSync(outDir)) {
      if (old.startsWith(`${basename(prefix)}-`) && old.endsWith('.png')) rmSync(join(outDir, old));
    }
    execFileSync('pdftoppm', ['-png', '-r', '80', pdf, prefix]);
    for (const png of readdirSync(outDir).sort()) {
      if (png.startsWith(`${basename(prefix)}-`) && png.endsWith('.png')) console.log(join(outDir, png));
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await main(process.argv.slice(2));
}
