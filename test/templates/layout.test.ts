import { beforeAll, describe, expect, it } from 'vitest';
import { buildAgenda } from '#templates/agenda.ts';
import { buildMinutes } from '#templates/minutes.ts';
import { seedRequest } from '../support/seed-2024.ts';
import { paragraphsWith, part, partNames, seedAgendaInput, seedMinutesInput, textOf } from './support.ts';

const TWIPS_PER_MM = 1440 / 25.4;
const mm = (twips: number) => twips / TWIPS_PER_MM;
const attr = (xml: string, element: string, name: string): number => {
  const m = new RegExp(`<${element} [^>]*${name}="(-?\\d+)"`).exec(xml);
  if (!m) throw new Error(`no ${element}@${name}`);
  return Number(m[1]);
};
const style = (styles: string, id: string): string => {
  const m = new RegExp(`<w:style [^>]*w:styleId="${id}"[^>]*>.*?</w:style>`).exec(styles);
  if (!m) throw new Error(`no style ${id}`);
  return m[0];
};
const sizeOf = (xml: string): number | undefined => {
  const m = /<w:sz w:val="(\d+)"\/>/.exec(xml);
  return m ? Number(m[1]) / 2 : undefined;
};
const isBold = (xml: string) => /<w:b\/>|<w:b w:val="(true|1|on)"\/>/.test(xml);
const isItalic = (xml: string) => /<w:i\/>|<w:i w:val="(true|1|on)"\/>/.test(xml);
const styleOf = (paragraph: string) => /<w:pStyle w:val="([^"]+)"\/>/.exec(paragraph)?.[1] ?? '';

let agenda: { doc: string; styles: string; names: string[]; headers: string[] };
let minutes: { doc: string; styles: string };
let english: { doc: string };

beforeAll(async () => {
  const a = await buildAgenda(seedAgendaInput());
  const names = partNames(a);
  agenda = {
    doc: part(a, 'word/document.xml'),
    styles: part(a, 'word/styles.xml'),
    names,
    headers: names.filter((n) => /^word\/header\d+\.xml$/.test(n)).map((n) => part(a, n)),
  };
  const m = await buildMinutes(seedMinutesInput());
  minutes = { doc: part(m, 'word/document.xml'), styles: part(m, 'word/styles.xml') };
  const e = await buildAgenda(seedAgendaInput({ request: { ...seedRequest(), language: 'en' } }));
  english = { doc: part(e, 'word/document.xml') };
});

