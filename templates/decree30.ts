/**
 * The layout every document shares (Decree 30/2020/NĐ-CP, Appendix I): A4, margins, Times New Roman, the header
 * table (agency and number on the left, national title, motto and place-and-date on the right), the type name and
 * summary, the signer block and the recipients list, page numbers at the top centre from the second page.
 *
 * The parts of a package that do not depend on the document (styles, settings, fonts, the page-number headers,
 * the section properties) are written once by docx into a package built at module load; each document then has
 * docx write only its body, which is spliced into that package's document part and zipped with fixed timestamps.
 * Parts of the body that recur (the header table and title, the rows of the ruled tables) are written by docx once
 * with slots for their texts and filled in per document, to the same XML docx would write for them afresh.
 * The same input therefore always gives the same bytes.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  type IContext,
  type IXmlableObject,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  type ParagraphChild,
  Tab,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  XmlComponent,
} from 'docx';
import { deflateEntry, entryText, readZip, writeZip, type ZipEntry } from './doc-zip.ts';

/** Changes whenever the documents built from the same input change. */
export const TEMPLATE_VERSION = 'decree30-2026.08.1';

export const FONT = 'Times New Roman';
const MM = 1440 / 25.4;
export const PAGE = {
  width: 11906,
  height: 16838,
  top: Math.round(20 * MM),
  bottom: Math.round(20 * MM),
  left: Math.round(30 * MM),
  right: Math.round(15 * MM),
  header: Math.round(10 * MM),
  footer: Math.round(10 * MM),
} as const;
/** the width between the margins, in twips */
export const TEXT_WIDTH = PAGE.width - PAGE.left - PAGE.right;
/** first-line indent of body paragraphs: 1.27 cm */
export const FIRST_LINE = 720;

export type Block = Paragraph | Table;

/** Paragraph styles; each document refers to them by id instead of repeating their properties. */
export const S = {
  body: 'Body',
  bodyBold: 'BodyBold',
  plain: 'Plain',
  head: 'HeadText',
  type: 'DocType',
  summary: 'DocSummary',
  cell: 'Cell',
  cellCenter: 'CellCenter',
  cellHead: 'CellHead',
  recipHead: 'RecipientsHead',
  recip: 'Recipient',
  sign: 'Signer',
  rule: 'Rule',
  pageNumber: 'PageNum',
} as const;

const STYLES = {
  default: {
    document: {
      run: { font: { ascii: FONT, hAnsi: FONT, cs: FONT, eastAsia: FONT }, size: 28 },
      paragraph: { spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO } },
    },
  },
  paragraphStyles: [
    {
      id: S.body,
      name: 'Body Text Decree 30',
      basedOn: 'Normal',
      next: S.body,
      quickFormat: true,
      paragraph: {
        alignment: AlignmentType.BOTH,
        indent: { firstLine: FIRST_LINE },
        spacing: { before: 0, after: 120, line: 264, lineRule: LineRuleType.AUTO },
      },
    },
    { id: S.bodyBold, name: 'Body Bold', basedOn: S.body, next: S.body, run: { bold: true } },
    {
      id: S.plain,
      name: 'Body Left',
      basedOn: S.body,
      next: S.body,
      paragraph: { alignment: AlignmentType.START, indent: { firstLine: 0 } },
    },
    {
      id: S.head,
      name: 'Header Text',
      basedOn: 'Normal',
      run: { size: 26 },
      paragraph: { alignment: AlignmentType.CENTER },
    },
    {
      id: S.type,
      name: 'Document Type',
      basedOn: 'Normal',
      next: S.summary,
      run: { bold: true, size: 28 },
      paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 480, after: 0 }, keepNext: true },
    },
    {
      id: S.summary,
      name: 'Document Summary',
      basedOn: 'Normal',
      run: { bold: true, size: 28 },
      paragraph: { alignment: AlignmentType.CENTER, keepNext: true },
    },
    {
      id: S.cell,
      name: 'Table Text',
      basedOn: 'Normal',
      run: { size: 26 },
      paragraph: { spacing: { before: 40, after: 40 } },
    },
    {
      id: S.cellCenter,
      name: 'Table Text Centred',
      basedOn: S.cell,
      paragraph: { alignment: AlignmentType.CENTER },
    },
    {
      id: S.cellHead,
      name: 'Table Heading',
      basedOn: S.cellCenter,
      run: { bold: true },
      paragraph: { keepNext: true },
    },
    {
      id: S.recipHead,
      name: 'Recipients Heading',
      basedOn: 'Normal',
      run: { bold: true, italics: true, size: 24 },
      paragraph: { keepNext: true },
    },
    { id: S.recip, name: 'Recipient', basedOn: 'Normal', run: { size: 22 }, paragraph: { keepNext: true } },
    {
      id: S.sign,
      name: 'Signer',
      basedOn: 'Normal',
      run: { bold: true, size: 28 },
      paragraph: { alignment: AlignmentType.CENTER, keepNext: true },
    },
    {
      id: S.rule,
      name: 'Rule',
      basedOn: 'Normal',
      run: { size: 2 },
      paragraph: { spacing: { before: 0, after: 0, line: 40, lineRule: LineRuleType.EXACT } },
    },
    {
      id: S.pageNumber,
      name: 'Page Number',
      basedOn: 'Normal',
      run: { size: 26 },
      paragraph: { alignment: AlignmentType.CENTER },
    },
  ],
};

