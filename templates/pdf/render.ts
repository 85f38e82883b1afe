/**
 * The PDF/A renderer of the document model: it draws what the model says and decides nothing, as the DOCX
 * renderer does, so a document's two copies follow one set of format rules. The flow is a word processor's: the
 * head (a two-by-two layout without lines), the title, the body, the closing kept on one page, and each annex on a
 * new page numbering its own pages; a paragraph kept with the next moves with it, a split paragraph leaves no
 * single line behind or ahead (two-line widow and orphan control), table rows do not split and a table's heading
 * row repeats on each page it runs over; page numbers are centred at the top of every page but a section's first.
 *
 * The signature that carries the issuing agency's seal (`PdfSeal.on`) gets, in the space left for the handwritten
 * signature and the seal, the signature stamp and field, or the unsigned note.
 */
import type { SignatureStamp } from '#domain/ports.ts';
import type { Block, DocumentModel, Paragraph, Signature } from '#templates/doc-model.ts';
import { openPdfA } from './document.ts';
import { drawParagraph, drawRule, Flow, linesHeight, listParagraph, RULE_LEAD } from './flow.ts';
import { drawLines, paragraphHeight, setParagraph } from './layout.ts';
import { addSignatureField, drawSignatureStamp, drawUnsignedNote } from './signature-field.ts';
import {
  type CellBlock,
  drawLayout,
  drawTable,
  layoutRowsHeight,
  type PlacedSeal,
  tableLead,
} from './tables.ts';

/**
 * Drawing is CPU work. A process draws one document at a time and lets others run between its blocks: where many
 * functions share one process (the local runtime), the others keep answering while documents are drawn.
 */
let drawing: Promise<unknown> = Promise.resolve();
const yieldToOthers = () => new Promise((resolve) => setImmediate(resolve));

/** What the pages are drawn from, in order. */
type Item =
  | { kind: 'block'; block: Block }
  | { kind: 'space'; height: number }
  | { kind: 'layout'; columns: number[]; rows: CellBlock[][][] }
  | { kind: 'section' };

function itemsOf(model: DocumentModel): Item[] {
  const { head, title, closing } = model;
  const block = (b: Block): Item => ({ kind: 'block', block: b });
  const signatureCell = (s: Signature): CellBlock[] => [
    ...(s.authority ? [s.authority] : []),
    s.position,
    { kind: 'seal', height: s.space, signature: s },
    s.name,
  ];
  const r = closing.recipients;
  const recipients: CellBlock[] = r ? [r.heading, ...r.items] : [];
  const closingRow =
    closing.arrangement === 'beside'
      ? [recipients, ...closing.signatures.map(signatureCell)]
      : closing.signatures.map((s, i) => [...signatureCell(s), ...(i === 0 ? recipients : [])]);
  return [
    {
      kind: 'layout',
      columns: head.columns,
      rows: [
        [
          [...head.issuer, head.issuerMark],
          [...head.title, head.titleMark],
        ],
        [[head.number], head.date ? [head.date] : []],
      ],
    },
    block(title.type),
    ...title.summary.map(block),
    block(title.mark),
    { kind: 'space', height: title.spaceAfter },
    ...model.body.map(block),
    { kind: 'space', height: closing.spaceBefore },
    { kind: 'layout', columns: closing.columns, rows: [closingRow] },
    ...model.annexes.flatMap((a): Item[] => [{ kind: 'section' }, ...a.blocks.map(block)]),
  ];
}

/** The height a block needs before anything may follow it on the same page (its first unit that cannot split). */
function leadHeight(flow: Flow, item: Item): number {
  if (item.kind === 'space') return item.height;
  if (item.kind === 'section') return 0;
  if (item.kind === 'layout') return layoutRowsHeight(flow, item.columns, item.rows);
  const b = item.block;
  if (b.kind === 'rule') return RULE_LEAD + b.weight;
  if (b.kind === 'table') return tableLead(flow, b);
  const set = b.kind === 'list' ? flow.set(listParagraph(b.marker, b.items[0] ?? [])) : flow.set(b);
  return set.spaceBefore + linesHeight(set.lines.slice(0, 2));
}

function keepsWithNext(flow: Flow, item: Item): boolean {
  if (item.kind === 'space') return true;
  if (item.kind !== 'block') return false;
  const b = item.block;
  if (b.kind === 'paragraph') return b.keepNext ?? flow.model.styles[b.style].keepNext;
  return false;
}

