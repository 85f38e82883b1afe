/**
 * The DOCX renderer of the document model: it draws what the model says and decides nothing.
 *
 * A document is the package kept for its page, styles and language (docx-package.ts) with its body spliced in.
 * The body is written from shapes docx wrote once (docx-xml.ts), to the same XML docx would write for it afresh,
 * so the same model always gives the same bytes.
 */
import { type Paragraph as DocxParagraph, type Table as DocxTable, Packer, type TableRow } from 'docx';
import type { Block, DocumentModel, List, Paragraph, Row, Rule, Run, Table } from './doc-model.ts';
import {
  type BodyElement,
  docxListItem,
  docxParagraph,
  docxRow,
  docxRule,
  docxSpace,
  docxTable,
  type LayoutCell,
  layoutFrame,
  layoutRow,
  type TableFrame,
  WrittenXml,
} from './docx-elements.ts';
import { docxDocument, packageOf, type Shell, shellFor } from './docx-package.ts';
import { fill, Kept, type ShapeXml, shapeXml, slot, writeBlocks } from './docx-xml.ts';

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
