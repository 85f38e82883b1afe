import { describe, expect, it } from 'vitest';
import { signPdf } from '#adapters/pades.ts';
import { testSigner } from '#adapters/test-signer.ts';
import { writeTestSigner } from '#infra/local/test-ca.ts';
import { xmlText } from '#templates/pdf/document.ts';
import { fixturePdf, useTempDir } from '../signing/fixtures.ts';
import { PDF_TOOLS, pdfAMarkers, pdfFonts, pdfText } from '../support/pdf-tools.ts';

const temp = useTempDir('pdfa');

describe.skipIf(!PDF_TOOLS && !process.env.CI)('the PDF/A-2b markers', () => {
  it('a signed PDF carries every marker: XMP pdfaid 2/B with the document properties, output intent, fonts', async () => {
    const dir = temp('signer');
    await writeTestSigner(dir);
    const file = temp('signed.pdf', await signPdf(await fixturePdf(), testSigner(dir)));
    const { missing, xmp } = pdfAMarkers(file);
    expect(missing).toEqual([]);
    expect(xmp).toContain('<evdoc:number>05/CTr-BTGTU</evdoc:number>');
    expect(xmp).toContain('<evdoc:issuingAgency>Ban Tuyên giáo Tỉnh ủy Quảng Nam</evdoc:issuingAgency>');
    expect(xmp).toContain('<evdoc:issuedOn>2026-08-20</evdoc:issuedOn>');
  });

  it('an unsigned PDF too, with its note', async () => {
    const file = temp('unsigned.pdf', await fixturePdf({ unsigned: true }));
    expect(pdfAMarkers(file).missing).toEqual([]);
    expect(pdfText(file).replace(/\s+/g, ' ')).toContain('Bản PDF này không mang chữ ký số');
  });

  it('embeds Liberation Serif as subset CID TrueType fonts with a Unicode map, and no other font', async () => {
    const fonts = pdfFonts(temp('fonts.pdf', await fixturePdf()));
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) {
      expect(font.name).toMatch(/^[A-Z]{6}\+LiberationSerif/);
      expect(font).toMatchObject({ type: 'CID TrueType', embedded: true, unicode: true });
    }
  });

  it("a title with XML's own characters is escaped in the XMP, and the text extracts as typed", async () => {
    const title = 'Trao đổi <kinh nghiệm> & "học tập"';
    const file = temp('escaped.pdf', await fixturePdf({ title }));
    const { xmp, missing } = pdfAMarkers(file);
    expect(missing).toEqual([]);
    expect(xmp).toContain(xmlText(title));
    expect(xmp).not.toContain(title);
    expect(pdfText(file)).toContain('Độc lập - Tự do - Hạnh phúc');
  });
});
