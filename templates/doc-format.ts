/**
 * What a document format decides, and the format of an issuing body: Party bodies issue documents in the Party's
 * format (HD 36-HD/VPTW, in hd36.ts), state bodies in the state's (Decree 30/2020/NĐ-CP, in decree30.ts). A format
 * owns the page, the style sheet, the head, the title block, the signature and the recipients; the document kinds
 * (agenda.ts, minutes.ts) write the body with the blocks below and leave every measurement to the format.
 */
import type { Language } from '#domain/visit.ts';
import type {
  Closing,
  FormatId,
  Head,
  List,
  PageSetup,
  Paragraph,
  ParagraphStyle,
  Recipients,
  Row,
  Run,
  Signature,
  StyleName,
  StyleSheet,
  Table,
  Title,
} from './doc-model.ts';
import type { SigningRight } from './doc-people.ts';
import { textWidth } from './doc-text.ts';
import { upper } from './words/documents.ts';

/** Changes whenever the documents built from the same input change. */
export const TEMPLATE_VERSION = 'documents-2026.09.1';

/** The words a format writes its own way, in one language. */
export interface FormatWords {
  /** the right column's title lines: the national title and motto, or the Party's name */
  title: string[];
  /** before the number: "Số: " (state), "Số " (Party) */
  numberPrefix: string;
  /** the authority mark over the position, for a signer who does not sign in their own right; `head` in capitals */
  authority: (right: Exclude<SigningRight, 'own'>, head: string) => string;
  /** the labels over the two signatures of the minutes */
  minutesSigners: { secretary: string; chair: string };
  /** the chair and the note-taker as the minutes' attendance names them */
  minutesRoles: { chair: string; secretary: string };
  /** the body the issuer reports to, as a recipient: "Thường trực Tỉnh ủy (để b/c)" */
  reportTo: (parent: string) => string;
  /** the storage line that ends the recipients */
  archive: { agenda: string; minutes: string };
  /** what ends the body's last sentence */
  endMark: string;
}

export interface HeadText {
  parent: string;
  issuer: string;
  /** the number as printed after the prefix, e.g. "05-CTr/BTGTU" */
  number: string;
  /** the place-and-date line; none where the format leaves it out */
  date?: string;
  lang: Language;
}

export interface SignatureText {
  role: Signature['role'];
  authority?: string;
  position: string;
  name: string;
}

export interface DocumentFormat {
  id: FormatId;
  page: PageSetup;
  styles: StyleSheet;
  /** the width between the margins */
  textWidth: number;
  /** the first letter of the summary under the type name (Vietnamese) */
  summaryCase: 'lower' | 'upper';
  /** whether minutes carry the place-and-date line */
  datedMinutes: boolean;
  words: Record<Language, FormatWords>;
  head(h: HeadText): Head;
  title(type: string, summary: string): Title;
  signature(s: SignatureText): Signature;
  recipients(heading: string, items: string[]): Recipients;
  /** one signature beside the recipients (a programme) or several side by side over them (minutes) */
  closing(signatures: Signature[], recipients: Recipients | undefined): Closing;
}

// ---------------------------------------------------------------- lengths and styles

/** Points rounded to a twentieth: every length of the model is a whole number of twips. */
export const pt = (points: number): number => Math.round(points * 20) / 20;
export const mm = (millimetres: number): number => pt((millimetres * 72) / 25.4);

export const FONT = 'Times New Roman';
export const A4 = { width: 595.3, height: 841.9 } as const;

/** A style: the given properties over single-spaced, left-aligned, upright text. */
export function style(size: number, props: Partial<ParagraphStyle> = {}): ParagraphStyle {
  return {
    font: FONT,
    size,
    bold: false,
    italic: false,
    underline: false,
    align: 'left',
    indent: { left: 0, right: 0, firstLine: 0 },
    spaceBefore: 0,
    spaceAfter: 0,
    line: { multiple: 1 },
    keepNext: false,
    tabs: [],
    ...props,
  };
}

/**
 * The styles neither rule sets, the same in both formats: table text 13 pt with 2 pt above and below, a note in
 * italics, an annex headed as Decree 30 heads one (§III.1.b–c: "Phụ lục" 14 pt bold, its title bold capitals, the
 * line naming the document italic).
 */
export const SHARED_STYLES = {
  note: style(13, { align: 'justify', italic: true, spaceAfter: 6 }),
  cell: style(13, { spaceBefore: 2, spaceAfter: 2 }),
  cellCenter: style(13, { align: 'center', spaceBefore: 2, spaceAfter: 2 }),
  cellHead: style(13, { align: 'center', bold: true, spaceBefore: 2, spaceAfter: 2, keepNext: true }),
  cellGroup: style(13, { bold: true, spaceBefore: 2, spaceAfter: 2, keepNext: true }),
  annexTitle: style(14, { align: 'center', bold: true, keepNext: true }),
  annexNote: style(14, { align: 'center', italic: true, spaceAfter: 12, keepNext: true }),
} satisfies Partial<StyleSheet>;

