/**
 * Part 6: the signed PDF copies. Warm, in this process: drawing the PDF/A from the model, signing it (the CMS and
 * its byte range, with the local test signer's key) and verifying it, p50/p95 of each. Cold: a fresh `node` process
 * per sample running the renderer and the signer bundled as Decide is, with the fonts and the ICC profile beside the
 * bundle as the stack puts them, import and font parsing included.
 */
import { spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { signPdf } from '#adapters/pades.ts';
import { pdfSignatureVerifier } from '#adapters/pades-verify.ts';
import { testSigner, testSignerRoot } from '#adapters/test-signer.ts';
import type { IssuedDocument } from '#domain/steps/issuing.ts';
import { putPdfRuntimeFiles } from '#infra/bundling.ts';
import { writeTestSigner } from '#infra/local/test-ca.ts';
import { FONT_FILES } from '#templates/pdf/fonts.ts';
import { renderIssuedPdf } from '#templates/pdf/issued.ts';
import { bundle } from './support/bundle.ts';
import { agendaInput, DOCUMENTS, type DocCase, type DocKind, minutesInput } from './support/doc-inputs.ts';
import { median, round, type Summary, summarize } from './support/stats.ts';

export interface PdfRow {
  kind: DocKind;
  case: DocCase;
  pages: number;
  bytes: number;
  render: Summary;
  sign: Summary;
  verify: Summary;
  cold: { samples: number; loadedMs: number; firstMs: number; totalMs: number };
}

export interface PdfResult {
  runs: number;
  coldSamples: number;
  /** the cold entry's bundle, and the files beside it (fonts, their licence, the ICC profile) */
  bundleKb: number;
  assetsKb: number;
  rows: PdfRow[];
}

async function timed(run: () => Promise<unknown>, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times;
}

export async function benchPdf(opts: { dir: string; runs: number; coldSamples: number }): Promise<PdfResult> {
  const signerDir = join(opts.dir, 'test-signer');
  await writeTestSigner(signerDir);
  const signer = testSigner(signerDir);
  const verify = pdfSignatureVerifier(async () => ({ licensed: [], selfIssued: testSignerRoot(signerDir) }));

  // bundled by the house bundler, with the files beside it that it puts beside Decide's bundle
  const [cold] = await bundle(['bench/pdf-cold.ts'], join(opts.dir, 'pdf-cold'));
  if (!cold) throw new Error('no bundle of bench/pdf-cold.ts');
  const coldDir = dirname(cold.file);
  putPdfRuntimeFiles(coldDir);
  const beside = [...Object.values(FONT_FILES), 'OFL.txt'].map((f) => join(coldDir, 'fonts', f));
  const assets = [...beside, join(coldDir, 'data', 'sRGB_IEC61966_2_1.icc')].reduce(
    (sum, file) => sum + statSync(file).size,
    0,
  );

  const rows: PdfRow[] = [];
  for (const doc of DOCUMENTS) {
    const input = doc.kind === 'agenda' ? agendaInput(doc.case) : minutesInput(doc.case);
    const document = { kind: doc.kind, input } as IssuedDocument;
    const stamp = () => ({ signedAt: new Date(), licensed: false });
    const drawn = await renderIssuedPdf(document, stamp());
    const signed = await signPdf(drawn, signer);
    const warmup = Math.min(3, opts.runs);
    await timed(() => renderIssuedPdf(document, stamp()), warmup);
    const render = await timed(() => renderIssuedPdf(document, stamp()), opts.runs);
    const sign = await timed(() => signPdf(drawn, signer), opts.runs);
    const check = await timed(() => verify(signed), opts.runs);

    const inputFile = join(opts.dir, `pdf-${doc.kind}-${doc.case}.json`);
    writeFileSync(inputFile, JSON.stringify(input));
    const samples: { loadedMs: number; firstMs: number; totalMs: number }[] = [];
    for (let i = 0; i < opts.coldSamples; i++) {
      const r = spawnSync(process.execPath, [cold.file, doc.kind, inputFile, signerDir], {
        encoding: 'utf8',
      });
      if (r.status !== 0)
        throw new Error(`cold PDF ${doc.kind} ${doc.case} failed: ${r.stderr.slice(0, 2000)}`);
      samples.push(JSON.parse(r.stdout) as (typeof samples)[number]);
    }
    rows.push({
      kind: doc.kind,
      case: doc.case,
      pages: (
        Buffer.from(signed)
          .toString('latin1')
          .match(/\/Type \/Page\b/g) ?? []
      ).length,
      bytes: signed.length,
      render: summarize(render),
      sign: summarize(sign),
      verify: summarize(check),
      cold: {
        samples: samples.length,
        loadedMs: round(median(samples.map((s) => s.loadedMs)), 1),
        firstMs: round(median(samples.map((s) => s.firstMs)), 1),
        totalMs: round(median(samples.map((s) => s.totalMs)), 1),
      },
    });
  }
  return {
    runs: opts.runs,
    coldSamples: opts.coldSamples,
    bundleKb: round(cold.bytes / 1024, 1),
    assetsKb: round(assets / 1024, 1),
    rows,
  };
}
