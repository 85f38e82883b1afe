import { Packer, Paragraph, TextRun } from 'docx';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { agendaBlocks, buildAgenda } from '#templates/agenda.ts';
import {
  bodyXml,
  cleanDeep,
  decree30Document,
  type GridRow,
  gridTable,
  gridTableXml,
  type HeaderInput,
  headerTable,
  headingXml,
  layoutTable,
  loadShell,
  para,
  referenceBlocks,
  rule,
  S,
  signerBlock,
  TEMPLATE_VERSION,
  titleBlock,
} from '#templates/decree30.ts';
import { buildMinutes, minutesBlocks } from '#templates/minutes.ts';
import {
  edgeAgendaInput,
  edgeMinutesInput,
  part,
  seedAgendaInput,
  seedMinutesInput,
  sha256,
} from './support.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('determinism', () => {
  it('gives the same bytes for the same input, whenever it is built', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const agenda1 = await buildAgenda(seedAgendaInput());
    const minutes1 = await buildMinutes(seedMinutesInput());
    const edge1 = await buildAgenda(edgeAgendaInput());
    vi.setSystemTime(new Date('2031-06-15T13:37:42Z'));
    const agenda2 = await buildAgenda(seedAgendaInput());
    const minutes2 = await buildMinutes(seedMinutesInput());
    const edge2 = await buildAgenda(edgeAgendaInput());
    expect(sha256(agenda2)).toBe(sha256(agenda1));
    expect(sha256(minutes2)).toBe(sha256(minutes1));
    expect(sha256(edge2)).toBe(sha256(edge1));
  });

  it('gives different bytes when the input differs', async () => {
    const a = sha256(await buildAgenda(seedAgendaInput()));
    expect(sha256(await buildAgenda(seedAgendaInput({ number: 6 })))).not.toBe(a);
    expect(sha256(await buildAgenda(seedAgendaInput({ version: 2 })))).not.toBe(a);
  });

  it('dates the core properties from the document, not the clock', async () => {
    const core = part(await buildAgenda(seedAgendaInput({ version: 4 })), 'docProps/core.xml');
    expect(core).toMatch(/<dcterms:created [^>]*>2026-08-20T00:00:00Z<\/dcterms:created>/);
    expect(core).toMatch(/<dcterms:modified [^>]*>2026-08-20T00:00:00Z<\/dcterms:modified>/);
    expect(core).toContain('<cp:revision>4</cp:revision>');
    const minutesCore = part(await buildMinutes(seedMinutesInput()), 'docProps/core.xml');
    expect(minutesCore).toMatch(/<dcterms:created [^>]*>2026-08-24T04:00:00Z<\/dcterms:created>/);
  });

  it('names its template version', () => {
    expect(TEMPLATE_VERSION).toMatch(/\S/);
  });
});

