/**
 * docx's XML, written once and filled in many times. docx spends most of a document's time building objects for
 * paragraphs and table rows; but a body's paragraphs and rows come in few shapes (a style, so many runs with such
 * properties, so many lines in each cell). So docx writes each shape once, with numbered slots for its texts, and
 * each document is then the shapes' XML with its texts escaped into the slots, exactly as docx escapes them: the
 * same bytes as docx writing the whole body afresh.
 */
import type { Document, IContext, IXmlableObject, Paragraph, Table } from 'docx';
import { XmlComponent } from 'docx';

/** A container that lets docx write a list of body elements in one pass. */
class Fragment extends XmlComponent {
  constructor(children: readonly XmlComponent[]) {
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
export const escapeXml = (value: unknown): string =>
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

/** The body XML docx writes for these elements, in the context of this document. */
export function writeBlocks(doc: Document, blocks: readonly (Paragraph | Table | XmlComponent)[]): string {
  if (blocks.length === 0) return '';
  const context: IContext = { file: doc, viewWrapper: doc.Document, stack: [] };
  const children = new Fragment(blocks).prepForXml(context)?.fragment;
  if (!Array.isArray(children)) return '';
  let out = '';
  for (const c of children) out += stringify(c as IXmlableObject);
  return out;
}

const SLOT_OPEN = '\uE010';
const SLOT_CLOSE = '\uE011';
const SLOT = /\uE010(\d+)\uE011/;
/** A slot for the text at `index` of a shape's texts. */
export const slot = (index: number): string => `${SLOT_OPEN}${index}${SLOT_CLOSE}`;

/** A shape's XML: `statics[0]`, the text of slot `order[0]`, `statics[1]`, and so on. */
export interface ShapeXml {
  statics: string[];
  order: number[];
}

/** Splits XML docx wrote for a shape with `slots` slots; every slot must appear exactly once. */
export function shapeXml(xml: string, slots: number): ShapeXml {
  const pieces = xml.split(SLOT);
  const statics = pieces.filter((_, i) => i % 2 === 0);
  const order = pieces.filter((_, i) => i % 2 === 1).map(Number);
  if (order.length !== slots || new Set(order).size !== slots || order.some((n) => n >= slots))
    throw new Error('docx did not write each text of a shape exactly once');
  return { statics, order };
}

/** The shape's XML with these texts escaped into its slots. */
export function fill(shape: ShapeXml, texts: readonly string[]): string {
  let out = shape.statics[0] ?? '';
  for (let i = 0; i < shape.order.length; i++)
    out += escapeXml(texts[shape.order[i] as number] ?? '') + (shape.statics[i + 1] ?? '');
  return out;
}

/** A bounded map: cleared when full, so that odd inputs cannot grow it without end. */
export class Kept<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly limit: number) {}
  get(key: string, make: () => V): V {
    let value = this.map.get(key);
    if (value === undefined) {
      value = make();
      if (this.map.size >= this.limit) this.map.clear();
      this.map.set(key, value);
    }
    return value;
  }
}
