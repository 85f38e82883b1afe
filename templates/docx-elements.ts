/**
 * The document model's styles and blocks as docx elements: a style for each of the model's styles, a paragraph, a
 * dash-list item, a rule, a space, a ruled or layout table; written by docx exactly as it writes them in a package.
 */
import {
  AlignmentType,
  BorderStyle,
  Paragraph as DocxParagraph,
  Table as DocxTable,
  FileChild,
  type IContext,
  ImportedXmlComponent,
  type IParagraphStyleOptions,
  type IXmlableObject,
  LineRuleType,
  Tab,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  UnderlineType,
  WidthType,
} from 'docx';
import { FONT } from './doc-format.ts';
import {
  type Alignment,
  type Cell,
  type LanguageTag,
  type Paragraph,
  type ParagraphStyle,
  type Row,
  type Rule,
  type Run,
  STYLE_NAMES,
  type StyleName,
  type StyleSheet,
  type Table,
} from './doc-model.ts';

/** twentieths of a point */
export const tw = (points: number): number => Math.round(points * 20);

// ---------------------------------------------------------------- styles

export const styleId = (name: StyleName): string => `Ev${name.charAt(0).toUpperCase()}${name.slice(1)}`;
/** the renderer's own style for the paragraph that draws a rule */
const RULE_STYLE = 'EvRuleLine';

const ALIGN: Record<Alignment, (typeof AlignmentType)[keyof typeof AlignmentType]> = {
  left: AlignmentType.START,
  center: AlignmentType.CENTER,
  right: AlignmentType.END,
  justify: AlignmentType.BOTH,
};

function paragraphStyle(name: StyleName, s: ParagraphStyle): IParagraphStyleOptions {
  const line =
    'exactly' in s.line
      ? { line: tw(s.line.exactly), lineRule: LineRuleType.EXACT }
      : { line: Math.round(240 * s.line.multiple), lineRule: LineRuleType.AUTO };
  const { left, right, firstLine } = s.indent;
  return {
    id: styleId(name),
    name: `Exchange visits ${name}`,
    basedOn: 'Normal',
    ...(name === 'body' ? { quickFormat: true } : {}),
    run: {
      font: FONT,
      size: tw(s.size) / 10,
      ...(s.bold ? { bold: true } : {}),
      ...(s.italic ? { italics: true } : {}),
      ...(s.underline ? { underline: { type: UnderlineType.SINGLE } } : {}),
    },
    paragraph: {
      alignment: ALIGN[s.align],
      indent: {
        left: tw(left),
        right: tw(right),
        ...(firstLine < 0 ? { hanging: tw(-firstLine) } : { firstLine: tw(firstLine) }),
      },
      spacing: { before: tw(s.spaceBefore), after: tw(s.spaceAfter), ...line },
      ...(s.keepNext ? { keepNext: true } : {}),
      ...(s.tabs.length > 0
        ? { tabStops: s.tabs.map((t) => ({ type: TabStopType.LEFT, position: tw(t) })) }
        : {}),
    },
  };
}

export function docxStyles(styles: StyleSheet, lang: LanguageTag) {
  return {
    default: {
      document: {
        run: {
          font: { ascii: FONT, hAnsi: FONT, cs: FONT, eastAsia: FONT },
          size: tw(styles.body.size) / 10,
          language: { value: lang, eastAsia: lang },
        },
        paragraph: { spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO } },
      },
    },
    paragraphStyles: [
      ...STYLE_NAMES.map((name) => paragraphStyle(name, styles[name])),
      {
        id: RULE_STYLE,
        name: 'Exchange visits rule',
        basedOn: 'Normal',
        run: { size: 2 },
        paragraph: { spacing: { before: 0, after: 0, line: 40, lineRule: LineRuleType.EXACT } },
      },
    ],
  };
}

// ---------------------------------------------------------------- blocks as docx writes them

function textChildren(text: string): (string | Tab)[] {
  const out: (string | Tab)[] = [];
  text.split('\t').forEach((part, i) => {
    if (i > 0) out.push(new Tab());
    if (part) out.push(part);
  });
  return out;
}

function docxRun(r: Run): TextRun {
  return new TextRun({
    ...(r.text.includes('\t') ? { children: textChildren(r.text) } : { text: r.text }),
    ...(r.bold !== undefined ? { bold: r.bold } : {}),
    ...(r.italic !== undefined ? { italics: r.italic } : {}),
    ...(r.underline !== undefined
      ? { underline: { type: r.underline ? UnderlineType.SINGLE : UnderlineType.NONE } }
      : {}),
    ...(r.lang ? { language: { value: r.lang, eastAsia: r.lang } } : {}),
  });
}

