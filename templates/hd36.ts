/**
 * The Party format: Hướng dẫn 36-HD/VPTW (Văn phòng Trung ương Đảng, 03/4/2018, on the form and layout of Party
 * documents under Quy định 66-QĐ/TW), for the documents of Party bodies: a Party committee and its commissions.
 *
 * "HD 36 §…" cites HD 36's own text; "HD 36 PL3 row n" its Phụ lục 3 (the type sizes). Where HD 36's text was not
 * found and Hướng dẫn 05-HD/VPTW (27/5/2026, which replaces HD 36) gives the rule, "HD 05 §…" cites HD 05, Phần II
 * unless said otherwise. What neither confirms is marked "practice" and listed in docs/documents.md.
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
import type { Head, Paragraph, StyleSheet, Title } from './doc-model.ts';
import { textWidth } from './doc-text.ts';
import { upper } from './words/documents.ts';

const page = {
  ...A4,
  // HD 05 §IV.3, §IV.4.1: A4 portrait; margins top 20, bottom 20, left 30, right 15 mm
  margins: { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) },
  // HD 05 §IV.5.1–5.2: page numbers centred 10 mm from the top edge, none on the first page; annexes apart
  pageNumber: { fromTop: mm(10) },
};
const TEXT_WIDTH = pt(page.width - page.margins.left - page.margins.right);

/** HD 36 PL3 row 6: the body 14–15 pt (14 here), Times New Roman (HD 05 §IV.1). */
const BODY = 14;
const INDENT = mm(10);

const body = style(BODY, {
  // HD 05 §I.6.2.2: justified, first-line indent about 10 mm, at least 6 pt between paragraphs,
  // line spacing exactly 18 to 22 pt (18 here)
  align: 'justify',
  indent: { left: 0, right: 0, firstLine: INDENT },
  spaceAfter: 6,
  line: { exactly: 18 },
});
const DASH_TEXT = pt(INDENT + 10);

const styles: StyleSheet = {
  ...SHARED_STYLES,
  body,
  // practice (neither guide rules a work programme's parts): a part's number and title bold, as HD 05 sets its own
  part: { ...body, bold: true, keepNext: true },
  item: { ...body, bold: true, keepNext: true },
  dash: { ...body, indent: { left: DASH_TEXT, right: 0, firstLine: -10 }, tabs: [DASH_TEXT] },
  spacer: style(BODY),
  // HD 36 PL3 row 2: the parent committee 14 pt upright capitals, the body 14 pt bold capitals under it
  headParent: style(14, { align: 'center' }),
  headIssuer: style(14, { align: 'center', bold: true }),
  // HD 05 §I.2.2.1: an asterisk under the body's name
  headMark: style(14, { align: 'center' }),
  // HD 36 PL3 row 3: "Số" and the number 14 pt upright, centred under the body
  headNumber: style(14, { align: 'center' }),
  // HD 36 §II.1.1.2, PL3 row 1: "ĐẢNG CỘNG SẢN VIỆT NAM" 15 pt bold capitals, top right
  headTitle: style(15, { align: 'center', bold: true }),
  // (the Party's head has no motto; the style is the title's)
  headMotto: style(15, { align: 'center', bold: true }),
  // HD 36 PL3 row 4: the place and date 14 pt italic; HD 05 §I.4.2.1: centred under the title's rule
  headDate: style(14, { align: 'center', italic: true }),
  // HD 36 PL3 row 5: the type name 15–16 pt bold capitals (16 here), the summary 14–15 pt bold (14 here)
  type: style(16, { align: 'center', bold: true, spaceBefore: 24, keepNext: true }),
  summary: style(14, { align: 'center', bold: true, keepNext: true }),
  // HD 05 §I.5.2.1: five hyphens under the summary
  summaryMark: style(14, { align: 'center', keepNext: true }),
  // HD 05 §I.9.2.1, §I.9.2.5, PL2 row 9: "Nơi nhận:" 14 pt upright underlined; the recipients 12 pt upright
  recipientsHeading: style(14, { underline: true, keepNext: true }),
  // practice: a recipient's later lines under its text, not under the dash
  recipient: style(12, { indent: { left: 7, right: 0, firstLine: -7 }, keepNext: true }),
  // HD 05 PL2 row 7: the authority mark 14 pt bold capitals, the position 14 pt upright capitals (not bold),
  // the name 14 pt bold
  signAuthority: style(14, { align: 'center', bold: true, keepNext: true }),
  signPosition: style(14, { align: 'center', keepNext: true }),
  signName: style(14, { align: 'center', bold: true, keepNext: true }),
  // HD 05 PL2 row 15: page numbers 14 pt upright
  pageNumber: style(14, { align: 'center' }),
};