describe('the page (Decree 30 layout)', () => {
  it('is A4 portrait', () => {
    expect(attr(agenda.doc, 'w:pgSz', 'w:w')).toBe(11906);
    expect(attr(agenda.doc, 'w:pgSz', 'w:h')).toBe(16838);
  });

  it('has margins top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm', () => {
    for (const doc of [agenda.doc, minutes.doc]) {
      for (const side of ['w:top', 'w:bottom']) {
        expect(mm(attr(doc, 'w:pgMar', side))).toBeGreaterThanOrEqual(19.9);
        expect(mm(attr(doc, 'w:pgMar', side))).toBeLessThanOrEqual(25.1);
      }
      expect(mm(attr(doc, 'w:pgMar', 'w:left'))).toBeGreaterThanOrEqual(29.9);
      expect(mm(attr(doc, 'w:pgMar', 'w:left'))).toBeLessThanOrEqual(35.1);
      expect(mm(attr(doc, 'w:pgMar', 'w:right'))).toBeGreaterThanOrEqual(14.9);
      expect(mm(attr(doc, 'w:pgMar', 'w:right'))).toBeLessThanOrEqual(20.1);
    }
  });

  it('sets Times New Roman as the document font', () => {
    const defaults = /<w:docDefaults>.*?<\/w:docDefaults>/.exec(agenda.styles)?.[0] ?? '';
    expect(defaults).toMatch(/<w:rFonts [^>]*w:ascii="Times New Roman"/);
    expect(defaults).toMatch(/<w:rFonts [^>]*w:hAnsi="Times New Roman"/);
    expect(defaults).toMatch(/<w:rFonts [^>]*w:cs="Times New Roman"/);
    expect(agenda.doc).not.toMatch(/w:ascii="(?!Times New Roman)/);
  });

  it('writes the body at 13–14 pt, justified, with a 1–1.27 cm first-line indent', () => {
    const defaults = /<w:docDefaults>.*?<\/w:docDefaults>/.exec(agenda.styles)?.[0] ?? '';
    const body = style(agenda.styles, 'Body');
    const size = sizeOf(body) ?? sizeOf(defaults) ?? 0;
    expect(size).toBeGreaterThanOrEqual(13);
    expect(size).toBeLessThanOrEqual(14);
    expect(body).toContain('<w:jc w:val="both"/>');
    const indentCm = (attr(body, 'w:ind', 'w:firstLine') / 1440) * 2.54;
    expect(indentCm).toBeGreaterThanOrEqual(1);
    expect(indentCm).toBeLessThanOrEqual(1.27);
    const purpose = paragraphsWith(agenda.doc, 'Mục đích')[0] ?? '';
    expect(styleOf(purpose)).toBe('Body');
  });

  it('numbers pages at the top centre from the second page only', () => {
    expect(agenda.doc).toContain('<w:titlePg/>');
    const first = /<w:headerReference w:type="first" r:id="(rId\d+)"\/>/.exec(agenda.doc)?.[1];
    const other = /<w:headerReference w:type="default" r:id="(rId\d+)"\/>/.exec(agenda.doc)?.[1];
    expect(first).toBeDefined();
    expect(other).toBeDefined();
    const withPage = agenda.headers.filter((h) => h.includes('PAGE'));
    expect(withPage).toHaveLength(1);
    expect(style(agenda.styles, styleOf(withPage[0] ?? ''))).toContain('<w:jc w:val="center"/>');
  });
});

describe('the header table', () => {
  it('puts the parent body over the issuing agency (bold) and the number line on the left', () => {
    const parent = paragraphsWith(agenda.doc, 'TỈNH ỦY QUẢNG NAM')[0] ?? '';
    expect(isBold(parent)).toBe(false);
    const issuer = paragraphsWith(agenda.doc, 'BAN TUYÊN GIÁO')[0] ?? '';
    expect(isBold(issuer)).toBe(true);
    expect(agenda.doc.indexOf('TỈNH ỦY QUẢNG NAM')).toBeLessThan(agenda.doc.indexOf('BAN TUYÊN GIÁO'));
    expect(paragraphsWith(agenda.doc, 'Số: 05/CTr-BTGTU')).toHaveLength(1);
    expect(paragraphsWith(minutes.doc, 'Số: 05/BB-BTGTU')).toHaveLength(1);
  });

  it('rules a short line under the issuing agency and under the motto', () => {
    const afterIssuer = agenda.doc.slice(agenda.doc.indexOf('BAN TUYÊN GIÁO'));
    expect(/^.*?<\/w:p><w:p>(.*?)<\/w:p>/.exec(afterIssuer)?.[1]).toMatch(
      /<w:bottom w:val="single"[^>]*w:sz="[1-9]/,
    );
    const afterMotto = agenda.doc.slice(agenda.doc.indexOf('Độc lập - Tự do - Hạnh phúc'));
    expect(/^.*?<\/w:p><w:p>(.*?)<\/w:p>/.exec(afterMotto)?.[1]).toMatch(
      /<w:bottom w:val="single"[^>]*w:sz="[1-9]/,
    );
  });

  it('writes the national title and the motto in bold', () => {
    const title = paragraphsWith(agenda.doc, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')[0] ?? '';
    expect(isBold(title)).toBe(true);
    expect(isBold(paragraphsWith(agenda.doc, 'Độc lập - Tự do - Hạnh phúc')[0] ?? '')).toBe(true);
  });

  it('has an italic place-and-date line on the programme and none on the minutes', () => {
    const line = paragraphsWith(agenda.doc, 'Quảng Nam, ngày 20 tháng 8 năm 2026')[0] ?? '';
    expect(textOf(line)).toBe('Quảng Nam, ngày 20 tháng 8 năm 2026');
    expect(isItalic(line)).toBe(true);
    expect(minutes.doc).not.toMatch(/Quảng Nam, ngày/);
  });
});

describe('the title, signer and recipients', () => {
  it('centres the type name in bold uppercase with a bold summary below', () => {
    for (const [doc, styles, type, summary] of [
      [
        agenda.doc,
        agenda.styles,
        'CHƯƠNG TRÌNH LÀM VIỆC',
        'Đón và làm việc với đoàn công tác Ban Tuyên giáo Tỉnh ủy Thanh Hóa',
      ],
      [
        minutes.doc,
        minutes.styles,
        'BIÊN BẢN LÀM VIỆC',
        'Làm việc với đoàn công tác Ban Tuyên giáo Tỉnh ủy Thanh Hóa',
      ],
    ] as const) {
      const typePara = paragraphsWith(doc, type)[0] ?? '';
      expect(textOf(typePara)).toBe(type);
      const typeStyle = style(styles, styleOf(typePara));
      expect(isBold(typeStyle)).toBe(true);
      expect(typeStyle).toContain('<w:jc w:val="center"/>');
      const summaryPara = paragraphsWith(doc, summary)[0] ?? '';
      expect(textOf(summaryPara)).toBe(summary);
      expect(isBold(style(styles, styleOf(summaryPara)))).toBe(true);
      expect(doc.indexOf(type)).toBeLessThan(doc.indexOf(summary));
    }
  });

  it('signs the programme as the head of the host agency, name in bold', () => {
    const position = paragraphsWith(agenda.doc, 'TRƯỞNG BAN').find((p) => textOf(p) === 'TRƯỞNG BAN') ?? '';
    expect(isBold(style(agenda.styles, styleOf(position)))).toBe(true);
    const name =
      paragraphsWith(agenda.doc, 'Nguyễn Thị Thu Lan').find((p) => textOf(p) === 'Nguyễn Thị Thu Lan') ?? '';
    expect(isBold(style(agenda.styles, styleOf(name)))).toBe(true);
  });

  it('writes "KT. TRƯỞNG BAN" over "PHÓ TRƯỞNG BAN" when a deputy head signs', async () => {
    const docx = await buildAgenda(
      seedAgendaInput({ signer: { name: 'Nguyễn Hữu Sáng', position: 'Phó Trưởng ban' } }),
    );
    const doc = part(docx, 'word/document.xml');
    const texts = (doc.match(/<w:p>.*?<\/w:p>/g) ?? []).map(textOf);
    const at = texts.indexOf('KT. TRƯỞNG BAN');
    expect(at).toBeGreaterThan(0);
    expect(texts[at + 1]).toBe('PHÓ TRƯỞNG BAN');
    expect(texts[at + 2]).toBe('Nguyễn Hữu Sáng');
  });

  it('lists recipients bottom-left: bold italic 12 pt heading, 11 pt items, ending with the archive line', () => {
    const heading = paragraphsWith(agenda.doc, 'Nơi nhận:')[0] ?? '';
    const headingStyle = style(agenda.styles, styleOf(heading));
    expect(isBold(headingStyle) && isItalic(headingStyle)).toBe(true);
    expect(sizeOf(headingStyle)).toBe(12);
    const archive = paragraphsWith(agenda.doc, '- Lưu: VT')[0] ?? '';
    expect(sizeOf(style(agenda.styles, styleOf(archive)))).toBe(11);
    const cell = /<w:tc>(?:(?!<w:tc>).)*?Nơi nhận:.*?<\/w:tc>/.exec(agenda.doc)?.[0] ?? '';
    const items = (cell.match(/<w:p>.*?<\/w:p>/g) ?? []).map(textOf);
    expect(items.at(-1)).toMatch(/^- Lưu: VT/);
    expect(agenda.doc.indexOf('Nơi nhận:')).toBeLessThan(agenda.doc.lastIndexOf('Nguyễn Thị Thu Lan'));
  });

  it('signs the minutes by the secretary on the left and the chair on the right', () => {
    const row = /<w:tr>(?:(?!<w:tr>).)*?THƯ KÝ.*?<\/w:tr>/.exec(minutes.doc)?.[0] ?? '';
    const cells = (row.match(/<w:tc>.*?<\/w:tc>/g) ?? []).map(textOf);
    expect(cells).toEqual(['THƯ KÝLê Thị Hoa', 'CHỦ TỌANguyễn Thị Thu Lan']);
  });
});

describe('tables', () => {
  it('repeats the heading row of the programme, annex and assignments tables', () => {
    const agendaHeads = agenda.doc.match(/<w:trPr>(?:(?!<\/w:trPr>).)*<w:tblHeader\/>/g) ?? [];
    expect(agendaHeads.length).toBe(2);
    expect(minutes.doc.match(/<w:tblHeader\/>/g) ?? []).toHaveLength(1);
    expect(agenda.doc).toContain('Phụ lục');
    expect(agenda.doc).toContain('DANH SÁCH THÀNH VIÊN ĐOÀN CÔNG TÁC');
  });

  it('keeps every table within the text width', () => {
    const textWidth = 11906 - attr(agenda.doc, 'w:pgMar', 'w:left') - attr(agenda.doc, 'w:pgMar', 'w:right');
    for (const doc of [agenda.doc, minutes.doc]) {
      for (const grid of doc.match(/<w:tblGrid>.*?<\/w:tblGrid>/g) ?? []) {
        const total = [...grid.matchAll(/w:w="(\d+)"/g)].reduce((s, m) => s + Number(m[1]), 0);
        expect(total).toBeLessThanOrEqual(textWidth);
      }
    }
  });
});

describe('English', () => {
  it('uses the English labels in the same layout', () => {
    const texts = (english.doc.match(/<w:p>.*?<\/w:p>/g) ?? []).map(textOf);
    for (const label of [
      'SOCIALIST REPUBLIC OF VIET NAM',
      'Independence - Freedom - Happiness',
      'WORK PROGRAMME',
      'No.: 05/CTr-BTGTU',
      'Quang Nam, 20 August 2026',
      'Recipients:',
      'QUANG NAM PROVINCIAL PARTY COMMITTEE',
      'PROPAGANDA AND EDUCATION COMMISSION',
    ]) {
      expect(texts).toContain(label);
    }
    expect(texts.some((t) => t.startsWith('- Archive: VT'))).toBe(true);
    expect(english.doc).not.toContain('CỘNG HÒA');
  });

  it('titles English minutes "MINUTES OF THE WORKING SESSION" with the start time in English', async () => {
    const docx = await buildMinutes(seedMinutesInput({ request: { ...seedRequest(), language: 'en' } }));
    const texts = (part(docx, 'word/document.xml').match(/<w:p>.*?<\/w:p>/g) ?? []).map(textOf);
    expect(texts).toContain('MINUTES OF THE WORKING SESSION');
    expect(texts).toContain('No.: 05/BB-BTGTU');
    expect(texts).toContain('Start time: 08:00, 24 August 2026.');
    expect(texts).toContain('The working session ended at 11:00 on the same day.');
  });
});

describe('the package', () => {
  it('holds the parts Word needs', () => {
    for (const name of [
      '[Content_Types].xml',
      '_rels/.rels',
      'word/document.xml',
      'word/styles.xml',
      'docProps/core.xml',
    ]) {
      expect(agenda.names).toContain(name);
    }
  });
});
