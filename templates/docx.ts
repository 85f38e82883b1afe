/**
 * The DOCX renderer of the document model: it draws what the model says and decides nothing.
 *
 * The parts of a package that depend only on the page, the styles and the language (styles, settings, fonts, the
 * page-number headers, the section properties) are written once by docx into a package kept for them; a document
 * then has only its body written, spliced into that package's document part and zipped with fixed timestamps. The
 * body is written from shapes docx wrote once (docx-xml.ts), to the same XML docx would write for it afresh. The
 * same model therefore always gives the same bytes.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Paragraph as DocxParagraph,
  Table as DocxTable,
  FileChild,
  Header,
  type IContext,
  ImportedXmlComponent,
  type IParagraphStyleOptions,
  type IXmlableObject,
  LineRuleType,
  Packer,
  PageNumber,
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
  type Block,
  type Cell,
  type DocumentModel,
  type LanguageTag,
  type List,
  type PageSetup,
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
import { deflateEntry, entryText, readZip, writeZip, type ZipEntry } from './doc-zip.ts';
import { escapeXml, fill, Kept, type ShapeXml, shapeXml, slot, writeBlocks } from './docx-xml.ts';

/** twentieths of a point */
const tw = (points: number): number => Math.round(points * 20);

// ---------------------------------------------------------------- styles

const styleId = (name: StyleName): string => `Ev${name.charAt(0).toUpperCase()}${name.slice(1)}`;
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