const HEAD_COLUMNS: [number, number] = [187.1, pt(TEXT_WIDTH - 187.1)];
const PARTY = 'ĐẢNG CỘNG SẢN VIỆT NAM';

function head(h: HeadText): Head {
  const words = WORDS[h.lang];
  const [title] = words.title as [string];
  const star: Paragraph = para('headMark', '*');
  return {
    columns: HEAD_COLUMNS,
    issuer: [para('headParent', upper(h.parent)), para('headIssuer', upper(h.issuer))],
    issuerMark: star,
    // HD 36 §II.1.3: "Số", a space, the number, "-", the type code, "/", the body's code; no colon
    number: para('headNumber', `${words.numberPrefix}${h.number}`),
    title: [para('headTitle', title)],
    // HD 36 §II.1.1.2: a solid line under the title, as long as the title
    titleMark: {
      kind: 'rule',
      width: pt(Math.min(textWidth(title, 15, true), HEAD_COLUMNS[1])),
      weight: 0.75,
    },
    ...(h.date ? { date: para('headDate', h.date) } : {}),
  };
}

function title(type: string, summary: string): Title {
  return {
    type: para('type', upper(type)),
    summary: [para('summary', summary)],
    mark: para('summaryMark', '-----'),
    spaceAfter: 12,
  };
}

const WORDS: DocumentFormat['words'] = {
  vi: {
    title: [PARTY],
    numberPrefix: 'Số ',
    // HD 36 §II.1.7: a commission works under its head, so no T/M (for collective bodies only): the head signs in
    // their own right, a deputy "K/T TRƯỞNG BAN" over their position; HD 05 §I.7.1.1.c: "T/L" by authorisation
    authority: (right, head) => (right === 'deputy' ? `K/T ${head}` : `T/L ${head}`),
    // HD 05 §I.7.1.4.e: minutes of a meeting signed by the note-taker on the left and the chair on the right;
    // practice: "CHỦ TRÌ" for a working session (HD 05 writes "CHỦ TRÌ HỘI NGHỊ" for a conference)
    minutesSigners: { secretary: 'NGƯỜI GHI BIÊN BẢN', chair: 'CHỦ TRÌ' },
    minutesRoles: { chair: 'Chủ trì: ', secretary: 'Người ghi biên bản: ' },
    // practice: a commission's programme goes to the committee's standing members "to report"
    reportTo: (parent) => `Thường trực ${parent} (để b/c)`,
    // HD 05 §I.9.2.5 and PL2 row 9: the storage line "Lưu" and the unit, no colon, no "VT", a full stop;
    // the unit's name for a commission ("Văn phòng Ban") is practice
    archive: { agenda: 'Lưu Văn phòng Ban.', minutes: 'Lưu Văn phòng Ban.' },
    // HD 05 §I.6.2.2: the body ends with a full stop
    endMark: '.',
  },
  en: {
    title: ['COMMUNIST PARTY OF VIET NAM'],
    numberPrefix: 'No. ',
    authority: (right, head) => (right === 'deputy' ? `FOR THE ${head}` : `BY ORDER OF THE ${head}`),
    minutesSigners: { secretary: 'MINUTE-TAKER', chair: 'CHAIR' },
    minutesRoles: { chair: 'Chair: ', secretary: 'Minute-taker: ' },
    reportTo: (parent) => `Standing members of the ${parent} (to report)`,
    archive: {
      agenda: 'File copy: Office of the Commission.',
      minutes: 'File copy: Office of the Commission.',
    },
    endMark: '.',
  } satisfies FormatWords,
};

export const HD36: DocumentFormat = {
  id: 'hd36',
  page,
  styles,
  textWidth: TEXT_WIDTH,
  // HD 36 PL3 row 5 (example "về quy hoạch cán bộ …"): the summary starts in lowercase
  summaryCase: 'lower',
  // HD 05 §I.4: the place and date are a mandatory part of every Party document, minutes included
  datedMinutes: true,
  words: WORDS,
  head,
  title,
  signature: signatureBlock,
  recipients: recipientsBlock,
  closing: closingFor(TEXT_WIDTH),
};
