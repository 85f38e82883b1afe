/**
 * The state format: Decree 30/2020/NĐ-CP on clerical work, Appendix I (the form and layout of administrative
 * documents), for the documents of state bodies. "§" below cites Appendix I, Part I (§I general rules, §II the main
 * components, §III the others, §V the table of type sizes); "Sample 1.9" is Appendix III's minutes.
 */

import {
  A4,
  closingFor,
  type DocumentFormat,
  type FormatWords,
  type HeadText,
  mm,
  para,
  pt,
  recipientsBlock,
  SHARED_STYLES,
  signatureBlock,
  style,
} from './doc-format.ts';
import type { Head, Rule, StyleSheet, Title } from './doc-model.ts';
import { textWidth } from './doc-text.ts';
import { upper } from './words/documents.ts';

const page = {
  ...A4,
  // §I.1, §I.3: A4 portrait; margins top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm
  margins: { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) },
  // §I.7: page numbers in Arabic numerals, 13–14 pt, centred in the top margin, none on the first page
  pageNumber: { fromTop: mm(10) },
};
const TEXT_WIDTH = pt(page.width - page.margins.left - page.margins.right);

/** §I.4: Times New Roman; §II.6.e: the body 13–14 pt (14 here). */
const BODY = 14;

const body = style(BODY, {
  // §II.6.e: justified, first-line indent 1 or 1.27 cm, at least 6 pt between paragraphs, single to 1.5 lines
  align: 'justify',
  indent: { left: 0, right: 0, firstLine: pt(36) },
  spaceAfter: 6,
  line: { multiple: 1.1 },
});
const DASH_TEXT = pt(36 + 10);

const styles: StyleSheet = {
  ...SHARED_STYLES,
  body,
  // §V row 6b: a part's number and title bold capitals ("I. NHỮNG KẾT QUẢ"), an item with a title bold
  part: { ...body, bold: true, keepNext: true },
  item: { ...body, bold: true, keepNext: true },
  // a dash list: the dash at the first-line indent, the text and its later lines one tab further
  dash: { ...body, indent: { left: DASH_TEXT, right: 0, firstLine: -10 }, tabs: [DASH_TEXT] },
  spacer: style(BODY),
  // §II.2.b: the parent body 12–13 pt upright capitals, the issuer 12–13 pt bold capitals centred under it (13)
  headParent: style(13, { align: 'center' }),
  headIssuer: style(13, { align: 'center', bold: true }),
  headMark: style(13, { align: 'center' }),
  // §II.3.c: "Số" and the number 13 pt, centred under the issuer
  headNumber: style(13, { align: 'center', spaceBefore: 6 }),
  // §II.1.a–b: the national title 12–13 pt bold capitals (12 here), the motto 13–14 pt bold (13 here)
  headTitle: style(12, { align: 'center', bold: true }),
  headMotto: style(13, { align: 'center', bold: true }),
  // §II.4.c: the place and date 13–14 pt italic, on the number's line, centred under the motto; §V note 1: sizes
  // that rise together (national title 12, motto 13, place and date 13)
  headDate: style(13, { align: 'center', italic: true, spaceBefore: 6 }),
  // §II.5.b: the type name 13–14 pt bold capitals, the summary under it 13–14 pt bold, centred
  type: style(14, { align: 'center', bold: true, spaceBefore: 24, keepNext: true }),
  summary: style(14, { align: 'center', bold: true, keepNext: true }),
  summaryMark: style(14, { align: 'center' }),
  // §II.9.d (box 9b): "Nơi nhận:" 12 pt bold italic; the recipients 11 pt, one a line, "-" first, ";" last
  recipientsHeading: style(12, { bold: true, italic: true, keepNext: true }),
  // practice: a recipient's later lines under its text, not under the dash
  recipient: style(11, { indent: { left: 6.5, right: 0, firstLine: -6.5 }, keepNext: true }),
  // §II.7.đ: the authority mark and the position 13–14 pt bold capitals, the name 13–14 pt bold
  signAuthority: style(14, { align: 'center', bold: true, keepNext: true }),
  signPosition: style(14, { align: 'center', bold: true, keepNext: true }),
  signName: style(14, { align: 'center', bold: true, keepNext: true }),
  pageNumber: style(13, { align: 'center' }),
};