describe('the fast package', () => {
  const blocks = () => [
    headerTable({
      parent: 'Tỉnh ủy Quảng Nam',
      agency: 'Ban Tuyên giáo',
      numberLine: 'Số: 05/CTr-BTGTU',
      nationalTitle: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      motto: 'Độc lập - Tự do - Hạnh phúc',
      dateLine: 'Quảng Nam, ngày 20 tháng 8 năm 2026',
    }),
    ...titleBlock('Chương trình làm việc', 'Tóm tắt & <thử> "nghiệm"'),
    para('Đoạn\tcó tab và ký tự \u0001 điều khiển'),
    rule(2000, 9000),
    gridTable([1000, 2000], ['A', 'B'], [{ group: 'Ngày 1' }, { cells: ['x', 'y'] }], [S.cell, S.cell]),
    layoutTable(
      [4000, 4000],
      [[signerBlock({ position: 'Thư ký', name: 'A' }), signerBlock({ position: 'Chủ tọa', name: 'B' })]],
    ),
    new Paragraph({ children: [new TextRun({ text: "it's", bold: true, italics: true })] }),
  ];

  it('writes the same document part as docx itself for the same blocks', async () => {
    const shell = await loadShell();
    const ours = shell.documentHead + (await bodyXml(blocks())) + shell.documentTail;
    const docx = new Uint8Array(await Packer.toBuffer(decree30Document(blocks())));
    expect(ours).toBe(part(docx, 'word/document.xml'));
  });

  it('fills the number and date into the kept header exactly as writing the header afresh would', async () => {
    const h = (n: string, d?: string): HeaderInput => ({
      parent: 'Tỉnh ủy Quảng Nam',
      agency: 'Ban Tuyên giáo',
      numberLine: n,
      nationalTitle: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      motto: 'Độc lập - Tự do - Hạnh phúc',
      ...(d ? { dateLine: d } : {}),
    });
    for (const [n, d] of [
      ['Số: 05/CTr-BTGTU', 'Quảng Nam, ngày 20 tháng 8 năm 2026'],
      ['Số: 06/CTr-BTGTU', 'Quảng Nam, ngày 05 tháng 02 năm 2027 & <$&>'],
      ['Số: 07/BB-BTGTU', undefined],
    ] as const) {
      const fresh = await bodyXml([headerTable(h(n, d)), ...titleBlock('Biên bản', 'Tóm tắt')]);
      expect((await headingXml(h(n, d), 'Biên bản', 'Tóm tắt')).xml).toBe(fresh);
    }
  });

  it('writes the same ruled tables as docx writes them afresh, whatever their texts', async () => {
    const rows: GridRow[] = [
      { group: 'Ngày 1 & <2> "ba" \'bốn\'' },
      { cells: ['08:00 - 09:00', ['dòng một', 'dòng & hai'], ['người <trình> bày']] },
      { cells: ['', [], ['']] },
      { cells: ['\ttab đầu', ['giữa\tvà\t\tcuối\t'], ['\t']] },
      { cells: ['a\tCURRENT', ['TOTAL_PAGES\tb', 'SECTION'], ['CURRENT']] },
      { cells: ['\uE010' + '0\uE011 $& $1 $$', ['\uE000\uE001'], ['ký tự \u0001\u001F điều khiển']] },
      { cells: ['x', 'y', 'z'], styles: ['BodyBold', S.cellHead] },
      { cells: ['chỉ một ô'] },
      { cells: [] },
      { group: '' },
    ];
    const columns = [1900, 4500, 3000];
    const heading = ['Thời gian', 'Nội dung & <việc>', 'Chủ trì\tthực hiện'];
    const styles = [S.cellCenter, S.cell, S.cell];
    const fresh = await bodyXml([gridTable(columns, heading, rows, styles)]);
    expect((await gridTableXml(columns, heading, rows, styles)).xml).toBe(fresh);
    // the second time from the rows kept
    expect((await gridTableXml(columns, heading, rows, styles)).xml).toBe(fresh);
    const other = [{ cells: ['1', 'Tên <khác>', 'Chức\tvụ'] }];
    expect((await gridTableXml([850, 3300, 5000], heading, other, styles)).xml).toBe(
      await bodyXml([gridTable([850, 3300, 5000], heading, other, styles)]),
    );
  });
});

describe('the documents against docx', () => {
  const cases = [
    ['seed agenda', 'agenda', seedAgendaInput],
    ['seed minutes', 'minutes', seedMinutesInput],
    ['edge agenda', 'agenda', edgeAgendaInput],
    ['edge minutes', 'minutes', edgeMinutesInput],
  ] as const;

  it.each(cases)(
    'writes the %s document part exactly as docx writes the same blocks',
    async (_, kind, input) => {
      const built =
        kind === 'agenda'
          ? await buildAgenda(input() as ReturnType<typeof seedAgendaInput>)
          : await buildMinutes(input() as ReturnType<typeof seedMinutesInput>);
      const { blocks } =
        kind === 'agenda'
          ? await agendaBlocks(cleanDeep(input() as ReturnType<typeof seedAgendaInput>))
          : await minutesBlocks(cleanDeep(input() as ReturnType<typeof seedMinutesInput>));
      const docx = new Uint8Array(await Packer.toBuffer(decree30Document(referenceBlocks(blocks))));
      expect(part(built, 'word/document.xml')).toBe(part(docx, 'word/document.xml'));
    },
  );
});
