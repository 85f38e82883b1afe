/**
 * Tables as a word processor lays them out: ruled tables (fixed columns, a cell's padding left and right, a ruled
 * line's width counted in its row), rows that never split, a row kept with the next when its paragraphs say so, and
 * the heading row repeated on every page; and the line-less layouts of the head and the closing, whose cells may
 * hold rules and the space left for a signature and its seal.
 */
import type { Paragraph, Row, Rule, Signature, Table } from '#templates/doc-model.ts';
import { drawRule, type Flow, RULE_LEAD } from './flow.ts';
import { drawLines, paragraphHeight, type SetParagraph } from './layout.ts';
import type { StampBox } from './signature-field.ts';

/** The place of the handwritten signature and seal, inside a layout cell. */
export interface SealSpace {
  kind: 'seal';
  height: number;
  signature: Signature;
}

export type CellBlock = Paragraph | Rule | SealSpace;

/** A seal space drawn: where it is, and whose signature it belongs to. */
export interface PlacedSeal {
  box: StampBox;
  signature: Signature;
}

const spanWidth = (columns: number[], at: number, span: number) =>
  columns.slice(at, at + span).reduce((a, b) => a + b, 0);

interface SetCell {
  x: number;
  width: number;
  paragraphs: SetParagraph[];
}

function setRow(flow: Flow, table: Table, row: Row): { cells: SetCell[]; height: number; keepNext: boolean } {
  let at = 0;
  let x = 0;
  const cells = row.cells.map((cell): SetCell => {
    const span = cell.span ?? 1;
    const width = spanWidth(table.columns, at, span);
    at += span;
    const set = { x, width, paragraphs: cell.paragraphs.map((p) => flow.set(p, width - 2 * table.padding)) };
    x += width;
    return set;
  });
  // a ruled cell's line takes its own room, as word processors count it
  const rule = table.lines.kind === 'ruled' ? table.lines.weight : 0;
  const height =
    rule + Math.max(0, ...cells.map((c) => c.paragraphs.reduce((h, p) => h + paragraphHeight(p), 0)));
  const keepNext = cells.some((c) => c.paragraphs.some((p) => p.keepNext));
  return { cells, height, keepNext };
}

function drawRow(flow: Flow, table: Table, row: ReturnType<typeof setRow>): void {
  const { doc } = flow;
  const rule = table.lines.kind === 'ruled' ? table.lines.weight : 0;
  for (const cell of row.cells) {
    let y = flow.y + rule / 2;
    for (const p of cell.paragraphs) {
      y += p.spaceBefore;
      y = drawLines(doc, p.lines, flow.left + cell.x + table.padding, y) + p.spaceAfter;
    }
    if (table.lines.kind === 'ruled')
      doc
        .save()
        .lineWidth(table.lines.weight)
        .rect(flow.left + cell.x, flow.y, cell.width, row.height)
        .stroke()
        .restore();
  }
  flow.y += row.height;
}

/** The height of row `i` and of the rows kept with it (a row whose paragraphs keep with the next). */
function keptRows(rows: ReturnType<typeof setRow>[], i: number): number {
  let need = rows[i]?.height ?? 0;
  for (let k = i; rows[k]?.keepNext && k + 1 < rows.length; k++) need += rows[k + 1]?.height ?? 0;
  return need;
}

/** The heading row and the first rows kept together: what must fit for the table to start on a page. */
export function tableLead(flow: Flow, table: Table): number {
  const rows = table.rows.map((r) => setRow(flow, table, r));
  return (table.heading ? setRow(flow, table, table.heading).height : 0) + keptRows(rows, 0);
}

export function drawTable(flow: Flow, table: Table): void {
  const heading = table.heading ? setRow(flow, table, table.heading) : undefined;
  const rows = table.rows.map((r) => setRow(flow, table, r));
  const headingHeight = heading?.height ?? 0;
  const page = flow.bottom - flow.top;
  const lead = headingHeight + keptRows(rows, 0);
  if (!flow.atTop && lead > flow.room() + 0.01 && lead <= page) flow.newPage();
  if (heading) drawRow(flow, table, heading);
  rows.forEach((row, i) => {
    const need = keptRows(rows, i);
    const tooTall = row.height > flow.room() + 0.01;
    if (i > 0 && (tooTall || (need > flow.room() + 0.01 && need <= page - headingHeight))) {
      flow.newPage();
      if (heading) drawRow(flow, table, heading);
    }
    drawRow(flow, table, row);
  });
}

function cellBlockHeight(flow: Flow, b: CellBlock, width: number): number {
  if (b.kind === 'seal') return b.height;
  if (b.kind === 'rule') return RULE_LEAD + b.weight;
  return paragraphHeight(flow.set(b, width));
}

export function layoutRowsHeight(flow: Flow, columns: number[], rows: CellBlock[][][]): number {
  return rows.reduce(
    (h, cells) =>
      h +
      Math.max(
        0,
        ...cells.map((blocks, i) =>
          blocks.reduce((s, b) => s + cellBlockHeight(flow, b, columns[i] ?? 0), 0),
        ),
      ),
    0,
  );
}

export function drawLayout(flow: Flow, columns: number[], rows: CellBlock[][][], seals: PlacedSeal[]): void {
  const height = layoutRowsHeight(flow, columns, rows);
  if (height > flow.room() + 0.01 && !flow.atTop) flow.newPage();
  for (const cells of rows) {
    let x = flow.left;
    let bottom = flow.y;
    cells.forEach((blocks, i) => {
      const width = columns[i] ?? 0;
      let y = flow.y;
      for (const b of blocks) {
        if (b.kind === 'seal') {
          seals.push({ box: { page: flow.page, x, y, width, height: b.height }, signature: b.signature });
          y += b.height;
        } else if (b.kind === 'rule') y = drawRule(flow.doc, b, x, width, y);
        else {
          const set = flow.set(b, width);
          y = drawLines(flow.doc, set.lines, x, y + set.spaceBefore) + set.spaceAfter;
        }
      }
      bottom = Math.max(bottom, y);
      x += width;
    });
    flow.y = bottom;
  }
}