/** The whole height of an item that moves as one (all of a kept paragraph). */
function wholeHeight(flow: Flow, item: Item): number {
  if (item.kind === 'block' && item.block.kind === 'paragraph') return paragraphHeight(flow.set(item.block));
  return leadHeight(flow, item);
}

// ---------------------------------------------------------------- the document

function drawPageNumbers(flow: Flow): void {
  const { doc, model } = flow;
  const style = model.styles.pageNumber;
  flow.numbers.forEach((n, page) => {
    if (n === 1) return;
    doc.switchToPage(page);
    const set = setParagraph(
      doc,
      model.styles,
      { kind: 'paragraph', style: 'pageNumber', runs: [{ text: String(n) }] },
      flow.width,
    );
    // writing in the top margin must not start a new page
    const margin = doc.page.margins.top;
    doc.page.margins.top = 0;
    drawLines(doc, set.lines, flow.left, model.page.pageNumber.fromTop + style.spaceBefore);
    doc.page.margins.top = margin;
  });
}

export interface PdfSeal {
  /** the signature that carries the agency's seal */
  on: Signature['role'];
  /** the stamp of a signed copy; none: the copy is unsigned, and says so there */
  stamp?: SignatureStamp;
}

/** Draws the model as a PDF/A-2b file; with a stamp, it carries an empty signature field to sign. */
export function renderPdf(model: DocumentModel, seal: PdfSeal): Promise<Uint8Array> {
  const drawn = drawing.then(() => draw(model, seal));
  drawing = drawn.catch(() => undefined);
  return drawn;
}

async function draw(model: DocumentModel, seal: PdfSeal): Promise<Uint8Array> {
  const language = model.lang;
  const created = seal.stamp?.signedAt ?? new Date(model.meta.timestamp);
  const { doc, bytes } = openPdfA(
    {
      title: model.meta.title,
      agency: model.meta.issuer,
      number: model.meta.number,
      date: model.meta.date,
      created,
      language,
    },
    model.page,
  );
  const flow = new Flow(doc, model);
  const items = itemsOf(model);
  const seals: PlacedSeal[] = [];
  for (const [i, item] of items.entries()) {
    await yieldToOthers();
    if (item.kind === 'section') {
      flow.newPage(true);
      continue;
    }
    // what is kept with what follows moves to a new page with it
    if (keepsWithNext(flow, item) && !flow.atTop) {
      let need = 0;
      let k = i;
      for (; k < items.length && keepsWithNext(flow, items[k] as Item); k++)
        need += wholeHeight(flow, items[k] as Item);
      const next = items[k];
      if (next) need += leadHeight(flow, next);
      if (need > flow.room() + 0.01 && need <= flow.bottom - flow.top) flow.newPage();
    }
    if (item.kind === 'space') {
      if (!flow.atTop) flow.y += item.height;
    } else if (item.kind === 'layout') drawLayout(flow, item.columns, item.rows, seals);
    else drawBlock(flow, item.block);
  }
  await yieldToOthers();
  drawPageNumbers(flow);
  const lang = language.startsWith('vi') ? 'vi' : 'en';
  const found = seals.find((s) => s.signature.role === seal.on);
  if (found) {
    // inside the space left for the signature and the seal, clear of the lines above and below
    const place = {
      ...found,
      box: {
        ...found.box,
        x: found.box.x + 12,
        width: found.box.width - 24,
        y: found.box.y + 4,
        height: found.box.height - 8,
      },
    };
    if (seal.stamp) {
      const signature = {
        signerName: textOf(place.signature.name),
        position: textOf(place.signature.position),
        agency: model.meta.issuer,
        number: model.meta.number,
        signedAt: seal.stamp.signedAt,
        licensed: seal.stamp.licensed,
      };
      drawSignatureStamp(doc, place.box, signature, lang);
      addSignatureField(doc, place.box, signature, lang);
    } else drawUnsignedNote(doc, place.box, lang);
  }
  doc.end();
  return bytes;
}

function drawBlock(flow: Flow, b: Block): void {
  switch (b.kind) {
    case 'paragraph':
      drawParagraph(flow, b);
      break;
    case 'list':
      for (const item of b.items) drawParagraph(flow, listParagraph(b.marker, item));
      break;
    case 'rule':
      flow.y = drawRule(flow.doc, b, flow.left, flow.width, flow.y);
      break;
    case 'table':
      drawTable(flow, b);
      break;
  }
}

const textOf = (p: Paragraph) =>
  p.runs
    .map((r) => r.text)
    .join('')
    .replace(/\u00a0/g, ' ');