// ---------------------------------------------------------------- text

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters removed
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** NFC, line breaks as "\n", and no control characters but tab and newline. */
export function cleanText(text: string): string {
  return text.normalize('NFC').replace(/\r\n?/g, '\n').replace(CONTROL, '').replace(LONE_SURROGATE, '');
}

/** Every string inside a value cleaned (see {@link cleanText}); the value's shape is kept. */
export function cleanDeep<T>(value: T): T {
  if (typeof value === 'string') return cleanText(value) as T;
  if (Array.isArray(value)) return value.map((v) => cleanDeep(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = cleanDeep(v);
    return out as T;
  }
  return value;
}

/** Text for one line: runs of whitespace, newlines included, become one space. */
export const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ').trim();

/** Lines of a multi-line text, blank ones dropped. */
export const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);

export interface RunStyle {
  bold?: boolean;
  italics?: boolean;
  size?: number;
}

/** A run of text; tabs become tab characters of the document. */
export function run(text: string, style: RunStyle = {}): TextRun {
  if (!text.includes('\t')) return new TextRun({ text, ...style });
  const children: (string | Tab)[] = [];
  text.split('\t').forEach((part, i) => {
    if (i > 0) children.push(new Tab());
    if (part) children.push(part);
  });
  return new TextRun({ children, ...style });
}

export interface ParaOptions {
  style?: string;
  alignment?: (typeof AlignmentType)[keyof typeof AlignmentType];
  keepNext?: boolean;
  pageBreakBefore?: boolean;
  spacingBefore?: number;
  spacingAfter?: number;
}

export function para(children: ParagraphChild[] | string, options: ParaOptions = {}): Paragraph {
  const spacing =
    options.spacingBefore !== undefined || options.spacingAfter !== undefined
      ? {
          ...(options.spacingBefore !== undefined ? { before: options.spacingBefore } : {}),
          ...(options.spacingAfter !== undefined ? { after: options.spacingAfter } : {}),
        }
      : undefined;
  return new Paragraph({
    style: options.style ?? S.body,
    children: typeof children === 'string' ? [run(children)] : children,
    ...(options.alignment ? { alignment: options.alignment } : {}),
    ...(options.keepNext ? { keepNext: true } : {}),
    ...(options.pageBreakBefore ? { pageBreakBefore: true } : {}),
    ...(spacing ? { spacing } : {}),
  });
}

/** "Label: value" with the label bold. */
export function labelled(
  label: string,
  value: string,
  style: string = S.body,
  spacingBefore?: number,
): Paragraph {
  return new Paragraph({
    style,
    children: [run(label, { bold: true }), run(value)],
    ...(spacingBefore !== undefined ? { spacing: { before: spacingBefore } } : {}),
  });
}

/** space above the first paragraph after a table, in twips */
export const AFTER_TABLE = 160;

/** The text with a full stop, unless it already ends a sentence. */
export const endSentence = (text: string): string => (/[.!?…:;]$/.test(text) ? text : `${text}.`);

