/**
 * The visible signature of an issued PDF and its signature field. Decree 30/2020 Appendix I (and HD 05-HD/VPTW for
 * Party bodies, which follows it for electronic documents) puts the signer's signature image centred between the
 * position line and the name, and the agency's seal overlapping its left third. Without signature or seal images,
 * that space holds a framed stamp in blue saying who signed, their position, the agency and the signing time (ISO
 * 8601, +07:00), and whether the certificate is a licensed CA's or a self-issued test one; the signature widget's
 * rectangle covers the stamp, so viewers tie the signature to it.
 *
 * The field and its `/Contents` placeholder are written by @signpdf/placeholder-pdfkit in the same pass as the
 * layout, so the file keeps one revision (an incremental update would need its own /ID, appearance and XMP to stay
 * PDF/A). That placeholder makes the widget without the print flag and appearance stream PDF/A-2 requires of every
 * annotation; they are added to the widget's dictionary before PDFKit writes it.
 */
import { pdfkitAddPlaceholder } from '@signpdf/placeholder-pdfkit';
import { ANNOTATION_FLAGS, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import type PDFDocument from 'pdfkit';
import { vietnamIso } from '#domain/clock.ts';
import type { Language } from '#domain/visit.ts';
import { STAMP_WORDS } from '#templates/words/signatures.ts';
import { CREATOR } from './document.ts';

/** Who signs, as the stamp and the signature dictionary say it. */
export interface VisibleSignature {
  signerName: string;
  position: string;
  agency: string;
  /** the document number line, named in the signature's reason */
  number: string;
  signedAt: Date;
  /** the certificate is a licensed CA's; otherwise the stamp says the signature is a test one */
  licensed: boolean;
}

/** A place on a page, in PDFKit's coordinates (points, origin at the top left). */
export interface StampBox {
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Room for the CMS in `/Contents`: an ECDSA B-B signature with two certificates is about 1.7 KB, RSA 2.6 KB, a B-T
 * with the timestamp authority's token about 2.8 KB; a licensed CA's chain of three RSA certificates with a token and
 * its chain can reach 10 KB.
 */
export const SIGNATURE_BYTES = 16_384;

const BLUE = '#1f4e9e';
const GREY = '#555555';
const STAMP_SIZE = 9.5;
const LINE = 13.5;
const PAD = 4;
/** the smallest size the stamp's text shrinks to, to fit its box */
const MIN_SIZE = 6;

/** The height a stamp of five lines needs at its full size. */
export const STAMP_HEIGHT = 5 * LINE + 2 * PAD;

/** Lines in a frame, their size shrunk (to no less than 6 pt) until they fit the box. */
function framed(doc: PDFDocument, box: StampBox, color: string, lines: string[]): void {
  doc.switchToPage(box.page);
  const texts = lines.map((l) => l.normalize('NFC'));
  const lineHeight = Math.min(LINE, (box.height - 2 * PAD) / texts.length);
  let size = Math.min(STAMP_SIZE, (lineHeight * STAMP_SIZE) / LINE);
  doc.font('regular', size);
  const widest = Math.max(...texts.map((t) => doc.widthOfString(t)));
  if (widest > box.width - 2 * PAD) size = Math.max(MIN_SIZE, (size * (box.width - 2 * PAD)) / widest);
  doc.save();
  doc.lineWidth(0.8).strokeColor(color).rect(box.x, box.y, box.width, box.height).stroke();
  doc.fillColor(color).font('regular', size);
  let y = box.y + (box.height - lineHeight * texts.length) / 2;
  for (const text of texts) {
    doc.text(text, box.x + PAD, y + (lineHeight - size * 1.15) / 2, { lineBreak: false });
    y += lineHeight;
  }
  doc.restore();
  doc.fillColor('black').strokeColor('black');
}

export function drawSignatureStamp(
  doc: PDFDocument,
  box: StampBox,
  signature: VisibleSignature,
  lang: Language,
): void {
  const W = STAMP_WORDS[lang];
  framed(doc, box, BLUE, [
    `${W.signedBy}: ${signature.signerName}`,
    `${W.position}: ${signature.position}`,
    `${W.agency}: ${signature.agency}`,
    `${W.signedAt}: ${vietnamIso(signature.signedAt)}`,
    signature.licensed ? W.licensed : W.test,
  ]);
}

/** The note an unsigned PDF carries where the stamp would be. */
export function drawUnsignedNote(doc: PDFDocument, box: StampBox, lang: Language): void {
  const words = STAMP_WORDS[lang].unsigned;
  doc.switchToPage(box.page);
  doc.save();
  doc
    .lineWidth(0.6)
    .dash(3, { space: 2 })
    .strokeColor(GREY)
    .rect(box.x, box.y, box.width, box.height)
    .stroke();
  doc.undash().fillColor(GREY).font('italic', STAMP_SIZE);
  doc.text(words, box.x + PAD, box.y + PAD, { width: box.width - 2 * PAD, align: 'center' });
  doc.restore();
  doc.fillColor('black').strokeColor('black');
}

/** The signature field over the stamp, with a `/Contents` placeholder of `SIGNATURE_BYTES` for the CMS. */
export function addSignatureField(
  doc: PDFDocument,
  box: StampBox,
  signature: VisibleSignature,
  lang: Language,
): void {
  doc.switchToPage(box.page);
  const height = doc.page.height;
  // PDF user space: origin at the bottom left
  const widgetRect = [box.x, height - (box.y + box.height), box.x + box.width, height - box.y];
  const appearance = doc.ref({
    Type: 'XObject',
    Subtype: 'Form',
    BBox: [0, 0, box.width, box.height],
    Resources: {},
  });
  // empty: what the stamp shows is page content under the widget
  appearance.end();
  const ref = doc.ref.bind(doc);
  doc.ref = (data) => {
    if (data.Subtype === 'Widget' && data.FT === 'Sig')
      Object.assign(data, { F: ANNOTATION_FLAGS.PRINT, AP: { N: appearance } });
    return ref(data);
  };
  try {
    pdfkitAddPlaceholder({
      pdf: doc,
      pdfBuffer: Buffer.alloc(0),
      reason: STAMP_WORDS[lang].reason(signature.number).normalize('NFC'),
      contactInfo: '',
      name: signature.signerName.normalize('NFC'),
      location: signature.agency.normalize('NFC'),
      signingTime: signature.signedAt,
      signatureLength: SIGNATURE_BYTES,
      subFilter: SUBFILTER_ETSI_CADES_DETACHED,
      widgetRect,
      // a PDF name: no spaces
      appName: CREATOR.replace(/\s+/g, ''),
    });
  } finally {
    doc.ref = ref;
  }
}
