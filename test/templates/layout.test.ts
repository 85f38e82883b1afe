import { beforeAll, describe, expect, it } from 'vitest';
import { buildAgenda } from '#templates/agenda.ts';
import { textWidth } from '#templates/doc-text.ts';
import { buildMinutes } from '#templates/minutes.ts';
import {
  fixtureAgendaInput,
  fixtureMinutesInput,
  paragraphOf,
  paragraphs,
  paragraphsWith,
  part,
  partNames,
  seedAgendaInput,
  seedMinutesInput,
  textOf,
} from './support.ts';

const TWIPS_PER_MM = 1440 / 25.4;
const mm = (twips: number) => twips / TWIPS_PER_MM;
const attr = (xml: string, element: string, name: string): number => {
  const m = new RegExp(`<${element} [^>]*${name}="(-?\\d+)"`).exec(xml);
  if (!m) throw new Error(`no ${element}@${name}`);
  return Number(m[1]);
};
const styleXml = (styles: string, id: string): string => {
  const m = new RegExp(`<w:style [^>]*w:styleId="${id}"[^>]*>.*?</w:style>`).exec(styles);
  if (!m) throw new Error(`no style ${id}`);
  return m[0];
};
const styleOf = (paragraph: string) => /<w:pStyle w:val="([^"]+)"\/>/.exec(paragraph)?.[1] ?? '';
const sizeIn = (xml: string): number | undefined => {
  const m = /<w:sz w:val="(\d+)"\/>/.exec(xml);
  return m ? Number(m[1]) / 2 : undefined;
};
/** text with its no-break spaces as spaces */
const plain = (t: string) => t.replace(/\u00A0/g, ' ');
const on = (xml: string, tag: string) => new RegExp(`<w:${tag}/>|<w:${tag} w:val="(true|1|on)"/>`).test(xml);

interface Built {
  doc: string;
  styles: string;
  headers: string[];
}

async function built(bytes: Promise<Uint8Array>): Promise<Built> {
  const docx = await bytes;
  return {
    doc: part(docx, 'word/document.xml'),
    styles: part(docx, 'word/styles.xml'),
    headers: partNames(docx)
      .filter((n) => /^word\/header\d+\.xml$/.test(n))
      .map((n) => part(docx, n)),
  };
}

/** What a paragraph looks like: its style's properties, with the run's own where it gives them. */
function look(b: Built, paragraph: string) {
  const style = styleXml(b.styles, styleOf(paragraph));
  const run = /<w:r>.*?<\/w:r>/.exec(paragraph)?.[0] ?? '';
  const runProps = /<w:rPr>.*?<\/w:rPr>/.exec(run)?.[0] ?? '';
  const pick = (tag: string) =>
    new RegExp(`<w:${tag}[ /]`).test(runProps) ? on(runProps, tag) : on(style, tag);
  return {
    size: sizeIn(runProps) ?? sizeIn(style),
    bold: pick('b'),
    italic: pick('i'),
    underline: /<w:u w:val="single"\/>/.test(runProps) || /<w:u w:val="single"\/>/.test(style),
    centred: /<w:jc w:val="center"\/>/.test(paragraph) || /<w:jc w:val="center"\/>/.test(style),
    justified: /<w:jc w:val="both"\/>/.test(style),
    style,
  };
}

/** The texts of the cells of the table row that holds `text`. */
function rowCells(doc: string, text: string): string[][] {
  const row =
    (doc.match(/<w:tr>(?:(?!<w:tr>).)*?<\/w:tr>/g) ?? []).find((r) => textOf(r).includes(text)) ?? '';
  return (row.match(/<w:tc>.*?<\/w:tc>/g) ?? []).map((c) => paragraphs(c).map(textOf));
}

/** The column widths of the table that holds `text`. */
function columnsOf(doc: string, text: string): number[] {
  const table = (doc.match(/<w:tbl>.*?<\/w:tbl>/g) ?? []).find((t) => textOf(t).includes(text)) ?? '';
  const grid = /<w:tblGrid>.*?<\/w:tblGrid>/.exec(table)?.[0] ?? '';
  return [...grid.matchAll(/w:w="(\d+)"/g)].map((m) => Number(m[1]));
}

