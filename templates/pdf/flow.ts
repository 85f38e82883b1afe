/**
 * The cursor over a PDF's pages as a word processor moves it: where the next line goes, which section each page
 * belongs to (each section numbers its pages from 1), and paragraphs set and drawn down the pages, split with
 * two-line widow and orphan control; and the horizontal rule as a word processor draws it.
 */
import type PDFDocument from 'pdfkit';
import type { DocumentModel, Paragraph, Rule } from '#templates/doc-model.ts';
import { drawLines, type Line, type SetParagraph, setParagraph } from './layout.ts';

/** A rule as a word processor draws it: a paragraph 2 pt high whose bottom border lies 1 pt under it. */
export const RULE_LEAD = 3;

/** The cursor over the pages: where the next thing goes, and which section each page belongs to. */
export class Flow {
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly width: number;
  y: number;
  /** per page: its number within its section (1 = the section's first page) */
  readonly numbers: number[] = [1];

  constructor(
    readonly doc: PDFDocument,
    readonly model: DocumentModel,
  ) {
    const { page } = model;
    this.top = page.margins.top;
    this.bottom = page.height - page.margins.bottom;
    this.left = page.margins.left;
    this.width = page.width - page.margins.left - page.margins.right;
    this.y = this.top;
  }

  get page(): number {
    return this.numbers.length - 1;
  }

  get atTop(): boolean {
    return this.y <= this.top + 0.01;
  }

  room(): number {
    return this.bottom - this.y;
  }

  newPage(section = false): void {
    this.doc.addPage();
    this.numbers.push(section ? 1 : (this.numbers.at(-1) ?? 0) + 1);
    this.y = this.top;
  }

  set(p: Paragraph, width = this.width): SetParagraph {
    return setParagraph(this.doc, this.model.styles, p, width);
  }
}

export const linesHeight = (lines: Line[]) => lines.reduce((h, l) => h + l.height, 0);

/** A dash-list item as the paragraph the model says it is drawn as: the marker, a tab, the runs. */
export const listParagraph = (marker: string, runs: Paragraph['runs']): Paragraph => ({
  kind: 'paragraph',
  style: 'dash',
  runs: [{ text: `${marker}\t` }, ...runs],
});

/** Sets a paragraph in the text width and draws it down the pages, split with widow and orphan control. */
export function drawParagraph(flow: Flow, p: Paragraph): void {
  const set = flow.set(p);
  if (set.pageBreakBefore && !flow.atTop) flow.newPage();
  if (!flow.atTop) flow.y += set.spaceBefore;
  let lines = set.lines;
  while (lines.length > 0) {
    let fit = 0;
    let used = 0;
    while (fit < lines.length && used + (lines[fit]?.height ?? 0) <= flow.room() + 0.01) {
      used += lines[fit]?.height ?? 0;
      fit++;
    }
    if (fit < lines.length) {
      // two-line widow and orphan control, unless the page holds nothing yet
      if (lines.length - fit === 1 && fit > 2) fit--;
      if (fit < 2 && !flow.atTop) fit = 0;
      if (fit === 0 && flow.atTop) fit = 1;
    }
    flow.y = drawLines(flow.doc, lines.slice(0, fit), flow.left, flow.y);
    lines = lines.slice(fit);
    if (lines.length > 0) flow.newPage();
  }
  flow.y += set.spaceAfter;
}

/** A rule centred in `width` from `left`; answers where what follows starts. */
export function drawRule(doc: PDFDocument, rule: Rule, left: number, width: number, top: number): number {
  const y = top + RULE_LEAD + rule.weight / 2;
  const x = left + (width - rule.width) / 2;
  doc
    .save()
    .lineWidth(rule.weight)
    .moveTo(x, y)
    .lineTo(x + rule.width, y)
    .stroke()
    .restore();
  return top + RULE_LEAD + rule.weight;
}