// ---------------------------------------------------------------- blocks

export type RunText = string | Run;

export const run = (text: string, props: Omit<Run, 'text'> = {}): Run => ({ text, ...props });

export function para(
  styleName: StyleName,
  content: RunText | RunText[],
  props: Omit<Paragraph, 'kind' | 'style' | 'runs'> = {},
): Paragraph {
  const runs = (Array.isArray(content) ? content : [content]).map((c) =>
    typeof c === 'string' ? { text: c } : c,
  );
  return { kind: 'paragraph', style: styleName, runs, ...props };
}

export const dashList = (items: RunText[][]): List => ({
  kind: 'list',
  marker: '-',
  items: items.map((item) => item.map((c) => (typeof c === 'string' ? { text: c } : c))),
});

const ROMAN: [number, string][] = [
  [10, 'X'],
  [9, 'IX'],
  [5, 'V'],
  [4, 'IV'],
  [1, 'I'],
];
export function roman(n: number): string {
  let out = '';
  let rest = n;
  for (const [value, letters] of ROMAN) {
    while (rest >= value) {
      out += letters;
      rest -= value;
    }
  }
  return out;
}

/** the lines of a ruled table */
export const TABLE_LINE = 0.5;
/** the space between a cell's edges and its text */
export const CELL_PADDING = 4.25;

/** The width of a column that holds these texts on one line each, in the table text's size. */
export function columnFor(styles: StyleSheet, texts: string[], bold = false): number {
  return pt(Math.max(0, ...texts.map((t) => textWidth(t, styles.cell.size, bold))) + 2 * CELL_PADDING + 4);
}

/** A cell's text: one paragraph, or one per line, in the cell's style. */
export type CellText = string | Run | (string | Run)[];

export type GridRow = { cells: CellText[] } | { group: string };

/** how many rows of a table stay on the page of its heading row: no page ends with a table's first rows alone */
const ROWS_WITH_HEADING = 3;

/**
 * A ruled table whose heading row repeats on every page it runs over and whose rows are not split across pages;
 * a `group` row spans all columns (a day of a programme). `styles` gives each column's cell style.
 */
export function grid(columns: number[], heading: string[], rows: GridRow[], styles: StyleName[]): Table {
  const cellOf = (text: CellText, s: StyleName, keep: boolean) => ({
    paragraphs: (Array.isArray(text) ? text : [text]).map((t) => para(s, t, keep ? { keepNext: true } : {})),
  });
  const toRow = (r: GridRow, i: number): Row =>
    'group' in r
      ? { cells: [{ paragraphs: [para('cellGroup', r.group)], span: columns.length }] }
      : {
          cells: r.cells.map((c, j) =>
            cellOf(c, styles[j] ?? 'cell', i < Math.min(ROWS_WITH_HEADING, rows.length) - 1),
          ),
        };
  return {
    kind: 'table',
    columns,
    lines: { kind: 'ruled', weight: TABLE_LINE },
    padding: CELL_PADDING,
    heading: { cells: heading.map((h) => cellOf(h, 'cellHead', false)) },
    rows: rows.map(toRow),
    keepRows: true,
  };
}

// ---------------------------------------------------------------- the closing, the same in both formats

/** A signature: the authority mark and the position in capitals, room to sign, the name. */
export function signatureBlock(s: SignatureText): Signature {
  return {
    role: s.role,
    ...(s.authority ? { authority: para('signAuthority', upper(s.authority)) } : {}),
    position: para('signPosition', upper(s.position)),
    space: 75,
    name: para('signName', s.name),
  };
}

export function recipientsBlock(heading: string, items: string[]): Recipients {
  return { heading: para('recipientsHeading', heading), items: items.map((i) => para('recipient', i)) };
}

/**
 * One signature beside the recipients (45 % of the width for them), or the signatures side by side in equal
 * columns with the recipients under them.
 */
export function closingFor(textWidth: number): DocumentFormat['closing'] {
  return (signatures, recipients) => {
    const beside = signatures.length === 1 && recipients !== undefined;
    const first = pt(beside ? textWidth * 0.45 : textWidth / 2);
    return {
      arrangement: beside ? 'beside' : 'below',
      spaceBefore: 12,
      columns: [first, pt(textWidth - first)],
      signatures,
      ...(recipients
        ? {
            recipients: beside
              ? recipients
              : { ...recipients, heading: { ...recipients.heading, spaceBefore: 18 } },
          }
        : {}),
    };
  };
}
