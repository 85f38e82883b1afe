/**
 * A PDF/A-2b document, written in process with PDFKit: the given page size and margins, Liberation Serif embedded (subset,
 * Identity-H, with a ToUnicode map, so the text extracts as typed), the sRGB output intent, a trailer /ID, and the
 * XMP packet PDF/A requires, which also names the document: its number, date, issuing agency and title, in an
 * extension schema described inside the file (PDF/A-2 6.6.2.3: non-standard properties must be).
 *
 * PDFKit writes the Info fields into the XMP without XML escaping, so a title with "&" or "<" would break the packet;
 * its writer (`_addInfo`, internal to PDFKit 0.20, which package.json pins) is replaced by one that escapes, and a
 * test holds the packet well-formed.
 */
import PDFDocument from 'pdfkit';
import { serifFonts } from './fonts.ts';

/** What the XMP says of the document. */
export interface PdfMetadata {
  title: string;
  /** the issuing agency */
  agency: string;
  /** the number line, e.g. 05/CTr-BTGTU */
  number: string;
  /** the document's date, YYYY-MM-DD */
  date: string;
  /** when the file is made (the signing time of a signed one) */
  created: Date;
  /** BCP 47, e.g. vi-VN */
  language: string;
}

/** The page's size and margins, in points. */
export interface PageFrame {
  width: number;
  height: number;
  margins: { top: number; bottom: number; left: number; right: number };
}

export const CREATOR = 'Exchange Visits';

/** Points per millimetre. */
export const mm = (v: number) => (v * 72) / 25.4;

/** The namespace of the document's own XMP properties. */
const NS = 'https://exchange-visits.invalid/ns/issued-document/1.0/';

const nfc = (s: string) => s.normalize('NFC');
export const xmlText = (s: string) =>
  nfc(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const property = (name: string, type: string, description: string) =>
  `<rdf:li rdf:parseType="Resource"><pdfaProperty:name>${name}</pdfaProperty:name><pdfaProperty:valueType>${type}</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>${description}</pdfaProperty:description></rdf:li>`;

/** The XMP descriptions of a document: Dublin Core and XMP basics, our properties, and their schema. */
export function xmpDescriptions(meta: PdfMetadata, producer: string): string {
  return `<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
  <xmp:CreateDate>${meta.created.toISOString().split('.')[0]}Z</xmp:CreateDate>
  <xmp:CreatorTool>${xmlText(CREATOR)}</xmp:CreatorTool>
  <pdf:Producer>${xmlText(producer)}</pdf:Producer>
  <dc:format>application/pdf</dc:format>
  <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xmlText(meta.title)}</rdf:li></rdf:Alt></dc:title>
  <dc:creator><rdf:Seq><rdf:li>${xmlText(meta.agency)}</rdf:li></rdf:Seq></dc:creator>
  <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xmlText(meta.number)}</rdf:li></rdf:Alt></dc:description>
  <dc:language><rdf:Bag><rdf:li>${xmlText(meta.language)}</rdf:li></rdf:Bag></dc:language>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:evdoc="${NS}">
  <evdoc:number>${xmlText(meta.number)}</evdoc:number>
  <evdoc:issuedOn>${xmlText(meta.date)}</evdoc:issuedOn>
  <evdoc:issuingAgency>${xmlText(meta.agency)}</evdoc:issuingAgency>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
  <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
    <pdfaSchema:schema>Issued document</pdfaSchema:schema>
    <pdfaSchema:namespaceURI>${NS}</pdfaSchema:namespaceURI>
    <pdfaSchema:prefix>evdoc</pdfaSchema:prefix>
    <pdfaSchema:property><rdf:Seq>
      ${property('number', 'Text', 'Document number and symbol')}
      ${property('issuedOn', 'Date', 'Date of the document')}
      ${property('issuingAgency', 'Text', 'Issuing agency')}
    </rdf:Seq></pdfaSchema:property>
  </rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>`;
}

class PdfADocument extends PDFDocument {
  constructor(
    private readonly meta: PdfMetadata,
    page: PageFrame,
  ) {
    const fonts = serifFonts();
    super({
      size: [page.width, page.height],
      margins: page.margins,
      // PDFKit writes no XMP at all for PDF 1.3, its default
      pdfVersion: '1.7',
      subset: 'PDF/A-2b',
      bufferPages: true,
      lang: meta.language,
      displayTitle: true,
      // a default font of our own: PDFKit's default (Helvetica) is neither embedded nor loadable from a bundle
      font: fonts.regular,
      info: {
        Title: nfc(meta.title),
        Author: nfc(meta.agency),
        Subject: nfc(meta.number),
        Creator: CREATOR,
        Producer: 'PDFKit',
        CreationDate: meta.created,
      },
    });
    for (const [style, font] of Object.entries(fonts)) {
      this.registerFont(style, font);
      this.font(style);
      // PDFKit 0.20 does not remember a registered name whose font it had already opened (the default font): it
      // would open and compare it again on every switch to it, the most time a document takes
      this._fontFamilies[style] = this._font;
    }
  }

  protected override _addInfo(): void {
    this.appendXML(xmpDescriptions(this.meta, this.info.Producer));
  }
}

export interface OpenedPdf {
  doc: PDFDocument;
  /** the file's bytes once `doc.end()` has been called */
  bytes: Promise<Uint8Array>;
}

/** A new PDF/A-2b document, its fonts registered by style name (`regular`, `bold`, `italic`, `boldItalic`). */
export function openPdfA(meta: PdfMetadata, page: PageFrame): OpenedPdf {
  const doc = new PdfADocument(meta, page);
  const chunks: Uint8Array[] = [];
  doc.on('data', (chunk) => chunks.push(chunk));
  const bytes = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  return { doc, bytes };
}