/** a solid line, 0.75 pt, as drawn under the issuer, the motto and the summary */
const line = (width: number): Rule => ({ kind: 'rule', width: pt(width), weight: 0.75 });

const HEAD_COLUMNS: [number, number] = [187.1, pt(TEXT_WIDTH - 187.1)];

function head(h: HeadText): Head {
  const words = WORDS[h.lang];
  const issuer = upper(h.issuer);
  const [title, motto] = words.title as [string, string];
  return {
    columns: HEAD_COLUMNS,
    issuer: [para('headParent', upper(h.parent)), para('headIssuer', issuer)],
    // §II.2.b: a solid line under the issuer, a third to a half of it long, centred
    issuerMark: line(Math.min(Math.max(textWidth(issuer, 13, true) * 0.45, 50), HEAD_COLUMNS[0] * 0.5)),
    number: para('headNumber', `${words.numberPrefix}${h.number}`),
    title: [para('headTitle', title), para('headMotto', motto)],
    // §II.1.b: a solid line under the motto, as long as the motto
    titleMark: line(Math.min(textWidth(motto, 13, true), HEAD_COLUMNS[1])),
    ...(h.date ? { date: para('headDate', h.date) } : {}),
  };
}

function title(type: string, summary: string): Title {
  const width = Math.min(textWidth(summary, 14, true), TEXT_WIDTH);
  return {
    type: para('type', upper(type)),
    summary: [para('summary', summary)],
    // §II.5.b: a solid line under the summary, a third to a half of it long
    mark: line(Math.max(width / 3, 70)),
    spaceAfter: 12,
  };
}

const WORDS: DocumentFormat['words'] = {
  vi: {
    // §II.1: Quốc hiệu và Tiêu ngữ
    title: ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'],
    // §II.3.c: "Số" followed by a colon
    numberPrefix: 'Số: ',
    // §II.7.b: KT. (ký thay) for a deputy, TL. (thừa lệnh) by order
    authority: (right, head) => (right === 'deputy' ? `KT. ${head}` : `TL. ${head}`),
    // Sample 1.9 (biên bản): the secretary on the left, the chair on the right
    minutesSigners: { secretary: 'THƯ KÝ', chair: 'CHỦ TỌA' },
    minutesRoles: { chair: 'Chủ trì (chủ tọa): ', secretary: 'Thư ký (người ghi biên bản): ' },
    reportTo: (parent) => `${parent} (để b/c)`,
    // §II.9.d: the last line "Lưu:", "VT", the drafting unit, a full stop
    archive: { agenda: 'Lưu: VT, VP.', minutes: 'Lưu: VT, hồ sơ.' },
    // practice under §II.6: the body's last sentence ends "./."
    endMark: './.',
  },
  en: {
    title: ['SOCIALIST REPUBLIC OF VIET NAM', 'Independence - Freedom - Happiness'],
    numberPrefix: 'No. ',
    authority: (right, head) => (right === 'deputy' ? `FOR THE ${head}` : `BY ORDER OF THE ${head}`),
    minutesSigners: { secretary: 'SECRETARY', chair: 'CHAIR' },
    minutesRoles: { chair: 'Chair: ', secretary: 'Secretary (minute-taker): ' },
    reportTo: (parent) => `${parent} (to report)`,
    archive: { agenda: 'File copy: Records, Office.', minutes: 'File copy: Records, session file.' },
    // "./." is a Vietnamese clerk's mark; an English text ends with a full stop
    endMark: '.',
  } satisfies FormatWords,
};

export const DECREE30: DocumentFormat = {
  id: 'decree30',
  page,
  styles,
  textWidth: TEXT_WIDTH,
  // §II.5.b: the summary starts with a capital
  summaryCase: 'upper',
  // Sample 1.9: minutes carry no place-and-date line
  datedMinutes: false,
  words: WORDS,
  head,
  title,
  signature: signatureBlock,
  recipients: recipientsBlock,
  closing: closingFor(TEXT_WIDTH),
};