export function docxParagraph(p: Paragraph): DocxParagraph {
  const spacing = {
    ...(p.spaceBefore !== undefined ? { before: tw(p.spaceBefore) } : {}),
    ...(p.spaceAfter !== undefined ? { after: tw(p.spaceAfter) } : {}),
  };
  return new DocxParagraph({
    style: styleId(p.style),
    children: p.runs.map(docxRun),
    ...(p.keepNext !== undefined ? { keepNext: p.keepNext } : {}),
    ...(p.pageBreakBefore ? { pageBreakBefore: true } : {}),
    ...(Object.keys(spacing).length > 0 ? { spacing } : {}),
  });
}

/** A list item: the marker, a tab, the runs, in the `dash` style. */
export const docxListItem = (marker: string, runs: Run[]): DocxParagraph =>
  new DocxParagraph({
    style: styleId('dash'),
    children: [new TextRun({ children: [marker, new Tab()] }), ...runs.map(docxRun)],
  });

/** A rule: an empty paragraph with a bottom border, indented to be `width` long in `within`. */
export function docxRule(r: Rule, within: number): DocxParagraph {
  const side = Math.max(0, Math.round((tw(within) - tw(r.width)) / 2));
  return new DocxParagraph({
    style: RULE_STYLE,
    indent: { left: side, right: side },
    border: {
      bottom: { style: BorderStyle.SINGLE, size: Math.round(r.weight * 8), color: '000000', space: 1 },
    },
  });
}

/** An empty paragraph exactly `height` points high, kept with what follows it. */
export const docxSpace = (height: number): DocxParagraph =>
  new DocxParagraph({
    style: styleId('spacer'),
    keepNext: true,
    spacing: { before: 0, after: 0, line: tw(height), lineRule: LineRuleType.EXACT },
  });

const NONE = { style: BorderStyle.NONE, size: 0, color: 'auto' };
const NO_BORDERS = {
  top: NONE,
  bottom: NONE,
  left: NONE,
  right: NONE,
  insideHorizontal: NONE,
  insideVertical: NONE,
};

/** The table's properties and columns, without rows. */
export type TableFrame = Omit<Table, 'kind' | 'heading' | 'rows'>;

const cellWidth = (columns: number[], at: number, span: number): number =>
  columns.slice(at, at + span).reduce((a, b) => a + b, 0);

export function docxRow(frame: TableFrame, row: Row, heading: boolean): TableRow {
  let at = 0;
  return new TableRow({
    ...(heading ? { tableHeader: true } : {}),
    ...(frame.keepRows ? { cantSplit: true } : {}),
    children: row.cells.map((cell: Cell) => {
      const span = cell.span ?? 1;
      const width = cellWidth(frame.columns, at, span);
      at += span;
      return new TableCell({
        children: cell.paragraphs.map(docxParagraph),
        width: { size: tw(width), type: WidthType.DXA },
        ...(span > 1 ? { columnSpan: span } : {}),
      });
    }),
  });
}

export function docxTable(frame: TableFrame, rows: TableRow[]): DocxTable {
  const line =
    frame.lines.kind === 'ruled'
      ? { style: BorderStyle.SINGLE, size: Math.round(frame.lines.weight * 8), color: '000000' }
      : undefined;
  return new DocxTable({
    width: { size: frame.columns.reduce((a, c) => a + tw(c), 0), type: WidthType.DXA },
    columnWidths: frame.columns.map(tw),
    layout: TableLayoutType.FIXED,
    borders: line
      ? { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line }
      : NO_BORDERS,
    margins: { left: tw(frame.padding), right: tw(frame.padding), top: 0, bottom: 0 },
    rows,
  });
}

/** A layout cell may hold rules (the head): drawn as paragraphs of the renderer's rule style. */
export interface LayoutCell {
  blocks: (Paragraph | Rule)[];
}

export const layoutFrame = (columns: number[], keepRows: boolean): TableFrame => ({
  columns,
  lines: { kind: 'layout' },
  padding: 0,
  keepRows,
});

export function layoutRow(columns: number[], cells: LayoutCell[], keepRows: boolean): TableRow {
  return new TableRow({
    ...(keepRows ? { cantSplit: true } : {}),
    children: cells.map(
      (cell, i) =>
        new TableCell({
          children: cell.blocks.map((b) =>
            b.kind === 'rule' ? docxRule(b, columns[i] ?? 0) : docxParagraph(b),
          ),
          width: { size: tw(columns[i] ?? 0), type: WidthType.DXA },
        }),
    ),
  });
}

/** XML docx did not write itself (the end of a section), as an element docx can place in a body. */
export class WrittenXml extends FileChild {
  private readonly parsed: ImportedXmlComponent;
  constructor(xml: string) {
    super('w:p');
    this.parsed = ImportedXmlComponent.fromXmlString(xml) as ImportedXmlComponent;
  }
  override prepForXml(context: IContext): IXmlableObject | undefined {
    return this.parsed.prepForXml(context);
  }
}

export type BodyElement = DocxParagraph | DocxTable | WrittenXml;
