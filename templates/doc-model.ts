/**
 * The document model: what an issued document says and how it is laid out, with every rule of its format already
 * applied. A format (Decree 30 for state bodies, HD 36 for Party bodies) and a document kind (agenda, minutes) build
 * it from a visit; a renderer (DOCX, PDF) draws it and decides nothing: it knows no format, no language and no rule,
 * only the styles, lengths and texts written here.
 *
 * Lengths and font sizes are in points (1/72 inch); every length is a whole number of twentieths of a point.
 * Texts are final: cleaned, upper-cased where the format says so, with no-break spaces (U+00A0) where a line must
 * not break and tab characters where a tab stop is meant (see {@link ParagraphStyle.tabs}).
 */
import type { DocumentKind } from '#domain/visit.ts';

/** A BCP 47 language tag; every run of text carries one (the document's, unless the run says otherwise). */
export type LanguageTag = 'vi-VN' | 'en-GB';

/** The formats a document can be issued in. */
export type FormatId = 'decree30' | 'hd36';

export interface TextStyle {
  font: string;
  size: number;
  bold: boolean;
  italic: boolean;
  underline: boolean;
}

export type Alignment = 'left' | 'center' | 'right' | 'justify';

export interface ParagraphStyle extends TextStyle {
  align: Alignment;
  /** from the margins (or the cell's edges); `firstLine` below 0 hangs the first line out by that much */
  indent: { left: number; right: number; firstLine: number };
  spaceBefore: number;
  spaceAfter: number;
  /** the line height: a multiple of the font's single line, or exactly so many points */
  line: { multiple: number } | { exactly: number };
  /** keep the paragraph on the same page as the next one */
  keepNext: boolean;
  /** left tab stops, from the left margin (or the cell's edge) */
  tabs: number[];
}

/**
 * The paragraph styles every format defines. A renderer needs nothing else to draw a paragraph: a paragraph names
 * its style, and its runs may only make text bold, italic or underlined, or give another language.
 */
export const STYLE_NAMES = [
  /** body text: justified, first-line indent */
  'body',
  /** a part's heading: "I. MỤC ĐÍCH, YÊU CẦU" */
  'part',
  /** a numbered item's heading inside a part: "1. Đoàn công tác …" */
  'item',
  /** an item of a dash list, with a hanging indent: the marker, a tab, the text */
  'dash',
  /** an empty line of the body's size (space between blocks) */
  'spacer',
  /** the head: the parent body's line(s) over the issuer */
  'headParent',
  /** the head: the issuer's line(s) */
  'headIssuer',
  /** the head: the mark under the issuer when it is text ("*") */
  'headMark',
  /** the head: the number line */
  'headNumber',
  /** the head: the national title (state) or "ĐẢNG CỘNG SẢN VIỆT NAM" (Party) */
  'headTitle',
  /** the head: the motto under the national title (state only) */
  'headMotto',
  /** the head: the place-and-date line */
  'headDate',
  /** the type name: "CHƯƠNG TRÌNH", "BIÊN BẢN" */
  'type',
  /** the summary (trích yếu) under the type name */
  'summary',
  /** the mark under the summary when it is text ("-----") */
  'summaryMark',
  /** a note in the document's language about the document itself (an English rendering of Vietnamese content) */
  'note',
  /** table text, left */
  'cell',
  /** table text, centred */
  'cellCenter',
  /** a table's heading row */
  'cellHead',
  /** a row spanning all columns that groups the rows under it (a day of a programme) */
  'cellGroup',
  /** "Nơi nhận:" */
  'recipientsHeading',
  /** one recipient */
  'recipient',
  /** the authority mark of a signature: "K/T TRƯỞNG BAN", "KT. GIÁM ĐỐC" */
  'signAuthority',
  /** the signer's position: "PHÓ TRƯỞNG BAN" */
  'signPosition',
  /** the signer's name */
  'signName',
  /** an annex's label and title */
  'annexTitle',
  /** the line under an annex's title that names the document it belongs to */
  'annexNote',
  /** the page number */
  'pageNumber',
] as const;
export type StyleName = (typeof STYLE_NAMES)[number];
export type StyleSheet = Record<StyleName, ParagraphStyle>;

export interface PageSetup {
  /** A4 portrait */
  width: number;
  height: number;
  margins: { top: number; bottom: number; left: number; right: number };
  /**
   * The page number: Arabic numerals centred at the top, `fromTop` from the page's top edge, in the `pageNumber`
   * style; none on the first page of the document or of an annex. Each annex numbers its own pages from 1.
   */
  pageNumber: { fromTop: number };
}

