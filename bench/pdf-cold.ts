/**
 * One cold sample of issuing a signed PDF, bundled as Decide is (fonts and ICC profile beside the bundle) and run
 * in a fresh `node` process: reads the document's input (JSON), loads the renderer and the signer, draws and signs
 * once, and prints as JSON the time from the process's start to the modules loaded (`loadedMs`), the first signed
 * PDF alone (`firstMs`, fonts parsed on the way) and the total.
 * Usage: node <bundle> agenda|minutes <input.json> <test signer dir>
 */
import { readFileSync } from 'node:fs';

const kind = process.argv[2] === 'minutes' ? 'minutes' : 'agenda';
const input: unknown = JSON.parse(readFileSync(process.argv[3] ?? '', 'utf8'));
const { renderIssuedPdf } = await import('#templates/pdf/issued.ts');
const { signPdf } = await import('#adapters/pades.ts');
const { testSigner } = await import('#adapters/test-signer.ts');
const signer = testSigner(process.argv[4] ?? '');
const loadedMs = performance.now();
const document = { kind, input } as Parameters<typeof renderIssuedPdf>[0];
const stamp = { signedAt: new Date(), licensed: false };
const pdf = await signPdf(await renderIssuedPdf(document, stamp), signer);
const done = performance.now();
process.stdout.write(
  `${JSON.stringify({ loadedMs, firstMs: done - loadedMs, totalMs: done, bytes: pdf.length })}\n`,
);