const pageNumbering = (b: Built) => {
  const withPage = b.headers.filter((h) => h.includes('PAGE'));
  return { count: withPage.length, style: styleXml(b.styles, styleOf(withPage[0] ?? '')) };
};

describe('a state body: Decree 30/2020 layout', () => {
  let agenda: Built;
  let minutes: Built;
  let deputy: Built;

  beforeAll(async () => {
    agenda = await built(buildAgenda(fixtureAgendaInput('state-agenda')));
    minutes = await built(buildMinutes(fixtureMinutesInput('state-minutes')));
    deputy = await built(
      buildAgenda(
        fixtureAgendaInput('state-agenda', {
          signer: { name: 'Nguyễn Đình Phúc', position: 'Phó Giám đốc' },
        }),
      ),
    );
  });

  it('is A4 with margins top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm, in Times New Roman', () => {
    expect(attr(agenda.doc, 'w:pgSz', 'w:w')).toBe(11906);
    expect(attr(agenda.doc, 'w:pgSz', 'w:h')).toBe(16838);
    for (const [side, low, high] of [
      ['w:top', 20, 25],
      ['w:bottom', 20, 25],
      ['w:left', 30, 35],
      ['w:right', 15, 20],
    ] as const) {
      expect(mm(attr(agenda.doc, 'w:pgMar', side))).toBeGreaterThanOrEqual(low - 0.1);
      expect(mm(attr(agenda.doc, 'w:pgMar', side))).toBeLessThanOrEqual(high + 0.1);
    }
    const defaults = /<w:docDefaults>.*?<\/w:docDefaults>/.exec(agenda.styles)?.[0] ?? '';
    expect(defaults).toMatch(/<w:rFonts [^>]*w:ascii="Times New Roman"/);
    expect(agenda.doc).not.toMatch(/w:ascii="(?!Times New Roman)/);
  });

  it('writes the body at 13–14 pt, justified, first line indented 1–1.27 cm, 6 pt apart, single to 1.5 lines', () => {
    const body = look(agenda, paragraphsWith(agenda.doc, 'Trao đổi kinh nghiệm tuyên truyền')[0] ?? '');
    expect(body.size).toBeGreaterThanOrEqual(13);
    expect(body.size).toBeLessThanOrEqual(14);
    expect(body.justified).toBe(true);
    expect(mm(attr(body.style, 'w:ind', 'w:firstLine')) / 10).toBeGreaterThanOrEqual(1);
    expect(mm(attr(body.style, 'w:ind', 'w:firstLine')) / 10).toBeLessThanOrEqual(1.27);
    expect(attr(body.style, 'w:spacing', 'w:after')).toBeGreaterThanOrEqual(120);
    expect(body.style).toMatch(/w:lineRule="auto"/);
    expect(attr(body.style, 'w:spacing', 'w:line')).toBeGreaterThanOrEqual(240);
    expect(attr(body.style, 'w:spacing', 'w:line')).toBeLessThanOrEqual(360);
  });

  it('heads the page with the parent body, the issuer (bold, ruled) and "Số: 12/CTr-SNV" on the left', () => {
    const [left] = rowCells(agenda.doc, 'SỞ NỘI VỤ');
    expect(left).toEqual(['UBND TỈNH NGHỆ AN', 'SỞ NỘI VỤ', '']);
    expect(look(agenda, paragraphOf(agenda.doc, 'UBND TỈNH NGHỆ AN')).bold).toBe(false);
    expect(look(agenda, paragraphOf(agenda.doc, 'SỞ NỘI VỤ')).bold).toBe(true);
    const afterIssuer = agenda.doc.slice(agenda.doc.indexOf('SỞ NỘI VỤ'));
    expect(/^.*?<\/w:p><w:p>(.*?)<\/w:p>/.exec(afterIssuer)?.[1]).toMatch(
      /<w:bottom w:val="single"[^>]*w:sz="[1-9]/,
    );
    const number = look(agenda, paragraphOf(agenda.doc, 'Số: 12/CTr-SNV'));
    expect(number.size).toBe(13);
    expect(paragraphsWith(minutes.doc, 'Số: 09/BB-SNV')).toHaveLength(1);
  });

  it('puts the national title and motto (bold, ruled) on the right, the italic place and date under them', () => {
    const [, right] = rowCells(agenda.doc, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(right).toEqual(['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', '']);
    const title = look(agenda, paragraphOf(agenda.doc, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'));
    expect(title.bold && title.size !== undefined && title.size >= 12 && title.size <= 13).toBe(true);
    expect(look(agenda, paragraphOf(agenda.doc, 'Độc lập - Tự do - Hạnh phúc')).bold).toBe(true);
    expect(rowCells(agenda.doc, 'Số: 12/CTr-SNV')).toEqual([
      ['Số: 12/CTr-SNV'],
      ['Nghệ An, ngày 08 tháng 10 năm 2026'],
    ]);
    const date = look(agenda, paragraphOf(agenda.doc, 'Nghệ An, ngày 08 tháng 10 năm 2026'));
    expect(date.italic).toBe(true);
    // sizes that rise together: national title 12, motto 13, place and date 13
    expect([
      title.size,
      look(agenda, paragraphOf(agenda.doc, 'Độc lập - Tự do - Hạnh phúc')).size,
      date.size,
    ]).toEqual([12, 13, 13]);
    expect(minutes.doc).not.toMatch(/Nghệ An, ngày/);
  });

  it('titles the document in bold capitals with a bold summary starting in capitals and a short rule', () => {
    const type = look(agenda, paragraphOf(agenda.doc, 'CHƯƠNG TRÌNH'));
    expect(type.bold && type.centred).toBe(true);
    const summary = 'Làm việc với Đoàn công tác Ban Tuyên giáo Tỉnh ủy Thanh Hóa';
    const summaryPara = paragraphsWith(agenda.doc, 'Làm việc với Đoàn')[0] ?? '';
    expect(textOf(summaryPara).replace(/\u00A0/g, ' ')).toBe(summary);
    expect(look(agenda, summaryPara).bold).toBe(true);
    expect(paragraphsWith(minutes.doc, 'BIÊN BẢN')).toHaveLength(1);
  });

  it('signs as the director in bold capitals; a deputy "KT. GIÁM ĐỐC" over "PHÓ GIÁM ĐỐC"', () => {
    expect(look(agenda, paragraphOf(agenda.doc, 'GIÁM ĐỐC')).bold).toBe(true);
    expect(look(agenda, paragraphOf(agenda.doc, 'Võ Thị Hằng')).bold).toBe(true);
    const texts = paragraphs(deputy.doc).map(textOf);
    const at = texts.indexOf('KT. GIÁM ĐỐC');
    expect(texts.slice(at, at + 3)).toEqual(['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC', 'Nguyễn Đình Phúc']);
    expect(look(deputy, paragraphOf(deputy.doc, 'PHÓ GIÁM ĐỐC')).bold).toBe(true);
  });

  it('lists recipients beside the signature: bold italic 12 pt heading, 11 pt items, "- Lưu: VT, VP." last', () => {
    const [recipients, signature] = rowCells(agenda.doc, 'Nơi nhận:');
    expect(recipients?.map(plain)).toEqual([
      'Nơi nhận:',
      '- UBND tỉnh (để b/c);',
      '- Đoàn công tác Ban Tuyên giáo Tỉnh ủy Thanh Hóa;',
      '- Lãnh đạo Sở;',
      '- Các phòng, đơn vị liên quan;',
      '- Lưu: VT, VP.',
    ]);
    expect(signature).toEqual(['GIÁM ĐỐC', 'Võ Thị Hằng']);
    const heading = look(agenda, paragraphOf(agenda.doc, 'Nơi nhận:'));
    expect([heading.bold, heading.italic, heading.size]).toEqual([true, true, 12]);
    expect(look(agenda, paragraphOf(agenda.doc, '- Lưu: VT, VP.')).size).toBe(11);
  });

  it('ends the body "./." and signs minutes by the secretary on the left and the chair on the right', () => {
    expect(paragraphsWith(agenda.doc, 'chương trình này./.')).toHaveLength(1);
    expect(paragraphsWith(minutes.doc, 'mỗi bên giữ 01 bản./.')).toHaveLength(1);
    const [left, right] = rowCells(minutes.doc, 'THƯ KÝ');
    expect(left?.slice(0, 2)).toEqual(['THƯ KÝ', 'Phan Văn Long']);
    expect(left?.slice(2).map(plain)).toEqual([
      'Nơi nhận:',
      '- Đoàn công tác Ban Tuyên giáo Tỉnh ủy Thanh Hóa;',
      '- Lưu: VT, hồ sơ.',
    ]);
    expect(right).toEqual(['CHỦ TỌA', 'Võ Thị Hằng']);
  });

  it('numbers pages at the top centre in 13 pt, not on the first page', () => {
    expect(agenda.doc).toContain('<w:titlePg/>');
    const { count, style } = pageNumbering(agenda);
    expect(count).toBe(1);
    expect(style).toContain('<w:jc w:val="center"/>');
    expect(sizeIn(style)).toBe(13);
  });
});

describe('a Party body: HD 36-HD/VPTW layout', () => {
  let agenda: Built;
  let minutes: Built;
  let deputy: Built;

  beforeAll(async () => {
    agenda = await built(buildAgenda(seedAgendaInput()));
    minutes = await built(buildMinutes(seedMinutesInput()));
    deputy = await built(
      buildAgenda(seedAgendaInput({ signer: { name: 'Nguyễn Hữu Sáng', position: 'Phó Trưởng ban' } })),
    );
  });

  it('is A4 with margins of 20, 20, 30 and 15 mm, in Times New Roman', () => {
    expect(attr(agenda.doc, 'w:pgSz', 'w:w')).toBe(11906);
    for (const [side, want] of [
      ['w:top', 20],
      ['w:bottom', 20],
      ['w:left', 30],
      ['w:right', 15],
    ] as const) {
      expect(mm(attr(agenda.doc, 'w:pgMar', side))).toBeCloseTo(want, 0);
    }
    expect(agenda.styles).toMatch(/<w:docDefaults>.*<w:rFonts [^>]*w:ascii="Times New Roman"/);
  });

  it('writes the body at 14–15 pt, justified, first line indented about 10 mm, exactly 18–22 pt lines, 6 pt apart', () => {
    const body = look(
      agenda,
      paragraphsWith(agenda.doc, 'Trao đổi kinh nghiệm thực hiện Nghị quyết 35')[0] ?? '',
    );
    expect(body.size).toBeGreaterThanOrEqual(14);
    expect(body.size).toBeLessThanOrEqual(15);
    expect(body.justified).toBe(true);
    expect(mm(attr(body.style, 'w:ind', 'w:firstLine'))).toBeCloseTo(10, 0);
    expect(body.style).toMatch(/w:lineRule="exact"/);
    expect(attr(body.style, 'w:spacing', 'w:line')).toBeGreaterThanOrEqual(360);
    expect(attr(body.style, 'w:spacing', 'w:line')).toBeLessThanOrEqual(440);
    expect(attr(body.style, 'w:spacing', 'w:after')).toBeGreaterThanOrEqual(120);
  });

  it('heads the page "ĐẢNG CỘNG SẢN VIỆT NAM" top right, 15 pt bold, with a rule as long as the title', () => {
    const [left, right] = rowCells(agenda.doc, 'ĐẢNG CỘNG SẢN VIỆT NAM');
    expect(right).toEqual(['ĐẢNG CỘNG SẢN VIỆT NAM', '']);
    expect(left?.[0]).toBe('TỈNH ỦY QUẢNG NAM');
    const title = look(agenda, paragraphOf(agenda.doc, 'ĐẢNG CỘNG SẢN VIỆT NAM'));
    expect([title.bold, title.size]).toEqual([true, 15]);
    const afterTitle = agenda.doc.slice(agenda.doc.indexOf('ĐẢNG CỘNG SẢN VIỆT NAM'));
    const rulePara = /^.*?<\/w:p>(<w:p>.*?<\/w:p>)/.exec(afterTitle)?.[1] ?? '';
    expect(rulePara).toMatch(/<w:bottom w:val="single"/);
    const cell = attr(
      /<w:tc>(?:(?!<w:tc>).)*?ĐẢNG CỘNG SẢN VIỆT NAM/.exec(agenda.doc)?.[0] ?? '',
      'w:tcW',
      'w:w',
    );
    const ruleLength = cell - attr(rulePara, 'w:ind', 'w:left') - attr(rulePara, 'w:ind', 'w:right');
    expect(Math.abs(ruleLength - textWidth('ĐẢNG CỘNG SẢN VIỆT NAM', 15, true) * 20)).toBeLessThan(20);
    expect(agenda.doc).not.toContain('CỘNG HÒA');
  });

  it('puts the parent committee, the body (bold) and "*" on the left, then "Số 05-CTr/BTGTU" without a colon', () => {
    const [left] = rowCells(agenda.doc, 'BAN TUYÊN GIÁO');
    expect(left).toEqual(['TỈNH ỦY QUẢNG NAM', 'BAN TUYÊN GIÁO', '*']);
    const parent = look(agenda, paragraphOf(agenda.doc, 'TỈNH ỦY QUẢNG NAM'));
    expect([parent.bold, parent.size]).toEqual([false, 14]);
    const body = look(agenda, paragraphOf(agenda.doc, 'BAN TUYÊN GIÁO'));
    expect([body.bold, body.size]).toEqual([true, 14]);
    expect(look(agenda, paragraphOf(agenda.doc, 'Số 05-CTr/BTGTU')).size).toBe(14);
    expect(paragraphsWith(minutes.doc, 'Số 05-BB/BTGTU')).toHaveLength(1);
    expect(agenda.doc).not.toContain('Số:');
  });

  it('dates both documents at the body’s seat, 14 pt italic, on the number’s line', () => {
    expect(rowCells(agenda.doc, 'Số 05-CTr/BTGTU')).toEqual([
      ['Số 05-CTr/BTGTU'],
      ['Quảng Nam, ngày 20 tháng 8 năm 2026'],
    ]);
    const date = look(agenda, paragraphOf(agenda.doc, 'Quảng Nam, ngày 20 tháng 8 năm 2026'));
    expect([date.italic, date.size]).toEqual([true, 14]);
    expect(rowCells(minutes.doc, 'Số 05-BB/BTGTU')[1]).toEqual(['Quảng Nam, ngày 24 tháng 8 năm 2026']);
  });

  it('titles "CHƯƠNG TRÌNH" 15–16 pt bold, the summary 14–15 pt bold in lowercase, five hyphens under it', () => {
    const type = look(agenda, paragraphOf(agenda.doc, 'CHƯƠNG TRÌNH'));
    expect(type.bold && type.size !== undefined && type.size >= 15 && type.size <= 16).toBe(true);
    const texts = paragraphs(agenda.doc).map((p) => textOf(p).replace(/\u00A0/g, ' '));
    const at = texts.indexOf('CHƯƠNG TRÌNH');
    expect(texts.slice(at, at + 3)).toEqual([
      'CHƯƠNG TRÌNH',
      'làm việc với Đoàn công tác Ban Chỉ đạo 35 tỉnh Thanh Hóa',
      '-----',
    ]);
    const summary = look(
      agenda,
      paragraphs(agenda.doc)[paragraphs(agenda.doc).findIndex((p) => textOf(p) === 'CHƯƠNG TRÌNH') + 1] ?? '',
    );
    expect(summary.bold && summary.size !== undefined && summary.size >= 14 && summary.size <= 15).toBe(true);
  });

  it('has the head of a commission sign in their own right: "TRƯỞNG BAN", never T/M', () => {
    const [, signature] = rowCells(agenda.doc, 'Nơi nhận:');
    expect(signature).toEqual(['TRƯỞNG BAN', 'Nguyễn Thị Thu Lan']);
    expect(look(agenda, paragraphOf(agenda.doc, 'TRƯỞNG BAN')).bold).toBe(false);
    expect(look(agenda, paragraphOf(agenda.doc, 'Nguyễn Thị Thu Lan')).bold).toBe(true);
    expect(agenda.doc).not.toMatch(/T\/M|TM\./);
  });

  it('has a deputy sign "K/T TRƯỞNG BAN" (bold) over "PHÓ TRƯỞNG BAN" (not bold)', () => {
    const [, signature] = rowCells(deputy.doc, 'Nơi nhận:');
    expect(signature).toEqual(['K/T TRƯỞNG BAN', 'PHÓ TRƯỞNG BAN', 'Nguyễn Hữu Sáng']);
    expect(look(deputy, paragraphOf(deputy.doc, 'K/T TRƯỞNG BAN')).bold).toBe(true);
    expect(look(deputy, paragraphOf(deputy.doc, 'PHÓ TRƯỞNG BAN')).bold).toBe(false);
  });

  it('lists recipients under "Nơi nhận:" 14 pt underlined, 12 pt items, reporting first, "- Lưu Văn phòng Ban." last', () => {
    const [recipients] = rowCells(agenda.doc, 'Nơi nhận:');
    expect(recipients?.map(plain)).toEqual([
      'Nơi nhận:',
      '- Thường trực Tỉnh ủy (để b/c);',
      '- Đoàn công tác Ban Chỉ đạo 35 tỉnh Thanh Hóa;',
      '- Lãnh đạo Ban;',
      '- Các phòng, đơn vị liên quan;',
      '- Lưu Văn phòng Ban.',
    ]);
    const heading = look(agenda, paragraphOf(agenda.doc, 'Nơi nhận:'));
    expect([heading.underline, heading.bold, heading.italic, heading.size]).toEqual([true, false, false, 14]);
    expect(look(agenda, paragraphOf(agenda.doc, '- Lưu Văn phòng Ban.')).size).toBe(12);
    for (const doc of [agenda.doc, minutes.doc]) expect(doc).not.toMatch(/Như trên|Lưu: VT/);
  });

  it('ends the body with a full stop, and has the note-taker sign on the left and the chair on the right', () => {
    for (const doc of [agenda.doc, minutes.doc]) expect(doc).not.toContain('./.');
    const [left, right] = rowCells(minutes.doc, 'NGƯỜI GHI BIÊN BẢN');
    expect(left?.slice(0, 2)).toEqual(['NGƯỜI GHI BIÊN BẢN', 'Lê Thị Hoa']);
    expect(right).toEqual(['CHỦ TRÌ', 'Nguyễn Thị Thu Lan']);
  });

  it('numbers pages at the top centre in 14 pt, not on the first page', () => {
    expect(agenda.doc).toContain('<w:titlePg/>');
    const { count, style } = pageNumbering(agenda);
    expect(count).toBe(1);
    expect(style).toContain('<w:jc w:val="center"/>');
    expect(sizeIn(style)).toBe(14);
  });
});

describe('in both formats', () => {
  const cases = [
    ['Party programme', () => buildAgenda(seedAgendaInput())],
    ['Party minutes', () => buildMinutes(seedMinutesInput())],
    ['state programme', () => buildAgenda(fixtureAgendaInput('state-agenda'))],
    ['state minutes', () => buildMinutes(fixtureMinutesInput('state-minutes'))],
  ] as const;

  it.each(cases)(
    'the %s tags every run Vietnamese (vi-VN) and keeps its tables within the text width',
    async (_, build) => {
      const b = await built(build());
      const defaults = /<w:docDefaults>.*?<\/w:docDefaults>/.exec(b.styles)?.[0] ?? '';
      expect(defaults).toMatch(/<w:lang w:val="vi-VN"/);
      expect(
        [...b.doc.matchAll(/<w:lang w:val="([^"]+)"/g)].map((m) => m[1]).filter((l) => l !== 'vi-VN'),
      ).toEqual([]);
      expect(b.styles.match(/<w:lang w:val="([^"]+)"/g)).toEqual([expect.stringContaining('vi-VN')]);
      const textWidthTwips = 11906 - attr(b.doc, 'w:pgMar', 'w:left') - attr(b.doc, 'w:pgMar', 'w:right');
      for (const grid of b.doc.match(/<w:tblGrid>.*?<\/w:tblGrid>/g) ?? []) {
        const total = [...grid.matchAll(/w:w="(\d+)"/g)].reduce((s, m) => s + Number(m[1]), 0);
        expect(total).toBeLessThanOrEqual(textWidthTwips);
      }
    },
  );

  it('tags an English document en-GB, and the Vietnamese content in it vi-VN', async () => {
    const b = await built(buildAgenda(fixtureAgendaInput('seed-agenda-en')));
    expect(/<w:docDefaults>.*?<\/w:docDefaults>/.exec(b.styles)?.[0]).toMatch(/<w:lang w:val="en-GB"/);
    const name = paragraphsWith(b.doc, 'Hội trường Ban Tuyên giáo')[0] ?? '';
    expect(name).toMatch(/<w:lang w:val="vi-VN"/);
    expect(paragraphOf(b.doc, 'IV. PROGRAMME')).not.toMatch(/<w:lang /);
  });

  it('keeps place names, "Tỉnh ủy" and phone numbers on one line with no-break spaces', async () => {
    const b = await built(buildAgenda(seedAgendaInput()));
    const contact = textOf(paragraphsWith(b.doc, 'điện thoại')[0] ?? '');
    expect(contact).toContain('0237\u00A03852\u00A0123');
    expect(contact).toContain('Tỉnh\u00A0ủy');
    expect(contact).toContain('Thanh\u00A0Hóa');
  });

  it('hangs a dash list’s later lines under its text: the dash, a tab, a tab stop at the indent', async () => {
    for (const b of [
      await built(buildAgenda(seedAgendaInput())),
      await built(buildAgenda(fixtureAgendaInput('state-agenda'))),
    ]) {
      const dash = styleXml(b.styles, 'EvDash');
      const left = attr(dash, 'w:ind', 'w:left');
      expect(attr(dash, 'w:ind', 'w:hanging')).toBeGreaterThan(0);
      expect(attr(dash, 'w:tab', 'w:pos')).toBe(left);
      const item = paragraphs(b.doc).find((p) => styleOf(p) === 'EvDash') ?? '';
      expect(item).toMatch(/^<w:p>.*<w:t xml:space="preserve">-<\/w:t><w:tab\/>/);
    }
  });

  it('sizes the programme’s time column to its times and the due-date column to an English date', async () => {
    const agenda = await built(buildAgenda(seedAgendaInput()));
    const [time, content] = columnsOf(agenda.doc, 'Thời gian');
    expect(time).toBeGreaterThan(textWidth('08:00 - 08:15', 13) * 20);
    expect(time).toBeLessThan(1900);
    expect(content).toBeGreaterThan(4500);
    const english = await built(buildMinutes(fixtureMinutesInput('state-minutes-en')));
    const due = columnsOf(english.doc, 'Due date').at(-1) ?? 0;
    expect(due).toBeGreaterThan((textWidth('13 November 2026', 13) + 8.5) * 20);
  });

  it('puts the members’ annex in a section of its own, numbered from 1 without a number on its first page', async () => {
    const b = await built(buildAgenda(seedAgendaInput()));
    const annexAt = b.doc.indexOf('DANH SÁCH THÀNH VIÊN ĐOÀN CÔNG TÁC');
    const breakPara = [
      ...b.doc.slice(0, annexAt).matchAll(/<w:p><w:pPr><w:sectPr.*?<\/w:sectPr><\/w:pPr><\/w:p>/g),
    ];
    expect(breakPara).toHaveLength(1);
    const sections = b.doc.match(/<w:sectPr.*?<\/w:sectPr>/g) ?? [];
    expect(sections).toHaveLength(2);
    for (const s of sections) {
      expect(s).toContain('<w:titlePg/>');
      expect(s).toMatch(/<w:pgNumType w:start="1"/);
    }
    expect(paragraphs(b.doc).map(textOf).slice(-30)).toContain('Phụ lục');
  });
});
