/**
 * An equivalent docxtemplater template made from one of our own documents: every text that carries the input's
 * data becomes a tag, and the rows of each grid table (the ones with a repeated header row) become one row in a
 * loop (day rows of the programme as an outer loop). Filled with the data taken from the same document, it gives
 * the same text; the other parts of the package (styles, numbering, header, ...) are the template's own.
 */
import PizZip from 'pizzip';

type Data = Record<string, unknown>;

const T_RE = /(<w:t(?: [^>]*)?>)([^<]*)(<\/w:t>)/g;
const unescapeXml = (s: string) =>
  s
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&amp;', '&');

const texts = (xml: string) => [...xml.matchAll(T_RE)].map((m) => unescapeXml(m[2] ?? ''));

/** The text of each paragraph of a cell, runs joined. */
function cellLines(tc: string): string[] {
  return (tc.match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? []).map((p) => texts(p).join(''));
}

/** A cell whose first paragraph holds `tag` (with `before`/`after` loop tags) and no other text. */
function tagCell(tc: string, tag: string, before = '', after = ''): string {
  const paras = tc.match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? [];
  const first = paras.find((p) => T_RE.test(p)) ?? paras[0] ?? '';
  T_RE.lastIndex = 0;
  let done = false;
  let para = first.replace(T_RE, (_m, open: string, _t: string, close: string) => {
    if (done) return `${open}${close}`;
    done = true;
    return `${open}${before}{${tag}}${after}${close}`;
  });
  if (!done) para = first.replace('</w:p>', `<w:r><w:t>${before}{${tag}}${after}</w:t></w:r></w:p>`);
  const start = tc.indexOf(paras[0] ?? '\u0000');
  const lastPara = paras.at(-1) ?? '';
  const end = tc.lastIndexOf(lastPara) + lastPara.length;
  return start < 0 ? tc : tc.slice(0, start) + para + tc.slice(end);
}

const cellsOf = (tr: string) => tr.match(/<w:tc>[\s\S]*?<\/w:tc>/g) ?? [];

function templateRow(tr: string, names: string[], before: string, after: string): string {
  const cells = cellsOf(tr);
  let out = tr;
  cells.forEach((tc, i) => {
    const b = i === 0 ? before : '';
    const a = i === cells.length - 1 ? after : '';
    out = out.replace(tc, tagCell(tc, names[i] ?? `c${i}`, b, a));
  });
  return out;
}

function rowData(tr: string): Data {
  const d: Data = {};
  cellsOf(tr).forEach((tc, i) => {
    d[`c${i}`] = cellLines(tc).join('\n');
  });
  return d;
}

const isGroupRow = (tr: string) => cellsOf(tr).length === 1 && tr.includes('<w:gridSpan');

export interface DocxTemplate {
  template: Uint8Array;
  data: Data;
  tags: number;
}

export function makeTemplate(docx: Uint8Array, variables: readonly string[]): DocxTemplate {
  const zip = new PizZip(docx);
  const xml = zip.file('word/document.xml')?.asText() ?? '';
  const data: Data = {};
  let tags = 0;

  // 1. grid tables: runs of adjacent rows whose first row repeats as a header
  const rows = [...xml.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)];
  const runs: { start: number; end: number; rows: string[] }[] = [];
  for (const m of rows) {
    const at = m.index ?? 0;
    const last = runs.at(-1);
    if (last && last.end === at) {
      last.rows.push(m[0]);
      last.end = at + m[0].length;
    } else runs.push({ start: at, end: at + m[0].length, rows: [m[0]] });
  }
  let out = '';
  let from = 0;
  runs.forEach((run, t) => {
    const [head, ...body] = run.rows;
    if (!head?.includes('<w:tblHeader/>') || body.length === 0) return;
    const key = `t${t}`;
    let replaced: string;
    const group = body.find(isGroupRow);
    const item = body.find((r) => !isGroupRow(r));
    if (group && item) {
      const groups: { day: string; items: Data[] }[] = [];
      for (const r of body) {
        if (isGroupRow(r)) groups.push({ day: texts(r).join(''), items: [] });
        else groups.at(-1)?.items.push(rowData(r));
      }
      data[key] = groups;
      replaced =
        templateRow(group, ['day'], `{#${key}}`, '') + templateRow(item, [], '{#items}', `{/items}{/${key}}`);
      tags += 2 + cellsOf(item).length + 1;
    } else {
      data[key] = body.map(rowData);
      replaced = templateRow(body[0] ?? '', [], `{#${key}}`, `{/${key}}`);
      tags += 1 + cellsOf(body[0] ?? '').length;
    }
    out += xml.slice(from, run.start) + head + replaced;
    from = run.end;
  });
  out += xml.slice(from);

  // 2. every other text carrying the input's data
  const wanted = variables.filter((v) => v.length >= 3);
  let n = 0;
  out = out.replace(T_RE, (m, open: string, raw: string, close: string) => {
    const text = unescapeXml(raw);
    if (text.includes('{') || !wanted.some((v) => text.includes(v))) return m;
    const key = `s${n++}`;
    data[key] = text;
    tags++;
    return `${open}{${key}}${close}`;
  });

  zip.file('word/document.xml', out);
  return { template: zip.generate({ type: 'uint8array', compression: 'DEFLATE' }), data, tags };
}

/** Every string in a value, depth first. */
export function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) stringsIn(v, out);
  return out;
}

/** The visible text of a package's body, whitespace removed (to compare two renderings). */
export function bodyText(docx: Uint8Array): string {
  const xml = new PizZip(docx).file('word/document.xml')?.asText() ?? '';
  return texts(xml).join('').replace(/\s+/g, '');
}
