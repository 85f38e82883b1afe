/**
 * Text as the documents take it in and write it out: cleaned input (NFC, no control characters), one-line and
 * multi-line fields, sentence ends, the places a line must not break, and a rough measure of a line's width.
 */

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

/** Text for one line: runs of whitespace, newlines and tabs included, become one space. */
export const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** Lines of a multi-line text, each on one line (see {@link oneLine}), blank ones dropped. */
export const lines = (text: string): string[] =>
  text
    .split('\n')
    .map(oneLine)
    .filter((l) => l.length > 0);

/** The text with `mark` at its end unless it already ends a sentence ("." or "./." for the last sentence). */
export function endSentence(text: string, mark = '.'): string {
  const bare = text.replace(/[.;:,]+$/, '');
  return /[!?…]$/.test(text) ? text : `${bare}${mark}`;
}

/** The text with its first letter lowercase or uppercase. */
export function firstLetter(text: string, to: 'lower' | 'upper'): string {
  const first = text.charAt(0);
  return (to === 'lower' ? first.toLocaleLowerCase('vi') : first.toLocaleUpperCase('vi')) + text.slice(1);
}

export const NBSP = '\u00A0';

const PHONE = /(?<![\d\p{L}])\+?\d[\d .]{6,}\d(?![\d\p{L}])/gu;
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Joins with no-break spaces the words that must stay on one line: each of `phrases` (place names, "Tỉnh ủy")
 * and phone numbers ("0237 3852 123"). Returns a function that does it for a text.
 */
export function noBreaks(phrases: Iterable<string>): (text: string) => string {
  const words = [...new Set([...phrases].map((p) => p.trim()).filter((p) => p.includes(' ')))].sort(
    (a, b) => b.length - a.length,
  );
  const pattern = words.length > 0 ? new RegExp(words.map(escapeRegExp).join('|'), 'g') : undefined;
  const join = (m: string) => m.replace(/ /g, NBSP);
  return (text) => {
    let out = text.includes(' ') ? text.replace(PHONE, (m) => (/\d{2}.*\d{2}/.test(m) ? join(m) : m)) : text;
    if (pattern) out = out.replace(pattern, join);
    return out;
  };
}

/** Vietnamese text, as far as its letters tell: any letter with a diacritic, or đ. */
export const looksVietnamese = (text: string): boolean => /[\u0300-\u036f]|[đĐ]/.test(text.normalize('NFD'));

// Advance widths of Times (regular and bold), in thousandths of an em, from the Adobe font metrics of Times-Roman
// and Times-Bold, which Times New Roman and its metric clones share.
const REGULAR = widths(
  'abcdefghijklmnopqrstuvwxyz',
  [
    444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278, 500,
    500, 722, 500, 500, 444,
  ],
  'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  [
    722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722,
    722, 944, 722, 722, 611,
  ],
);
const BOLD = widths(
  'abcdefghijklmnopqrstuvwxyz',
  [
    500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444, 389, 333, 556,
    500, 722, 500, 500, 444,
  ],
  'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  [
    722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722, 556, 667, 722,
    722, 1000, 722, 722, 667,
  ],
);
const PUNCTUATION: Record<string, number> = {
  ' ': 250,
  [NBSP]: 250,
  '.': 250,
  ',': 250,
  ':': 278,
  ';': 278,
  '-': 333,
  '/': 278,
  '(': 333,
  ')': 333,
  '“': 444,
  '”': 444,
  '"': 408,
  "'": 180,
  '*': 500,
  '@': 921,
  '&': 778,
};

function widths(
  lower: string,
  lowerWidths: number[],
  upperCase: string,
  upperWidths: number[],
): Map<string, number> {
  const map = new Map<string, number>();
  for (const [i, c] of [...lower].entries()) map.set(c, lowerWidths[i] ?? 500);
  for (const [i, c] of [...upperCase].entries()) map.set(c, upperWidths[i] ?? 722);
  map.set('đ', map.get('d') ?? 500);
  map.set('Đ', map.get('D') ?? 722);
  for (let d = 0; d <= 9; d++) map.set(String(d), 500);
  return map;
}

/** How wide a line of Times New Roman is, in points: enough to size rules and table columns. */
export function textWidth(text: string, size: number, bold = false): number {
  const table = bold ? BOLD : REGULAR;
  let units = 0;
  for (const ch of text.normalize('NFD')) {
    if (ch >= '\u0300' && ch <= '\u036f') continue;
    units += table.get(ch) ?? PUNCTUATION[ch] ?? 500;
  }
  return (units / 1000) * size;
}