function docxStyles(styles: StyleSheet, lang: LanguageTag) {
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

function docxParagraph(p: Paragraph): DocxParagraph {
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
const docxListItem = (marker: string, runs: Run[]): DocxParagraph =>
  new DocxParagraph({
    style: styleId('dash'),
    children: [new TextRun({ children: [marker, new Tab()] }), ...runs.map(docxRun)],
  });

/** A rule: an empty paragraph with a bottom border, indented to be `width` long in `within`. */
function docxRule(r: Rule, within: number): DocxParagraph {
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
const docxSpace = (height: number): DocxParagraph =>
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
type TableFrame = Omit<Table, 'kind' | 'heading' | 'rows'>;

const cellWidth = (columns: number[], at: number, span: number): number =>
  columns.slice(at, at + span).reduce((a, b) => a + b, 0);

function docxRow(frame: TableFrame, row: Row, heading: boolean): TableRow {
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

function docxTable(frame: TableFrame, rows: TableRow[]): DocxTable {
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
interface LayoutCell {
  blocks: (Paragraph | Rule)[];
}

// ---------------------------------------------------------------- the model as a sequence of body items

/**
 * What the body is drawn from, in order: a paragraph, a list, a rule in a width, a space, a table, a layout table
 * whose cells may hold rules, or the end of a section (an annex starts a section of its own).
 */
type Item =
  | { kind: 'paragraph'; p: Paragraph }
  | { kind: 'list'; list: List }
  | { kind: 'rule'; rule: Rule; within: number }
  | { kind: 'space'; height: number }
  | { kind: 'table'; table: Table }
  | { kind: 'layout'; columns: number[]; keepRows: boolean; rows: LayoutCell[][] }
  | { kind: 'sectionEnd' };

function blockItems(block: Block, within: number): Item[] {
  switch (block.kind) {
    case 'paragraph':
      return [{ kind: 'paragraph', p: block }];
    case 'list':
      return [{ kind: 'list', list: block }];
    case 'rule':
      return [{ kind: 'rule', rule: block, within }];
    case 'table':
      return [{ kind: 'table', table: block }];
  }
}

function items(model: DocumentModel): Item[] {
  const width = model.page.width - model.page.margins.left - model.page.margins.right;
  const { head, title, closing } = model;
  const out: Item[] = [
    {
      kind: 'layout',
      columns: head.columns,
      keepRows: false,
      rows: [
        [{ blocks: [...head.issuer, head.issuerMark] }, { blocks: [...head.title, head.titleMark] }],
        [
          { blocks: [head.number] },
          { blocks: [head.date ?? { kind: 'paragraph', style: 'headDate', runs: [] }] },
        ],
      ],
    },
    { kind: 'paragraph', p: title.type },
    ...title.summary.map((p): Item => ({ kind: 'paragraph', p })),
    ...blockItems(title.mark, width),
    { kind: 'space', height: title.spaceAfter },
    ...model.body.flatMap((b) => blockItems(b, width)),
    { kind: 'space', height: closing.spaceBefore },
  ];
  const signature = (s: (typeof closing.signatures)[number]): LayoutCell => ({
    blocks: [...(s.authority ? [s.authority] : []), s.position, { ...s.name, spaceBefore: s.space }],
  });
  const r = closing.recipients;
  if (closing.arrangement === 'beside') {
    out.push({
      kind: 'layout',
      columns: closing.columns,
      keepRows: true,
      rows: [[{ blocks: r ? [r.heading, ...r.items] : [] }, ...closing.signatures.map(signature)]],
    });
  } else {
    // one row, so that the closing stays on one page: the recipients go under the first signature
    const cells = closing.signatures.map(signature);
    const [first] = cells;
    if (first && r) first.blocks.push(r.heading, ...r.items);
    out.push({ kind: 'layout', columns: closing.columns, keepRows: true, rows: [cells] });
  }
  for (const annex of model.annexes) {
    out.push({ kind: 'sectionEnd' }, ...annex.blocks.flatMap((b) => blockItems(b, width)));
  }
  return out;
}

const layoutFrame = (columns: number[], keepRows: boolean): TableFrame => ({
  columns,
  lines: { kind: 'layout' },
  padding: 0,
  keepRows,
});

function layoutRow(columns: number[], cells: LayoutCell[], keepRows: boolean): TableRow {
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

// ---------------------------------------------------------------- the package kept per page, styles and language

const BODY_MARK = 'EV-BODY-MARK';
const TITLE_MARK = 'EV-TITLE-MARK';
const CREATOR_MARK = 'EV-CREATOR-MARK';
const REVISION_MARK = 918273645;

interface Shell {
  doc: Document;
  /** the package's entries in order; the document and core properties are replaced per document */
  entries: ZipEntry[];
  documentHead: string;
  documentTail: string;
  /** a paragraph that ends a section with the same properties as the last: before an annex */
  sectionEnd: string;
  core: string;
}

/** A document with this page, these styles and this language, and these blocks as its body. */
/** XML docx did not write itself (the end of a section), as an element docx can place in a body. */
class WrittenXml extends FileChild {
  private readonly parsed: ImportedXmlComponent;
  constructor(xml: string) {
    super('w:p');
    this.parsed = ImportedXmlComponent.fromXmlString(xml) as ImportedXmlComponent;
  }
  override prepForXml(context: IContext): IXmlableObject | undefined {
    return this.parsed.prepForXml(context);
  }
}

type BodyElement = DocxParagraph | DocxTable | WrittenXml;

function docxDocument(
  page: PageSetup,
  styles: StyleSheet,
  lang: LanguageTag,
  children: BodyElement[],
): Document {
  return new Document({
    creator: CREATOR_MARK,
    lastModifiedBy: CREATOR_MARK,
    title: TITLE_MARK,
    revision: REVISION_MARK,
    styles: docxStyles(styles, lang),
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: tw(page.width), height: tw(page.height) },
            margin: {
              top: tw(page.margins.top),
              bottom: tw(page.margins.bottom),
              left: tw(page.margins.left),
              right: tw(page.margins.right),
              header: tw(page.pageNumber.fromTop),
              footer: tw(page.pageNumber.fromTop),
              gutter: 0,
            },
            pageNumbers: { start: 1 },
          },
        },
        headers: {
          first: new Header({ children: [new DocxParagraph({ style: styleId('pageNumber') })] }),
          default: new Header({
            children: [
              new DocxParagraph({
                style: styleId('pageNumber'),
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

async function buildShell(page: PageSetup, styles: StyleSheet, lang: LanguageTag): Promise<Shell> {
  const doc = docxDocument(page, styles, lang, [new DocxParagraph({ children: [new TextRun(BODY_MARK)] })]);
  const entries = readZip(await Packer.toBuffer(doc));
  const documentEntry = entries.find((e) => e.name === 'word/document.xml');
  const coreEntry = entries.find((e) => e.name === 'docProps/core.xml');
  if (!documentEntry || !coreEntry)
    throw new Error('docx wrote a package without a document or core properties');
  const xml = entryText(documentEntry);
  const mark = xml.indexOf(BODY_MARK);
  const start = xml.lastIndexOf('<w:p>', mark);
  const end = xml.indexOf('</w:p>', mark) + '</w:p>'.length;
  const sectPr = /<w:sectPr[ >].*<\/w:sectPr>/.exec(xml.slice(end))?.[0];
  if (mark < 0 || start < 0 || !sectPr)
    throw new Error('The body mark or the section is missing from the document part');
  return {
    doc,
    entries,
    documentHead: xml.slice(0, start),
    documentTail: xml.slice(end),
    sectionEnd: `<w:p><w:pPr>${sectPr}</w:pPr></w:p>`,
    core: entryText(coreEntry),
  };
}

const shells = new Kept<Promise<Shell>>(16);
function shellFor(model: DocumentModel): Promise<Shell> {
  return shells.get(JSON.stringify([model.page, model.styles, model.lang]), () =>
    buildShell(model.page, model.styles, model.lang),
  );
}

// ---------------------------------------------------------------- writing the items: from shapes, or afresh

/*
 * A shape's key says everything that makes docx write it differently and nothing of its texts, which it pushes to
 * `texts` in the order of the slots; `slotted` makes the shape itself (only when docx must write it), its texts
 * replaced by slots numbered in the same order. A text with tabs is runs with tabs between, empty parts left out.
 */

const flag = (value: boolean | undefined, on: string, off: string): string =>
  value === undefined ? '' : value ? on : off;

function textKey(text: string, texts: string[]): string {
  if (!text.includes('\t')) {
    texts.push(text);
    return '1';
  }
  let key = '';
  for (const part of text.split('\t')) {
    if (part !== '') texts.push(part);
    key += part === '' ? '0t' : '1t';
  }
  return key;
}

function runsKey(runs: readonly Run[], texts: string[]): string {
  let key = '';
  for (const r of runs)
    key += `${flag(r.bold, 'B', 'b')}${flag(r.italic, 'I', 'i')}${flag(r.underline, 'U', 'u')}${r.lang ?? ''}:${textKey(r.text, texts)},`;
  return key;
}

const paragraphKey = (p: Paragraph, texts: string[]): string =>
  `${p.style}|${flag(p.keepNext, 'K', 'k')}|${p.spaceBefore ?? ''}|${p.spaceAfter ?? ''}|${p.pageBreakBefore ? 'P' : ''}[${runsKey(p.runs, texts)}]`;

const ruleKey = (r: Rule): string => `r${r.width}/${r.weight}`;

function slottedText(text: string, next: () => string): string {
  return text.includes('\t')
    ? text
        .split('\t')
        .map((part) => (part === '' ? part : next()))
        .join('\t')
    : next();
}

/** Numbered slots handed out in order. */
function slots(): () => string {
  let n = 0;
  return () => slot(n++);
}

const slottedRuns = (runs: readonly Run[], next: () => string): Run[] =>
  runs.map((r) => ({ ...r, text: slottedText(r.text, next) }));
const slottedParagraph = (p: Paragraph, next: () => string): Paragraph => ({
  ...p,
  runs: slottedRuns(p.runs, next),
});

const TABLE_END = '</w:tbl>';

/** One item as docx writes it afresh. */
function docxItem(item: Item, shell: Shell): BodyElement[] {
  switch (item.kind) {
    case 'paragraph':
      return [docxParagraph(item.p)];
    case 'list':
      return item.list.items.map((runs) => docxListItem(item.list.marker, runs));
    case 'rule':
      return [docxRule(item.rule, item.within)];
    case 'space':
      return [docxSpace(item.height)];
    case 'table': {
      const t = item.table;
      const rows = [
        ...(t.heading ? [docxRow(t, t.heading, true)] : []),
        ...t.rows.map((r) => docxRow(t, r, false)),
      ];
      return [docxTable(t, rows)];
    }
    case 'layout':
      return [
        docxTable(
          layoutFrame(item.columns, item.keepRows),
          item.rows.map((cells) => layoutRow(item.columns, cells, item.keepRows)),
        ),
      ];
    case 'sectionEnd':
      return [new WrittenXml(shell.sectionEnd)];
  }
}

const SHAPES_KEPT = 2048;
const shapes = new Kept<ShapeXml>(SHAPES_KEPT);
const openings = new Kept<string>(256);

/** XML docx writes for a shape made of `blocks`, with `slots` slots, in this shell. */
function shape(
  shell: Shell,
  key: string,
  slots: number,
  blocks: () => (DocxParagraph | DocxTable)[],
): ShapeXml {
  return shapes.get(key, () => shapeXml(writeBlocks(shell.doc, blocks()), slots));
}

/** A table's XML as docx writes it: the opening kept per frame, each row from its shape. */
function tableXml(
  shell: Shell,
  frame: TableFrame,
  rows: { row: () => TableRow; key: string; texts: string[] }[],
): string {
  const frameKey = JSON.stringify(frame);
  const opening = openings.get(frameKey, () => {
    const xml = writeBlocks(shell.doc, [docxTable(frame, [])]);
    if (!xml.endsWith(TABLE_END)) throw new Error('docx wrote a table that does not end as a table');
    return xml.slice(0, -TABLE_END.length);
  });
  let out = opening;
  for (const r of rows) {
    const rowShape = shapes.get(`${frameKey}|${r.key}`, () => {
      const xml = writeBlocks(shell.doc, [docxTable(frame, [r.row()])]);
      if (!xml.startsWith(opening) || !xml.endsWith(TABLE_END))
        throw new Error('docx wrote the table around a row differently from the table alone');
      return shapeXml(xml.slice(opening.length, -TABLE_END.length), r.texts.length);
    });
    out += fill(rowShape, r.texts);
  }
  return out + TABLE_END;
}

function itemXml(shell: Shell, item: Item): string {
  const texts: string[] = [];
  switch (item.kind) {
    case 'paragraph': {
      const key = `p${paragraphKey(item.p, texts)}`;
      return fill(
        shape(shell, key, texts.length, () => [docxParagraph(slottedParagraph(item.p, slots()))]),
        texts,
      );
    }
    case 'list': {
      let out = '';
      for (const runs of item.list.items) {
        texts.length = 0;
        const key = `l${item.list.marker}[${runsKey(runs, texts)}]`;
        out += fill(
          shape(shell, key, texts.length, () => [docxListItem(item.list.marker, slottedRuns(runs, slots()))]),
          texts,
        );
      }
      return out;
    }
    case 'rule':
      return fill(
        shape(shell, `${ruleKey(item.rule)}@${item.within}`, 0, () => [docxRule(item.rule, item.within)]),
        texts,
      );
    case 'space':
      return fill(
        shape(shell, `s${item.height}`, 0, () => [docxSpace(item.height)]),
        texts,
      );
    case 'table': {
      const { heading, rows, kind: _, ...frame } = item.table;
      const spec = (row: Row, isHeading: boolean) => {
        const rowTexts: string[] = [];
        let key = isHeading ? 'H' : 'R';
        for (const cell of row.cells) {
          key += `{${cell.span ?? 1}`;
          for (const p of cell.paragraphs) key += paragraphKey(p, rowTexts);
        }
        return {
          key,
          texts: rowTexts,
          row: () => {
            const next = slots();
            const slotted: Row = {
              cells: row.cells.map((c) => ({
                ...c,
                paragraphs: c.paragraphs.map((p) => slottedParagraph(p, next)),
              })),
            };
            return docxRow(frame, slotted, isHeading);
          },
        };
      };
      return tableXml(shell, frame, [
        ...(heading ? [spec(heading, true)] : []),
        ...rows.map((r) => spec(r, false)),
      ]);
    }
    case 'layout': {
      const frame = layoutFrame(item.columns, item.keepRows);
      return tableXml(
        shell,
        frame,
        item.rows.map((cells) => {
          const rowTexts: string[] = [];
          let key = 'L';
          for (const cell of cells) {
            key += '{';
            for (const b of cell.blocks) key += b.kind === 'rule' ? ruleKey(b) : paragraphKey(b, rowTexts);
          }
          return {
            key,
            texts: rowTexts,
            row: () => {
              const next = slots();
              const slotted = cells.map((c) => ({
                blocks: c.blocks.map((b) => (b.kind === 'rule' ? b : slottedParagraph(b, next))),
              }));
              return layoutRow(item.columns, slotted, item.keepRows);
            },
          };
        }),
      );
    }
    case 'sectionEnd':
      return shell.sectionEnd;
  }
}

// ---------------------------------------------------------------- the package

function packageOf(shell: Shell, body: string, model: DocumentModel): Uint8Array {
  const { meta } = model;
  const core = shell.core
    .replaceAll(TITLE_MARK, escapeXml(meta.title))
    .replaceAll(CREATOR_MARK, escapeXml(meta.issuer))
    .replace(String(REVISION_MARK), String(meta.revision))
    .replace(/(<dcterms:created[^>]*>)[^<]*/, `$1${meta.timestamp}`)
    .replace(/(<dcterms:modified[^>]*>)[^<]*/, `$1${meta.timestamp}`);
  return writeZip(
    shell.entries.map((e) =>
      e.name === 'word/document.xml'
        ? deflateEntry(e.name, shell.documentHead + body + shell.documentTail)
        : e.name === 'docProps/core.xml'
          ? deflateEntry(e.name, core)
          : e,
    ),
  );
}

/** The model as a DOCX package; the same model always gives the same bytes. */
export async function renderDocx(model: DocumentModel): Promise<Uint8Array> {
  const shell = await shellFor(model);
  let body = '';
  for (const item of items(model)) body += itemXml(shell, item);
  return packageOf(shell, body, model);
}

/** The model as docx alone writes it, every element afresh: what {@link renderDocx}'s document part must equal. */
export async function renderDocxAfresh(model: DocumentModel): Promise<Uint8Array> {
  const shell = await shellFor(model);
  return new Uint8Array(
    await Packer.toBuffer(
      docxDocument(
        model.page,
        model.styles,
        model.lang,
        items(model).flatMap((item) => docxItem(item, shell)),
      ),
    ),
  );
}