/** Roughly how wide a line of Times New Roman is, in twips; enough to size the short rules. */
export function textWidth(text: string, sizePt: number, bold = false): number {
  let em = 0;
  for (const ch of text.normalize('NFD')) {
    if (/[\u0300-\u036f]/.test(ch)) continue;
    if (ch === ' ') em += 0.25;
    else if (/[A-ZĐ]/.test(ch)) em += bold ? 0.72 : 0.68;
    else if (/[0-9]/.test(ch)) em += 0.5;
    else if (/[a-zđ]/.test(ch)) em += bold ? 0.5 : 0.45;
    else em += 0.33;
  }
  return Math.round(em * sizePt * 20);
}

/** A centred horizontal rule `width` twips long inside a space `within` twips wide. */
export function rule(width: number, within: number): Paragraph {
  const side = Math.max(0, Math.round((within - width) / 2));
  return new Paragraph({
    style: S.rule,
    indent: { left: side, right: side },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
  });
}

// ---------------------------------------------------------------- tables

const NO_BORDERS = {
  top: { style: BorderStyle.NONE, size: 0, color: 'auto' },
  bottom: { style: BorderStyle.NONE, size: 0, color: 'auto' },
  left: { style: BorderStyle.NONE, size: 0, color: 'auto' },
  right: { style: BorderStyle.NONE, size: 0, color: 'auto' },
  insideHorizontal: { style: BorderStyle.NONE, size: 0, color: 'auto' },
  insideVertical: { style: BorderStyle.NONE, size: 0, color: 'auto' },
};
const LINE = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const GRID_BORDERS = {
  top: LINE,
  bottom: LINE,
  left: LINE,
  right: LINE,
  insideHorizontal: LINE,
  insideVertical: LINE,
};

function cell(children: Paragraph[], width: number, span = 1): TableCell {
  return new TableCell({
    children,
    width: { size: width, type: WidthType.DXA },
    ...(span > 1 ? { columnSpan: span } : {}),
  });
}

/** A layout table without borders (header, signatures). */
export function layoutTable(
  columns: number[],
  rows: Paragraph[][][],
  options: { cantSplit?: boolean } = {},
): Table {
  return new Table({
    width: { size: sum(columns), type: WidthType.DXA },
    columnWidths: columns,
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    margins: { left: 0, right: 0, top: 0, bottom: 0 },
    rows: rows.map(
      (cells) =>
        new TableRow({
          ...(options.cantSplit ? { cantSplit: true } : {}),
          children: cells.map((c, i) => cell(c, columns[i] ?? 0)),
        }),
    ),
  });
}

/** A cell's text: one paragraph, or one paragraph per line, in the cell's style. */
export type CellText = string | string[];

export type GridRow = { cells: CellText[]; styles?: string[] } | { group: string };

/** A row of a ruled table as its kind and, for each cell, its style and the text of each of its paragraphs. */
interface RowSpec {
  kind: 'head' | 'group' | 'cells';
  cells: { style: string; texts: string[] }[];
}

const headSpec = (heading: string[]): RowSpec => ({
  kind: 'head',
  cells: heading.map((h) => ({ style: S.cellHead, texts: [h] })),
});

function rowSpec(row: GridRow, styles: string[]): RowSpec {
  if ('group' in row) return { kind: 'group', cells: [{ style: S.cell, texts: [row.group] }] };
  return {
    kind: 'cells',
    cells: row.cells.map((c, i) => ({
      style: row.styles?.[i] ?? styles[i] ?? S.cell,
      texts: typeof c === 'string' ? [c] : c,
    })),
  };
}

function gridRow(columns: number[], spec: RowSpec): TableRow {
  if (spec.kind === 'group') {
    const text = spec.cells[0]?.texts[0] ?? '';
    return new TableRow({
      cantSplit: true,
      children: [
        cell(
          [new Paragraph({ style: S.cell, keepNext: true, children: [run(text, { bold: true })] })],
          sum(columns),
          columns.length,
        ),
      ],
    });
  }
  return new TableRow({
    ...(spec.kind === 'head' ? { tableHeader: true } : {}),
    cantSplit: true,
    children: spec.cells.map((c, i) =>
      cell(
        c.texts.map((t) => para(t, { style: c.style })),
        columns[i] ?? 0,
      ),
    ),
  });
}

const ruledTable = (columns: number[], rows: TableRow[]): Table =>
  new Table({
    width: { size: sum(columns), type: WidthType.DXA },
    columnWidths: columns,
    layout: TableLayoutType.FIXED,
    borders: GRID_BORDERS,
    margins: { left: 85, right: 85, top: 0, bottom: 0 },
    rows,
  });

