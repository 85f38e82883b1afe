/**
 * The PDF/A renderer on the template fixtures (both formats, both languages, the edge visit): the PDF says every
 * word the DOCX says, carries the PDF/A markers, numbers its pages as the model says, puts the stamp (or the
 * unsigned note) on the signature that issues the document, and, where LibreOffice renders the DOCX, breaks its
 * pages where the DOCX does.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { signPdf } from '#adapters/pades.ts';
import { testSigner } from '#adapters/test-signer.ts';
import { vietnamIso } from '#domain/clock.ts';
import type { IssuedDocument } from '#domain/steps/issuing.ts';
import { writeTestSigner } from '#infra/local/test-ca.ts';
import { buildAgenda } from '#templates/agenda.ts';
import { buildMinutes } from '#templates/minutes.ts';
import { renderIssuedPdf } from '#templates/pdf/issued.ts';
import { convertToPdf, findOffice } from '#templates/preview.ts';
import { useTempDir } from '../signing/fixtures.ts';
import { PDF_TOOLS, pdfAMarkers, pdfsig, pdfText } from '../support/pdf-tools.ts';
import {
  edgeAgendaInput,
  fixtureAgendaInput,
  fixtureMinutesInput,
  rawText,
  seedAgendaInput,
  seedMinutesInput,
} from '../templates/support.ts';

const temp = useTempDir('pdf-render');
const office = findOffice();
const SIGNED_AT = new Date(Math.floor(Date.now() / 1000) * 1000);

const DOCUMENTS: Record<string, IssuedDocument> = {
  'seed-agenda': { kind: 'agenda', input: seedAgendaInput() },
  'seed-minutes': { kind: 'minutes', input: seedMinutesInput() },
  'seed-agenda-en': { kind: 'agenda', input: fixtureAgendaInput('seed-agenda-en') },
  'state-agenda': { kind: 'agenda', input: fixtureAgendaInput('state-agenda') },
  'state-minutes': { kind: 'minutes', input: fixtureMinutesInput('state-minutes') },
  'state-minutes-en': { kind: 'minutes', input: fixtureMinutesInput('state-minutes-en') },
  'edge-agenda': { kind: 'agenda', input: edgeAgendaInput() },
};
const NAMES = Object.keys(DOCUMENTS);

const docxOf = (d: IssuedDocument) => (d.kind === 'agenda' ? buildAgenda(d.input) : buildMinutes(d.input));
/** pdftotext's pages: they are separated by form feeds */
const pagesOf = (text: string) => text.split('\f').slice(0, -1);
const lines = (page: string) =>
  page
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean);

const files: Record<string, { pdf: string; docx: string; docxText: string }> = {};
let signerDir: string;

beforeAll(async () => {
  signerDir = temp('signer');
  await writeTestSigner(signerDir);
  for (const name of NAMES) {
    const document = DOCUMENTS[name] as IssuedDocument;
    const pdf = await signPdf(
      await renderIssuedPdf(document, { signedAt: SIGNED_AT, licensed: false }),
      testSigner(signerDir),
    );
    const docx = await docxOf(document);
    files[name] = {
      pdf: temp(`${name}.pdf`, pdf),
      docx: temp(`${name}.docx`, docx),
      docxText: await rawText(docx),
    };
  }
}, 120_000);

describe.skipIf(!PDF_TOOLS && !process.env.CI)('the issued PDF of each fixture', () => {
  it.each(NAMES)('%s: says every word its DOCX says', (name) => {
    const { pdf, docxText } = files[name]!;
    const glued = pdfText(pdf).replace(/\s+/g, '');
    const words = docxText
      .normalize('NFC')
      .split(/\s+/)
      .filter((w) => w && w !== '\u00a0');
    expect(words.length).toBeGreaterThan(50);
    for (const word of words) expect(glued, word).toContain(word.replace(/\u00a0/g, ''));
  });

  it.each(NAMES)('%s: carries the PDF/A-2b markers and a valid signature over the whole file', (name) => {
    const { pdf } = files[name]!;
    expect(pdfAMarkers(pdf).missing).toEqual([]);
    const said = pdfsig(pdf);
    expect(said).toContain('Signature is Valid');
    expect(said).toContain('Total document signed');
  });

  it.each(NAMES)('%s: numbers its pages at the top from the second, restarting in the annex', (name) => {
    const tops = pagesOf(pdfText(files[name]!.pdf)).map((page) => lines(page)[0] ?? '');
    // the programme's annex (its members) starts a page of its own, unnumbered, and numbers its pages from 1
    const annex = tops.findIndex((top) => /^(Phụ lục|ANNEX)/.test(top));
    expect(annex >= 0).toBe(DOCUMENTS[name]?.kind === 'agenda');
    const sectionStart = (i: number) => (annex >= 0 && i >= annex ? annex : 0);
    tops.forEach((top, i) => {
      if (i === sectionStart(i)) expect(top, `page ${i + 1}`).not.toMatch(/^\d+$/);
      else expect(top, `page ${i + 1}`).toBe(String(i - sectionStart(i) + 1));
    });
  });

  it.each(NAMES)(
    "%s: shows the signature's stamp on the issuing signature, with the time in +07:00",
    (name) => {
      const text = pdfText(files[name]!.pdf).replace(/\s+/g, ' ');
      const english = name.endsWith('-en');
      expect(text).toContain(`${english ? 'Signed at' : 'Thời gian ký'}: ${vietnamIso(SIGNED_AT)}`);
      expect(text).toContain(english ? 'Test signature' : 'Chữ ký số thử nghiệm');
    },
  );

  it('an unsigned copy says so where the stamp would be', async () => {
    const file = temp('unsigned.pdf', await renderIssuedPdf({ kind: 'minutes', input: seedMinutesInput() }));
    expect(pdfText(file).replace(/\s+/g, ' ')).toContain('Bản PDF này không mang chữ ký số');
    expect(pdfsig(file)).toContain('does not contain any signatures');
  });
});

/** Converted with LibreOffice where it is installed (CI installs it). */
describe.skipIf((!office || !PDF_TOOLS) && !process.env.CI)(
  'beside the DOCX as LibreOffice renders it',
  () => {
    let rendered: Record<string, string>;
    beforeAll(() => {
      const outputs = convertToPdf(
        office ?? 'soffice',
        NAMES.map((n) => files[n]!.docx),
        temp('office'),
      );
      rendered = Object.fromEntries(NAMES.map((n, i) => [n, outputs[i] ?? '']));
    }, 180_000);

    it.each(NAMES)('%s: has as many pages, and each ends on the same line', (name) => {
      const mine = pagesOf(pdfText(files[name]!.pdf)).map(lines);
      const theirs = pagesOf(pdfText(rendered[name]!)).map(lines);
      expect(mine.length).toBe(theirs.length);
      mine.forEach((page, i) => {
        // the stamp's lines are the PDF's own: compare the text the two share
        const last = (p: string[]) =>
          p
            .filter(
              (l) =>
                !/^(Ký bởi|Signed by|Chức vụ|Position|Cơ quan|Agency|Thời gian ký|Signed at|Chữ ký số|Test signature)/.test(
                  l,
                ),
            )
            .at(-1);
        expect(last(page), `page ${i + 1}`).toBe(last(theirs[i] ?? []));
      });
    });
  },
);