export interface Run {
  text: string;
  /** each of these, when given, replaces the style's */
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  /** when the run is in another language than the document (Vietnamese content in an English rendering) */
  lang?: LanguageTag;
}

export interface Paragraph {
  kind: 'paragraph';
  style: StyleName;
  runs: Run[];
  /** each of these, when given, replaces the style's */
  keepNext?: boolean;
  spaceBefore?: number;
  spaceAfter?: number;
  /** start the paragraph on a new page */
  pageBreakBefore?: boolean;
}

/** A horizontal line `width` long and `weight` thick, centred in the width it is drawn in. */
export interface Rule {
  kind: 'rule';
  width: number;
  weight: number;
}

/**
 * Dash-list items in the `dash` style: each item is drawn as the marker, a tab (to the style's first tab stop,
 * where the text's later lines start too) and the runs.
 */
export interface List {
  kind: 'list';
  marker: string;
  items: Run[][];
}

export interface Cell {
  paragraphs: Paragraph[];
  /** how many columns the cell spans (1 unless given) */
  span?: number;
}

export interface Row {
  cells: Cell[];
}

export interface Table {
  kind: 'table';
  /** the columns' widths; their sum is at most the text width */
  columns: number[];
  /** `ruled`: every cell boxed with lines `weight` thick; `layout`: no lines */
  lines: { kind: 'ruled'; weight: number } | { kind: 'layout' };
  /** the space between a cell's edges and its text, left and right */
  padding: number;
  /** the heading row, repeated at the top of every page the table runs over */
  heading?: Row;
  rows: Row[];
  /** no row is split across pages */
  keepRows: boolean;
}

export type Block = Paragraph | List | Table | Rule;

/**
 * The head of the first page, drawn as two columns of two rows without lines: on the left the issuer and its
 * mark over the number line; on the right the title (and motto) and its rule over the place-and-date line, so
 * that the number and the date stand on one line.
 */
export interface Head {
  columns: [number, number];
  issuer: Paragraph[];
  /** a rule (state) or a centred "*" (Party) */
  issuerMark: Rule | Paragraph;
  number: Paragraph;
  title: Paragraph[];
  titleMark: Rule;
  /** none on state minutes */
  date?: Paragraph;
}

/** The type name, the summary under it, and the mark under both: a rule (state) or "-----" (Party). */
export interface Title {
  type: Paragraph;
  summary: Paragraph[];
  mark: Rule | Paragraph;
  /** the space between the mark and the body */
  spaceAfter: number;
}

export interface Signature {
  /** who signs in this place */
  role: 'issuer' | 'chair' | 'secretary';
  /** "K/T TRƯỞNG BAN", "KT. GIÁM ĐỐC"; none when the signer signs in their own right */
  authority?: Paragraph;
  position: Paragraph;
  /** the height left empty under the position for the signature and the seal */
  space: number;
  name: Paragraph;
}

export interface Recipients {
  heading: Paragraph;
  items: Paragraph[];
}

/**
 * What follows the body. `beside`: one row of `columns`, the recipients in the first column and the one signature
 * in the second (a programme). `below`: the signatures side by side, one per column, and the recipients under them
 * across the page (minutes). The closing is kept on one page.
 */
export interface Closing {
  arrangement: 'beside' | 'below';
  /** the space between the body and the closing */
  spaceBefore: number;
  columns: number[];
  signatures: Signature[];
  recipients?: Recipients;
}

/** An annex: a section of its own that starts on a new page and numbers its pages from 1. */
export interface Annex {
  blocks: Block[];
}

export interface DocumentMeta {
  /** the document's title as a reader's software shows it */
  title: string;
  /** the issuing body */
  issuer: string;
  /** the number and code as printed, without "Số", e.g. "05-CTr/BTGTU" or "05/CTr-SNV" */
  number: string;
  /** YYYY-MM-DD: the date the document carries (issued, or the session's day) */
  date: string;
  /** ISO date-time recorded as the document's creation and modification */
  timestamp: string;
  /** the document's version */
  revision: number;
}

/** A document, ready to draw: head, title, body, closing and annexes, in this order. */
export interface DocumentModel {
  kind: DocumentKind;
  format: FormatId;
  lang: LanguageTag;
  meta: DocumentMeta;
  page: PageSetup;
  styles: StyleSheet;
  head: Head;
  title: Title;
  body: Block[];
  closing: Closing;
  annexes: Annex[];
}
