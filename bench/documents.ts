/**
 * Part 1: building the documents. Warm: p50/p95 over repeated builds in this process, interleaved in rounds with
 * the same document filled by docxtemplater (an equivalent template made from our own output) and with the floor
 * (the same document's parts, prebuilt, only zipped). Cold: a fresh `node` process per sample running the builders
 * bundled as a document function is bundled, import included.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import Docxtemplater from 'docxtemplater';
import PizZip from 'pizzip';
import { deflateEntry, entryText, readZip, writeZip } from '#templates/doc-zip.ts';
import { bundle } from './support/bundle.ts';
import { agendaInput, DOCUMENTS, type DocCase, type DocKind, minutesInput } from './support/doc-inputs.ts';
import { bodyText, makeTemplate, stringsIn } from './support/docx-template.ts';
import { median, round, type Summary, summarize } from './support/stats.ts';

export interface DocumentRow {
  kind: DocKind;
  case: DocCase;
  bytes: number;
  ours: Summary;
  docxtemplater: Summary & { bytes: number; tags: number; sameText: boolean };
  floorPizzip: Summary & { bytes: number };
  floorZlib: Summary & { bytes: number };
  cold: { samples: number; loadedMs: number; firstBuildMs: number; totalMs: number };
  /** docxtemplater p50 / ours p50 */
  speedupVsDocxtemplater: number;
  /** ours p50 / pizzip floor p50 */
  vsFloor: number;
  ok: { p50: boolean; docxtemplater: boolean; floor: boolean };
}

export interface DocumentsResult {
  builds: number;
  coldSamples: number;
  deflateLevel: number;
  rows: DocumentRow[];
}

/** The deflate level our packages use, found by matching the compressed size of their body. */
function deflateLevelOf(docx: Uint8Array): number {
  const body = readZip(docx).find((e) => e.name === 'word/document.xml');
  if (body?.method !== 8) return 6;
  const raw = Buffer.from(entryText(body), 'utf8');
  for (let level = 1; level <= 9; level++)
    if (deflateRawSync(raw, { level }).length === body.data.length) return level;
  return 6;
}

type Build = () => Promise<Uint8Array> | Uint8Array;

async function interleaved(builds: Record<string, Build>, runs: number, warmup: number) {
  const names = Object.keys(builds);
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const n of names) for (let i = 0; i < warmup; i++) await builds[n]!();
  const round = Math.max(1, Math.min(20, runs));
  for (let done = 0; done < runs; done += round) {
    for (const n of names) {
      for (let i = 0; i < Math.min(round, runs - done); i++) {
        const started = performance.now();
        await builds[n]!();
        times[n]!.push(performance.now() - started);
      }
    }
  }
  return times;
}

export async function benchDocuments(opts: {
  dir: string;
  builds: number;
  coldSamples: number;
}): Promise<DocumentsResult> {
  const { buildAgenda } = await import('#templates/agenda.ts');
  const { buildMinutes } = await import('#templates/minutes.ts');

  const coldBundle = (await bundle(['bench/doc-cold.ts'], opts.dir))[0]!;
  let deflateLevel = 6;
  const rows: DocumentRow[] = [];
  for (const doc of DOCUMENTS) {
    const input = doc.kind === 'agenda' ? agendaInput(doc.case) : minutesInput(doc.case);
    const ours: Build =
      doc.kind === 'agenda'
        ? () => buildAgenda(input as Parameters<typeof buildAgenda>[0])
        : () => buildMinutes(input as Parameters<typeof buildMinutes>[0]);
    const reference = await ours();
    deflateLevel = deflateLevelOf(reference);

    // docxtemplater, on an equivalent template
    const { template, data, tags } = makeTemplate(reference, stringsIn(input));
    const compression = {
      compression: 'DEFLATE' as const,
      compressionOptions: { level: deflateLevel as 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 },
    };
    const docxtemplater: Build = () => {
      const filled = new Docxtemplater(new PizZip(template), { paragraphLoop: true, linebreaks: true });
      filled.render(data);
      return filled.getZip().generate({ type: 'uint8array', ...compression });
    };
    const dtOut = await docxtemplater();

    // the floor: the same parts, already written, only zipped
    const parts = readZip(reference).map((e) => ({ name: e.name, text: entryText(e) }));
    const floorPizzip: Build = () => {
      const zip = new PizZip();
      for (const p of parts) zip.file(p.name, p.text);
      return zip.generate({ type: 'uint8array', ...compression });
    };
    const floorZlib: Build = () => writeZip(parts.map((p) => deflateEntry(p.name, p.text)));
    const sizes = { dt: dtOut.length, fp: (await floorPizzip()).length, fz: (await floorZlib()).length };

    const times = await interleaved(
      { ours, docxtemplater, floorPizzip, floorZlib },
      opts.builds,
      Math.min(30, opts.builds),
    );

    // cold: fresh processes
    const inputFile = join(opts.dir, `${doc.kind}-${doc.case}.json`);
    writeFileSync(inputFile, JSON.stringify(input));
    const cold: { loadedMs: number; firstBuildMs: number; totalMs: number }[] = [];
    for (let i = 0; i < opts.coldSamples; i++) {
      const r = spawnSync(process.execPath, [coldBundle.file, doc.kind, inputFile], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`cold ${doc.kind} ${doc.case} failed: ${r.stderr.slice(0, 2000)}`);
      cold.push(JSON.parse(r.stdout) as (typeof cold)[number]);
    }

    const o = summarize(times.ours!);
    const d = summarize(times.docxtemplater!);
    const f = summarize(times.floorPizzip!);
    const speedup = d.p50 / o.p50;
    const vsFloor = o.p50 / f.p50;
    rows.push({
      kind: doc.kind,
      case: doc.case,
      bytes: reference.length,
      ours: o,
      docxtemplater: { ...d, bytes: sizes.dt, tags, sameText: bodyText(dtOut) === bodyText(reference) },
      floorPizzip: { ...f, bytes: sizes.fp },
      floorZlib: { ...summarize(times.floorZlib!), bytes: sizes.fz },
      cold: {
        samples: cold.length,
        loadedMs: round(median(cold.map((c) => c.loadedMs)), 1),
        firstBuildMs: round(median(cold.map((c) => c.firstBuildMs)), 1),
        totalMs: round(median(cold.map((c) => c.totalMs)), 1),
      },
      speedupVsDocxtemplater: round(speedup, 2),
      vsFloor: round(vsFloor, 2),
      ok: { p50: o.p50 <= 5, docxtemplater: speedup >= 1.7, floor: vsFloor <= 2 },
    });
  }
  return { builds: opts.builds, coldSamples: opts.coldSamples, deflateLevel, rows };
}
