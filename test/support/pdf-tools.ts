/**
 * The command-line tools an auditor would check a PDF with, as the tests use them: poppler's `pdfsig` (with an NSS
 * database made by `certutil`), `pdffonts` and `pdftotext`, and `qpdf` (`--check`, and `--json` to read the
 * objects for the PDF/A markers; there is no veraPDF here).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const has = (tool: string) => spawnSync('which', [tool]).status === 0;

/** poppler-utils, qpdf and libnss3-tools are installed (CI installs them; without them outside CI, tests skip). */
export const PDF_TOOLS = ['pdfsig', 'pdffonts', 'pdftotext', 'qpdf', 'certutil'].every(has);

/**
 * What pdfsig says of a file. It exits 0 even for a digest mismatch, so callers read the text; it also says "Total
 * document signed" only when the byte range covers the whole file.
 */
export function pdfsig(file: string, nssDir?: string): string {
  const args = nssDir ? ['-nssdir', `sql:${nssDir}`, file] : [file];
  const out = spawnSync('pdfsig', args, { encoding: 'utf8' });
  return `${out.stdout}${out.stderr}`;
}

/**
 * An NSS database trusting `caPem` for signing: trust flags ",C," (the e-mail column), which is what pdfsig checks
 * a signer against; "C,," would trust it for TLS only and pdfsig would call the issuer untrusted.
 */
export function nssDatabase(dir: string, caPem: string): string {
  mkdirSync(dir, { recursive: true });
  const ca = join(dir, 'ca.pem');
  writeFileSync(ca, caPem);
  execFileSync('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password']);
  execFileSync('certutil', ['-A', '-n', 'test-ca', '-t', ',C,', '-i', ca, '-d', `sql:${dir}`]);
  return dir;
}

/** `qpdf --check`: its exit code (0 clean, 2 errors, 3 warnings) and what it said. */
export function qpdfCheck(file: string): { status: number; output: string } {
  const out = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
  return { status: out.status ?? -1, output: `${out.stdout}${out.stderr}` };
}

export function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).normalize('NFC');
}

/** Each font of the file as pdffonts lists it. */
export function pdfFonts(
  file: string,
): { name: string; type: string; embedded: boolean; unicode: boolean }[] {
  const lines = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  return lines.map((line) => {
    const cols = line.trim().split(/\s+/);
    // … emb sub uni object ID: the last five columns
    const [emb, , uni] = cols.slice(-5);
    return {
      name: cols[0] ?? '',
      type: line.slice(37, 55).trim(),
      embedded: emb === 'yes',
      unicode: uni === 'yes',
    };
  });
}

type QpdfValue = Record<string, unknown>;

/** The file's objects as qpdf's JSON (v2) gives them, with stream data inline and decoded. */
function qpdfObjects(
  file: string,
): Record<string, { value?: QpdfValue; stream?: { dict: QpdfValue; data?: string } }> {
  const out = spawnSync(
    'qpdf',
    ['--json=2', '--json-key=qpdf', '--decode-level=generalized', '--json-stream-data=inline', file],
    { encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  if (out.status !== 0 && out.status !== 3) throw new Error(out.stderr);
  const json = JSON.parse(out.stdout) as { qpdf: [unknown, Record<string, never>] };
  return json.qpdf[1];
}

export interface PdfAMarkers {
  xmp: string;
  /** each PDF/A-2b marker the file lacks */
  missing: string[];
}

/**
 * The PDF/A-2b markers a conforming file carries, checked from its objects: XMP pdfaid part 2 conformance B, in an
 * unfiltered metadata stream, with the document's own properties and their extension schema; an sRGB output intent
 * (GTS_PDFA1, an ICC profile with 3 components); a trailer /ID and no encryption; every font embedded; every
 * annotation printable with an appearance stream.
 */
export function pdfAMarkers(file: string): PdfAMarkers {
  const objects = qpdfObjects(file);
  const get = (ref: unknown) => {
    const o = objects[`obj:${String(ref)}`];
    return (o?.value ?? o?.stream) as QpdfValue | undefined;
  };
  const trailer = objects.trailer?.value ?? {};
  const root = get(trailer['/Root']) ?? {};
  const missing: string[] = [];
  const expect = (ok: boolean, what: string) => {
    if (!ok) missing.push(what);
  };
  expect(Array.isArray(trailer['/ID']) && (trailer['/ID'] as unknown[]).length === 2, 'trailer /ID');
  expect(!trailer['/Encrypt'], 'no /Encrypt');
  const metadata = get(root['/Metadata']) as { dict?: QpdfValue; data?: string } | undefined;
  expect(Boolean(metadata && !metadata.dict?.['/Filter']), 'an unfiltered XMP metadata stream');
  const xmp = metadata?.data ? Buffer.from(metadata.data, 'base64').toString('utf8') : '';
  expect(/<pdfaid:part>2<\/pdfaid:part>/.test(xmp), 'pdfaid:part 2');
  expect(/<pdfaid:conformance>B<\/pdfaid:conformance>/.test(xmp), 'pdfaid:conformance B');
  for (const field of ['number', 'issuedOn', 'issuingAgency'])
    expect(new RegExp(`<evdoc:${field}>[^<]+</evdoc:${field}>`).test(xmp), `evdoc:${field}`);
  expect(/<dc:title>/.test(xmp), 'dc:title');
  expect(/pdfaExtension:schemas/.test(xmp), 'the extension schema of the document properties');
  const intents = ((root['/OutputIntents'] ?? []) as unknown[]).map(get);
  expect(
    intents.some((i) => {
      const profile = get(i?.['/DestOutputProfile']) as { dict?: QpdfValue } | undefined;
      return i?.['/S'] === '/GTS_PDFA1' && profile?.dict?.['/N'] === 3;
    }),
    'an output intent GTS_PDFA1 with an RGB ICC profile',
  );
  const fonts = pdfFonts(file);
  expect(fonts.length > 0 && fonts.every((f) => f.embedded), 'every font embedded');
  for (const [id, o] of Object.entries(objects)) {
    const d = o?.value;
    if (d?.['/Type'] !== '/Annot') continue;
    const flags = Number(d['/F'] ?? 0);
    expect((flags & 4) === 4 && (flags & 0b100011) === 0, `${id}: printable, not hidden`);
    expect(Boolean((d['/AP'] as QpdfValue | undefined)?.['/N']), `${id}: an appearance stream`);
  }
  return { xmp, missing };
}
