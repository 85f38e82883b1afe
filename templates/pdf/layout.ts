/**
 * Setting a paragraph of the document model in lines, as a word processor does: the style's font (Times New Roman
 * is drawn in Liberation Serif, metric-compatible), size, indents (a negative first line hangs), tab stops, line
 * height (a multiple of the font's single line, or exactly so many points) and alignment (justified lines spread
 * their spaces after the last tab; the last line is not spread). Runs may switch bold, italic and underline. Lines
 * break at spaces only: a no-break space (U+00A0) holds its words together, and a word wider than the line breaks
 * between letters. Nothing is decided here but where lines break.
 */
import type PDFDocument from 'pdfkit';
import type { Paragraph, ParagraphStyle, Run, StyleSheet } from '#templates/doc-model.ts';
import { type FontStyle, serifFonts } from './fonts.ts';

/** One piece of a line drawn in one font: its text and where it starts, from the paragraph's left edge. */
export interface Segment {
  text: string;
  x: number;
  font: FontStyle;
  size: number;
  underline: boolean;
}

export interface Line {
  segments: Segment[];
  height: number;
  /** from the line's top */
  baseline: number;
}

/** A paragraph set in lines for a width, with the space its style puts around it. */
export interface SetParagraph {
  lines: Line[];
  spaceBefore: number;
  spaceAfter: number;
  keepNext: boolean;
  pageBreakBefore: boolean;
}

/** Word processors' default tab stops, every half inch, where a paragraph's own stops end. */
const DEFAULT_TAB = 36;

export const fontOf = (style: { bold: boolean; italic: boolean }): FontStyle =>
  style.bold ? (style.italic ? 'boldItalic' : 'bold') : style.italic ? 'italic' : 'regular';

/** The font's ascent, descent (positive) and single line height at `size`, in points. */
export function fontMetrics(font: FontStyle, size: number) {
  const f = serifFonts()[font];
  const scale = size / f.unitsPerEm;
  return {
    ascent: f.ascent * scale,
    descent: -f.descent * scale,
    single: (f.ascent - f.descent + f.lineGap) * scale,
  };
}

/** A line's height and baseline in a style: exact heights sit the text on the line's foot. */
export function lineBox(style: ParagraphStyle): { height: number; baseline: number } {
  const m = fontMetrics(fontOf(style), style.size);
  if ('exactly' in style.line)
    return { height: style.line.exactly, baseline: style.line.exactly - m.descent };
  const height = m.single * style.line.multiple;
  return { height, baseline: height - m.single + m.ascent };
}

interface Piece {
  kind: 'word' | 'space' | 'tab';
  text: string;
  width: number;
  font: FontStyle;
  size: number;
  underline: boolean;
}

/** Widths at 1 pt of the words met so far, per font: a document repeats its words, and documents repeat them. */
const widths = new Map<string, number>();
const MAX_WIDTHS = 50_000;

function measure(doc: PDFDocument, font: FontStyle, size: number, text: string): number {
  const key = `${font}\u0000${text}`;
  let width = widths.get(key);
  if (width === undefined) {
    width = doc.font(font, 1).widthOfString(text);
    if (widths.size >= MAX_WIDTHS) widths.clear();
    widths.set(key, width);
  }
  return width * size;
}

/** The runs as words, spaces and tabs, each measured in its own font. */
function pieces(doc: PDFDocument, style: ParagraphStyle, runs: Run[]): Piece[] {
  const out: Piece[] = [];
  for (const run of runs) {
    const font = fontOf({ bold: run.bold ?? style.bold, italic: run.italic ?? style.italic });
    const underline = run.underline ?? style.underline;
    for (const part of run.text.normalize('NFC').split(/( |\t)/)) {
      if (part === '') continue;
      const kind = part === ' ' ? 'space' : part === '\t' ? 'tab' : 'word';
      const width = kind === 'tab' ? 0 : measure(doc, font, style.size, part);
      out.push({ kind, text: part, width, font, size: style.size, underline });
    }
  }
  return out;
}

/** A word wider than `room`, cut into pieces that fit (at least one letter each). */
function splitWord(doc: PDFDocument, piece: Piece, room: number): Piece[] {
  const out: Piece[] = [];
  let text = '';
  for (const ch of piece.text) {
    if (text && measure(doc, piece.font, piece.size, text + ch) > room) {
      out.push({ ...piece, text, width: measure(doc, piece.font, piece.size, text) });
      text = '';
    }
    text += ch;
  }
  if (text) out.push({ ...piece, text, width: measure(doc, piece.font, piece.size, text) });
  return out;
}

interface Placed extends Piece {
  x: number;
}