/**
 * A ruled table whose heading row is repeated on every page it spans; rows are not split across pages.
 * A `group` row spans all columns (e.g. a day of a programme). Written by docx as a whole; {@link gridTableXml}
 * writes the same XML from rows docx wrote once.
 */
export function gridTable(columns: number[], heading: string[], rows: GridRow[], styles: string[]): Table {
  return ruledTable(columns, [
    gridRow(columns, headSpec(heading)),
    ...rows.map((r) => gridRow(columns, rowSpec(r, styles))),
  ]);
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

// ---------------------------------------------------------------- header, title, signature, recipients

/** left and right columns of the header table */
export const HEADER_COLUMNS = [3742, TEXT_WIDTH - 3742];

export interface HeaderInput {
  parent: string;
  agency: string;
  /** the whole number line, e.g. "Số: 05/CTr-BTGTU" */
  numberLine: string;
  nationalTitle: string;
  motto: string;
  /** the italic place-and-date line; none for minutes */
  dateLine?: string;
}

export function headerTable(h: HeaderInput): Table {
  const [left, right] = HEADER_COLUMNS as [number, number];
  const agency = h.agency.toLocaleUpperCase('vi');
  const agencyRule = Math.min(Math.max(textWidth(agency, 13, true) * 0.45, 1000), left * 0.5);
  const mottoRule = Math.min(textWidth(h.motto, 13, true), right);
  return layoutTable(HEADER_COLUMNS, [
    [
      [
        para([run(h.parent.toLocaleUpperCase('vi'))], { style: S.head }),
        para([run(agency, { bold: true })], { style: S.head }),
        rule(agencyRule, left),
      ],
      [
        para([run(h.nationalTitle, { bold: true, size: 24 })], { style: S.head }),
        para([run(h.motto, { bold: true })], { style: S.head }),
        rule(mottoRule, right),
      ],
    ],
    [
      [para([run(h.numberLine)], { style: S.head, spacingBefore: 120 })],
      [
        h.dateLine
          ? para([run(h.dateLine, { italics: true, size: 28 })], { style: S.head, spacingBefore: 120 })
          : para([], { style: S.head }),
      ],
    ],
  ]);
}

/** The type name (bold uppercase) and the summary under it, with a short rule. */
export function titleBlock(type: string, summary: string): Paragraph[] {
  const width = Math.min(textWidth(summary, 14, true), TEXT_WIDTH);
  return [
    para([run(type.toLocaleUpperCase('vi'))], { style: S.type }),
    para([run(summary)], { style: S.summary }),
    rule(Math.max(Math.round(width / 3), 1400), TEXT_WIDTH),
    para([], { style: S.plain, spacingAfter: 120 }),
  ];
}

export interface SignerLines {
  /** e.g. "KT. TRƯỞNG BAN"; none when the head signs */
  authority?: string;
  /** e.g. "PHÓ TRƯỞNG BAN" */
  position: string;
  name: string;
}

/** The signer block, centred in its column: authority, position, space for the signature, name. */
export function signerBlock(s: SignerLines): Paragraph[] {
  const out: Paragraph[] = [];
  if (s.authority) out.push(para([run(s.authority.toLocaleUpperCase('vi'))], { style: S.sign }));
  out.push(para([run(s.position.toLocaleUpperCase('vi'))], { style: S.sign }));
  out.push(para([run(s.name)], { style: S.sign, spacingBefore: 1500 }));
  return out;
}

/** "Nơi nhận:" and its items, the last of which is the archive line. */
export function recipientsBlock(heading: string, items: string[], spacingBefore = 0): Paragraph[] {
  return [
    para([run(heading)], { style: S.recipHead, ...(spacingBefore ? { spacingBefore } : {}) }),
    ...items.map((i) => para([run(i)], { style: S.recip })),
  ];
}

/** Recipients on the left, signer on the right, kept together on one page. */
export function closingTable(recipients: Paragraph[], signer: Paragraph[]): Table {
  const left = Math.round(TEXT_WIDTH * 0.45);
  return layoutTable([left, TEXT_WIDTH - left], [[recipients, signer]], { cantSplit: true });
}

// ---------------------------------------------------------------- packing

const BODY_MARK = 'DECREE30-BODY-MARK';
const TITLE_MARK = 'DECREE30-TITLE-MARK';
const CREATOR_MARK = 'DECREE30-CREATOR-MARK';
const REVISION_MARK = 918273645;

/** A document with the shared layout and these blocks as its body. */
export function decree30Document(children: Block[]): Document {
  return new Document({
    creator: CREATOR_MARK,
    lastModifiedBy: CREATOR_MARK,
    title: TITLE_MARK,
    revision: REVISION_MARK,
    styles: STYLES,
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: {
              top: PAGE.top,
              bottom: PAGE.bottom,
              left: PAGE.left,
              right: PAGE.right,
              header: PAGE.header,
              footer: PAGE.footer,
              gutter: 0,
            },
          },
        },
        headers: {
          first: new Header({ children: [new Paragraph({ style: S.pageNumber })] }),
          default: new Header({
            children: [
              new Paragraph({
                style: S.pageNumber,
                children: [new TextRun({ children: [PageNumber.CURRENT] })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
}

interface Shell {
  doc: Document;
  /** the package's entries in order; the document and core properties are replaced per document */
  entries: ZipEntry[];
  documentHead: string;
  documentTail: string;
  core: string;
}

async function buildShell(): Promise<Shell> {
  const doc = decree30Document([new Paragraph({ children: [new TextRun(BODY_MARK)] })]);
  const entries = readZip(await Packer.toBuffer(doc));
  const documentEntry = entries.find((e) => e.name === 'word/document.xml');
  const coreEntry = entries.find((e) => e.name === 'docProps/core.xml');
  if (!documentEntry || !coreEntry)
    throw new Error('docx wrote a package without a document or core properties');
  const xml = entryText(documentEntry);
  const mark = xml.indexOf(BODY_MARK);
  const start = xml.lastIndexOf('<w:p>', mark);
  const end = xml.indexOf('</w:p>', mark) + '</w:p>'.length;
  if (mark < 0 || start < 0) throw new Error('The body mark is missing from the document part');
  return {
    doc,
    entries,
    documentHead: xml.slice(0, start),
    documentTail: xml.slice(end),
    core: entryText(coreEntry),
  };
}

let shell: Promise<Shell> | undefined;
/** The shared package, built on first use (module load of a document builder starts it). */
export function loadShell(): Promise<Shell> {
  shell ??= buildShell();
  return shell;
}

/** A container that lets docx write a list of body elements in one pass. */
class Fragment extends XmlComponent {
  constructor(children: Block[]) {
    super('fragment');
    for (const c of children) this.root.push(c);
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '"': '&quot;',
  "'": '&apos;',
  '<': '&lt;',
  '>': '&gt;',
};
// biome-ignore lint/suspicious/noControlCharactersInRegex: characters XML does not allow are dropped
const ESCAPED = /[&"'<>\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;
const escapeXml = (value: unknown): string =>
  typeof value === 'string' ? value.replace(ESCAPED, (c) => ESCAPES[c] ?? '') : String(value);

function attributesXml(attr: Record<string, unknown>): string {
  let out = '';
  for (const k in attr) out += ` ${k}="${escapeXml(attr[k])}"`;
  return out;
}

/** Writes docx's element objects as XML, exactly as docx writes a package part without indentation. */
function stringify(data: IXmlableObject): string {
  let name: string | undefined;
  for (const k in data) {
    name = k;
    break;
  }
  if (name === undefined) return '';
  const values: unknown = data[name];
  if (values === undefined) return `<${name}></${name}>`;
  if (typeof values !== 'object') return `<${name}>${escapeXml(values)}</${name}>`;
  if (values === null) return `<${name}/>`;
  const attr = (values as { _attr?: Record<string, unknown> })._attr;
  let attributes = attr ? attributesXml(attr) : '';
  if (!Array.isArray(values)) return `<${name}${attributes}/>`;
  const parts: string[] = [''];
  let isText = false;
  for (const value of values) {
    if (typeof value === 'object' && value !== null) {
      let first: string | undefined;
      for (const k in value) {
        first = k;
        break;
      }
      if (first === '_attr') attributes += attributesXml((value as { _attr: Record<string, unknown> })._attr);
      else parts.push(stringify(value as IXmlableObject));
    } else {
      parts.pop();
      isText = true;
      parts.push(escapeXml(value));
    }
  }
  if (!isText) parts.push('');
  return `<${name}${attributes}>${parts.join('')}</${name}>`;
}

export interface DocMeta {
  title: string;
  creator: string;
  /** the document's version, written as the package's revision */
  revision: number;
  /** ISO date-time written as created and modified */
  date: string;
}

/** XML written ahead of time, placed in the body as it is, and the docx blocks it stands for. */
export class PrebuiltXml {
  constructor(
    readonly xml: string,
    /** the blocks that docx, writing them afresh, writes as `xml` */
    readonly blocks: () => Block[],
  ) {}
}

/** What a body is made of: docx blocks, and XML docx wrote earlier for blocks that recur. */
export type Part = Block | PrebuiltXml;

/** The body as docx blocks only: what docx alone would write the same body from. */
export const referenceBlocks = (parts: Part[]): Block[] =>
  parts.flatMap((p) => (p instanceof PrebuiltXml ? p.blocks() : [p]));

function writeBlocks(doc: Document, blocks: Block[]): string {
  if (blocks.length === 0) return '';
  const context: IContext = { file: doc, viewWrapper: doc.Document, stack: [] };
  const children = new Fragment(blocks).prepForXml(context)?.fragment;
  if (!Array.isArray(children)) return '';
  let out = '';
  for (const c of children) out += stringify(c as IXmlableObject);
  return out;
}

function writeParts(doc: Document, parts: Part[]): string {
  let out = '';
  let pending: Block[] = [];
  for (const p of parts) {
    if (p instanceof PrebuiltXml) {
      out += writeBlocks(doc, pending) + p.xml;
      pending = [];
    } else pending.push(p);
  }
  return out + writeBlocks(doc, pending);
}

/** The body XML docx writes for these parts. */
export async function bodyXml(parts: Part[]): Promise<string> {
  const { doc } = await loadShell();
  return writeParts(doc, parts);
}

const NUMBER_SLOT = '\uE000';
const DATE_SLOT = '\uE001';
const HEADINGS_KEPT = 256;
const headings = new Map<string, string>();

/**
 * The header table and the title block. Their XML depends on the agency, the language and the summary, so it is
 * written once for each and kept; only the number line and the date line are filled in per document.
 */
export async function headingXml(h: HeaderInput, type: string, summary: string): Promise<PrebuiltXml> {
  const { doc } = await loadShell();
  const hasDate = Boolean(h.dateLine);
  const fixed = [h.parent, h.agency, h.nationalTitle, h.motto, type, summary];
  const blocks = () => [headerTable(h), ...titleBlock(type, summary)];
  if (fixed.some((t) => t.includes(NUMBER_SLOT) || t.includes(DATE_SLOT))) {
    return new PrebuiltXml(writeParts(doc, blocks()), blocks);
  }
  const key = JSON.stringify([...fixed, hasDate]);
  let xml = headings.get(key);
  if (xml === undefined) {
    const slots: HeaderInput = { ...h, numberLine: NUMBER_SLOT, ...(hasDate ? { dateLine: DATE_SLOT } : {}) };
    xml = writeParts(doc, [headerTable(slots), ...titleBlock(type, summary)]);
    if (headings.size >= HEADINGS_KEPT) headings.clear();
    headings.set(key, xml);
  }
  const numberXml = escapeXml(h.numberLine);
  const dateXml = escapeXml(h.dateLine ?? '');
  return new PrebuiltXml(
    xml.replace(NUMBER_SLOT, () => numberXml).replace(DATE_SLOT, () => dateXml),
    blocks,
  );
}

// ---------------------------------------------------------------- ruled tables from rows written once

/*
 * Most of the time docx takes for a document goes into the objects of its table rows. A ruled table's rows come in
 * a few shapes (the heading, a day, an item with so many lines in each cell, a member), so docx writes each shape
 * once, with numbered slots for its texts, inside a table like the one it belongs to; each table of a document is
 * then the table's opening, written once per set of columns, and for each row its shape's XML with the row's texts
 * escaped into the slots, exactly as docx escapes them. The shape of a text covers what docx writes differently for
 * it: a tab splits it into runs with a tab between (empty parts are left out), and a part that names a page number
 * field becomes that field.
 */

const SLOT_OPEN = '\uE010';
const SLOT_CLOSE = '\uE011';
const SLOT = /\uE010(\d+)\uE011/;
const TABLE_END = '</w:tbl>';
const PAGE_FIELDS: ReadonlySet<string> = new Set(Object.values(PageNumber));
const SHAPES_KEPT = 1024;

/** A row's XML: `statics[0]`, the text of slot `slots[0]`, `statics[1]`, and so on. */
interface RowXml {
  statics: string[];
  slots: number[];
}

const openings = new Map<string, string>();
const shapes = new Map<string, RowXml>();

/** The row with numbered slots for its texts; the texts go into `values`, in the slots' order. */
function slotted(spec: RowSpec, values: string[]): RowSpec {
  const slot = (text: string): string => {
    values.push(text);
    return `${SLOT_OPEN}${values.length - 1}${SLOT_CLOSE}`;
  };
  const textShape = (text: string): string =>
    text.includes('\t')
      ? text
          .split('\t')
          .map((part) => (part === '' || PAGE_FIELDS.has(part) ? part : slot(part)))
          .join('\t')
      : slot(text);
  return {
    kind: spec.kind,
    cells: spec.cells.map((c) => ({ style: c.style, texts: c.texts.map(textShape) })),
  };
}

function tableOpening(doc: Document, columns: number[], key: string): string {
  let opening = openings.get(key);
  if (opening === undefined) {
    const xml = writeBlocks(doc, [ruledTable(columns, [])]);
    if (!xml.endsWith(TABLE_END)) throw new Error('docx wrote a table that does not end as a table');
    opening = xml.slice(0, -TABLE_END.length);
    if (openings.size >= SHAPES_KEPT) openings.clear();
    openings.set(key, opening);
  }
  return opening;
}

function shapeXml(doc: Document, columns: number[], opening: string, shape: RowSpec, slots: number): RowXml {
  const xml = writeBlocks(doc, [ruledTable(columns, [gridRow(columns, shape)])]);
  if (!xml.startsWith(opening) || !xml.endsWith(TABLE_END))
    throw new Error('docx wrote the table around a row differently from the table alone');
  const pieces = xml.slice(opening.length, -TABLE_END.length).split(SLOT);
  const statics = pieces.filter((_, i) => i % 2 === 0);
  const order = pieces.filter((_, i) => i % 2 === 1).map(Number);
  if (order.length !== slots || new Set(order).size !== slots || order.some((n) => n >= slots))
    throw new Error('docx did not write each text of a table row exactly once');
  return { statics, slots: order };
}

/** The same XML as docx writes for {@link gridTable} with these arguments. */
export async function gridTableXml(
  columns: number[],
  heading: string[],
  rows: GridRow[],
  styles: string[],
): Promise<PrebuiltXml> {
  const { doc } = await loadShell();
  const columnsKey = columns.join(',');
  const opening = tableOpening(doc, columns, columnsKey);
  let xml = opening;
  const values: string[] = [];
  for (const spec of [headSpec(heading), ...rows.map((r) => rowSpec(r, styles))]) {
    values.length = 0;
    const shape = slotted(spec, values);
    const key = `${columnsKey}|${JSON.stringify(shape)}`;
    let row = shapes.get(key);
    if (row === undefined) {
      row = shapeXml(doc, columns, opening, shape, values.length);
      if (shapes.size >= SHAPES_KEPT) shapes.clear();
      shapes.set(key, row);
    }
    const { statics, slots } = row;
    xml += statics[0];
    for (let i = 0; i < slots.length; i++) xml += escapeXml(values[slots[i] as number]) + statics[i + 1];
  }
  return new PrebuiltXml(xml + TABLE_END, () => [gridTable(columns, heading, rows, styles)]);
}

/** The DOCX package: the shared parts, this body, and these core properties. */
export async function packDocument(parts: Part[], meta: DocMeta): Promise<Uint8Array> {
  const s = await loadShell();
  const body = writeParts(s.doc, parts);
  const core = s.core
    .replaceAll(TITLE_MARK, escapeXml(meta.title))
    .replaceAll(CREATOR_MARK, escapeXml(meta.creator))
    .replace(String(REVISION_MARK), String(meta.revision))
    .replace(/(<dcterms:created[^>]*>)[^<]*/, `$1${meta.date}`)
    .replace(/(<dcterms:modified[^>]*>)[^<]*/, `$1${meta.date}`);
  const entries = s.entries.map((e) =>
    e.name === 'word/document.xml'
      ? deflateEntry(e.name, s.documentHead + body + s.documentTail)
      : e.name === 'docProps/core.xml'
        ? deflateEntry(e.name, core)
        : e,
  );
  return writeZip(entries);
}

/** Starts building the shared package as soon as a document module is loaded. */
void loadShell();