/** Sets the paragraph's runs in lines of `width` (the paragraph's box, before its indents). */
export function setParagraph(
  doc: PDFDocument,
  styles: StyleSheet,
  p: Paragraph,
  width: number,
): SetParagraph {
  const style = styles[p.style];
  const { left, right, firstLine } = style.indent;
  const tabs = [...style.tabs].sort((a, b) => a - b);
  const nextTab = (x: number) =>
    tabs.find((t) => t > x + 0.01) ?? (Math.floor(x / DEFAULT_TAB) + 1) * DEFAULT_TAB;
  const box = lineBox(style);
  const end = width - right;

  const rows: Placed[][] = [];
  let row: Placed[] = [];
  let x = left + firstLine;
  const start = () => {
    rows.push(row);
    row = [];
    x = left;
  };
  const queue = pieces(doc, style, p.runs);
  while (queue.length > 0) {
    const piece = queue.shift() as Piece;
    if (piece.kind === 'tab') {
      x = nextTab(x);
      row.push({ ...piece, x });
      continue;
    }
    if (piece.kind === 'space') {
      // a space at a line's start (after a break) is dropped
      if (row.length > 0) {
        row.push({ ...piece, x });
        x += piece.width;
      }
      continue;
    }
    const lineStart = rows.length === 0 ? left + firstLine : left;
    if (x + piece.width > end + 0.01 && row.some((r) => r.kind === 'word')) {
      while (row.at(-1)?.kind === 'space') row.pop();
      start();
    }
    if (piece.width > end - (row.length ? x : lineStart) + 0.01) {
      queue.unshift(...splitWord(doc, piece, Math.max(1, end - x)));
      continue;
    }
    row.push({ ...piece, x });
    x += piece.width;
  }
  while (row.at(-1)?.kind === 'space') row.pop();
  rows.push(row);

  const lines = rows.map((placed, i): Line => {
    const last = i === rows.length - 1;
    const used = placed.length ? Math.max(...placed.map((q) => q.x + q.width)) : 0;
    const lastTab = placed.map((q) => q.kind).lastIndexOf('tab');
    const spreadable = placed.filter((q, k) => k > lastTab && q.kind === 'space').length;
    let shift = 0;
    let spread = 0;
    if (style.align === 'center') shift = (end - used) / 2;
    if (style.align === 'right') shift = end - used;
    if (style.align === 'justify' && !last && spreadable > 0) spread = (end - used) / spreadable;
    return {
      segments: segmentsOf(placed, lastTab, shift, spread),
      height: box.height,
      baseline: box.baseline,
    };
  });
  return {
    lines,
    spaceBefore: p.spaceBefore ?? style.spaceBefore,
    spaceAfter: p.spaceAfter ?? style.spaceAfter,
    keepNext: p.keepNext ?? style.keepNext,
    pageBreakBefore: p.pageBreakBefore ?? false,
  };
}

/**
 * The pieces of a line as segments to draw: consecutive words and spaces in one font make one segment (its spaces
 * are drawn, so the text extracts with them); on a spread (justified) line each word is drawn at its own place.
 */
function segmentsOf(placed: Placed[], lastTab: number, shift: number, spread: number): Segment[] {
  const segments: Segment[] = [];
  let current: Segment | undefined;
  let spaces = '';
  let grown = 0;
  placed.forEach((q, k) => {
    if (q.kind === 'tab') {
      current = undefined;
      spaces = '';
      return;
    }
    if (q.kind === 'space') {
      if (k > lastTab) grown += spread;
      if (current) spaces += q.text;
      return;
    }
    const joins =
      current !== undefined &&
      !(spread > 0 && k > lastTab) &&
      current.font === q.font &&
      current.size === q.size &&
      current.underline === q.underline;
    if (current && joins) current.text += spaces + q.text;
    else {
      current = { text: q.text, x: q.x + shift + grown, font: q.font, size: q.size, underline: q.underline };
      segments.push(current);
    }
    spaces = '';
  });
  return segments;
}

/** The height a set paragraph takes, with its space before and after. */
export function paragraphHeight(set: SetParagraph): number {
  return set.spaceBefore + set.lines.reduce((h, l) => h + l.height, 0) + set.spaceAfter;
}

/** Draws lines from `top`, the paragraph's box starting at `left`; answers where the next line would start. */
export function drawLines(doc: PDFDocument, lines: Line[], left: number, top: number): number {
  let y = top;
  for (const line of lines) {
    for (const s of line.segments) {
      const ascent = fontMetrics(s.font, s.size).ascent;
      doc.font(s.font, s.size).text(s.text, left + s.x, y + line.baseline - ascent, {
        lineBreak: false,
        underline: s.underline,
      });
    }
    y += line.height;
  }
  return y;
}
