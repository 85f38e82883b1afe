import { describe, expect, it } from 'vitest';
import { buildAgenda, groupByDay } from '#templates/agenda.ts';
import { cleanText } from '#templates/decree30.ts';
import { vietnamTime, viLongDate } from '#templates/i18n-docs.ts';
import { buildMinutes } from '#templates/minutes.ts';
import { seedMinutes, seedRequest } from '../support/seed-2024.ts';
import { edgeAgendaInput, part, rawText, seedAgendaInput, seedMinutesInput } from './support.ts';

/** What the document should show for a string given in the input: NFC, no control characters, one line. */
const shown = (s: string) => cleanText(s).replace(/\s+/g, ' ').trim();
const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('the programme text', () => {
  it('contains every string of the seed request', async () => {
    const request = seedRequest();
    const text = flat(await rawText(await buildAgenda(seedAgendaInput({ request }))));
    const strings = [
      request.title,
      request.purpose,
      request.place,
      ...request.topics,
      ...request.members.flatMap((m) => [m.name, m.position]),
      request.contact.name,
      request.contact.email,
      request.contact.phone,
    ];
    for (const s of strings) expect(text).toContain(shown(s));
  });

  it('models the session on the seed visit when no items are proposed', async () => {
    const text = flat(await rawText(await buildAgenda(seedAgendaInput())));
    const order = [
      '08:00 - 08:15',
      'Đón tiếp đoàn công tác',
      'Phát biểu chào mừng và khai mạc',
      'Kinh nghiệm hoạt động của Ban Chỉ đạo 35 tỉnh',
      'Sự phối hợp và hiệu quả hoạt động của Ban Chỉ đạo 35 cấp huyện',
      'Thảo luận, trao đổi',
      'Trưởng đoàn công tác phát biểu',
      'Đ/c Phạm Văn Tuấn, Trưởng đoàn',
      'Trao tặng quà lưu niệm, chụp ảnh lưu niệm',
      'Phát biểu kết luận',
      '10:55 - 11:00',
      'Bế mạc buổi làm việc',
    ];
    let at = -1;
    for (const s of order) {
      const next = text.indexOf(s, at + 1);
      expect(next, s).toBeGreaterThan(at);
      at = next;
    }
    expect(text).toContain('Đ/c Nguyễn Hữu Sáng, Phó Trưởng ban');
    expect(text).toContain('Đ/c Nguyễn Thị Thu Lan, Trưởng ban');
  });

  it('uses the proposed items, in their order, when given', async () => {
    const request = {
      ...seedRequest(),
      agenda: [
        { start: '14:00', end: '14:30', content: 'Gặp mặt đầu giờ chiều', presenter: 'Văn phòng' },
        { start: '14:30', end: '16:00', content: 'Tham quan mô hình', presenter: 'Đ/c Lê Văn Hải' },
      ],
    };
    const text = flat(await rawText(await buildAgenda(seedAgendaInput({ request }))));
    expect(text).toContain('14:00 - 14:30');
    expect(text.indexOf('Gặp mặt đầu giờ chiều')).toBeLessThan(text.indexOf('Tham quan mô hình'));
    expect(text).not.toContain('Bế mạc buổi làm việc');
  });

  it('groups a multi-day programme by day', async () => {
    const request = { ...seedRequest('2026-08-24', '2026-08-25') };
    const text = flat(await rawText(await buildAgenda(seedAgendaInput({ request }))));
    expect(text).toContain('Từ thứ hai, ngày 24 tháng 8 năm 2026 đến thứ ba, ngày 25 tháng 8 năm 2026');
    const first = text.indexOf('Thứ Hai, ngày 24 tháng 8 năm 2026');
    const second = text.indexOf('Thứ Ba, ngày 25 tháng 8 năm 2026');
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
    expect(text.indexOf('Khảo sát thực tế')).toBeGreaterThan(second);
  });

  it('starts a new day where a proposed item starts earlier than the one before', () => {
    const days = groupByDay(
      [
        { start: '08:00', end: '09:00', content: 'a', presenter: '' },
        { start: '14:00', end: '15:00', content: 'b', presenter: '' },
        { start: '08:00', end: '09:00', content: 'c', presenter: '' },
      ],
      '2026-02-28',
    );
    expect(days.map((d) => [d.date, d.items.map((i) => i.content).join('')])).toEqual([
      ['2026-02-28', 'ab'],
      ['2026-03-01', 'c'],
    ]);
  });
});

describe('the minutes text', () => {
  it('contains every string of the seed minutes, items in the given order', async () => {
    const minutes = seedMinutes();
    const text = flat(await rawText(await buildMinutes(seedMinutesInput({ minutes }))));
    const strings = [
      minutes.place,
      minutes.chair.name,
      minutes.chair.position,
      minutes.secretary.name,
      minutes.secretary.position,
      ...minutes.attendees.flatMap((a) => [a.name, a.position]),
      ...minutes.items.flatMap((i) => [i.heading, i.content]),
      ...minutes.conclusions,
      ...minutes.actions.flatMap((a) => [a.task, a.owner]),
      seedRequest().title,
    ];
    for (const s of strings) expect(text).toContain(shown(s));
    const headings = minutes.items.map((i) => text.indexOf(i.heading));
    expect([...headings].sort((a, b) => a - b)).toEqual(headings);
    expect(text).toContain('15/09/2026');
  });

  it('opens with the start time in Vietnam time and closes with the end time', async () => {
    const minutes = { ...seedMinutes(), startedAt: '2026-08-24T01:00:00Z', endedAt: '2026-08-24T04:00:00Z' };
    const text = flat(await rawText(await buildMinutes(seedMinutesInput({ minutes }))));
    expect(text).toContain('Thời gian bắt đầu: 08 giờ 00 phút, ngày 24 tháng 8 năm 2026');
    expect(text).toContain('Cuộc làm việc kết thúc vào hồi 11 giờ 00 phút cùng ngày');
  });

  it('lists the host side and the visiting side separately', async () => {
    const text = flat(await rawText(await buildMinutes(seedMinutesInput())));
    const hostAt = text.indexOf('a) Ban Tuyên giáo Tỉnh ủy Quảng Nam:');
    const visitingAt = text.indexOf('b) Đoàn công tác Ban Tuyên giáo Tỉnh ủy Thanh Hóa:');
    expect(hostAt).toBeGreaterThan(0);
    expect(visitingAt).toBeGreaterThan(hostAt);
    expect(text.indexOf('Nguyễn Hữu Sáng')).toBeGreaterThan(hostAt);
    expect(text.indexOf('Nguyễn Hữu Sáng')).toBeLessThan(visitingAt);
    expect(text.indexOf('Lê Văn Hải')).toBeGreaterThan(visitingAt);
  });

  it('keeps the lines of an item as separate paragraphs', async () => {
    const minutes = {
      ...seedMinutes(),
      items: [{ heading: 'Mục một', content: 'Dòng A.\nDòng B.\r\n\nDòng C.' }],
    };
    const doc = part(await buildMinutes(seedMinutesInput({ minutes })), 'word/document.xml');
    for (const l of ['Dòng A.', 'Dòng B.', 'Dòng C.'])
      expect(doc).toMatch(new RegExp(`<w:t[^>]*>${l}</w:t></w:r></w:p>`));
  });
});

describe('edge inputs', () => {
  it('renders 50 members, 30 items, long names, NFD text, markup characters and control characters', async () => {
    const input = edgeAgendaInput();
    const docx = await buildAgenda(input);
    const text = flat(await rawText(docx));
    const r = input.request;
    expect(r.members).toHaveLength(50);
    expect(r.agenda).toHaveLength(30);
    for (const s of [
      r.title,
      ...r.purpose.split(/\r?\n/),
      r.place,
      ...r.members.flatMap((m) => [m.name, m.position]),
      ...r.agenda.flatMap((a) => [a.content, a.presenter, a.start, a.end]),
    ]) {
      expect(text).toContain(shown(s));
    }
    const doc = part(docx, 'word/document.xml');
    expect(doc.normalize('NFC')).toBe(doc);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: checking that none are left
    expect(doc).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    expect(text).toContain('ký tự điều khiển đã bị loại bỏ');
    expect(text).toContain('& < > "');
    expect(text).toContain('Trần Văn Bell');
    expect(doc).toContain('<w:tab/>');
    expect(text).toContain('Thứ Năm, ngày 05 tháng 02 năm 2026');
    expect(text).toContain('Thứ Sáu, ngày 06 tháng 02 năm 2026');
    expect(doc).toContain('Số: 07/CTr-BTGTU');
    expect(doc).toContain('Quảng Nam, ngày 01 tháng 02 năm 2026');
  });

  it('writes every Vietnamese letter the same whether given composed or decomposed', async () => {
    const letters = 'àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ';
    const all = `${letters} ${letters.toLocaleUpperCase('vi')}`;
    const build = (s: string) =>
      buildAgenda(
        seedAgendaInput({ request: { ...seedRequest(), title: s, members: [{ name: s, position: s }] } }),
      );
    const composed = await build(all.normalize('NFC'));
    const decomposed = await build(all.normalize('NFD'));
    expect(Buffer.from(decomposed).equals(Buffer.from(composed))).toBe(true);
    expect(await rawText(composed)).toContain(all.normalize('NFC'));
  });
});

describe('sparse inputs', () => {
  it('gives a programme without an annex when the request has no members, topics or items', async () => {
    const request = { ...seedRequest(), members: [], topics: [] };
    const text = flat(await rawText(await buildAgenda(seedAgendaInput({ request }))));
    expect(text).toContain('a) Đoàn công tác Ban Tuyên giáo Tỉnh ủy Thanh Hóa.');
    expect(text).toContain('Bế mạc buổi làm việc');
    expect(text).not.toContain('Phụ lục');
    expect(text).not.toContain('Các nội dung trao đổi');
  });

  it('leaves out the conclusions and assignments of minutes that have none', async () => {
    const minutes = { ...seedMinutes(), conclusions: [], actions: [] };
    const text = flat(await rawText(await buildMinutes(seedMinutesInput({ minutes }))));
    expect(text).not.toContain('Kết luận:');
    expect(text).not.toContain('Phân công thực hiện:');
    expect(text).toContain('Cuộc làm việc kết thúc vào hồi 11 giờ 00 phút cùng ngày');
  });
});

describe('dates and numbers', () => {
  it('puts a leading zero on days below 10 and on months 1 and 2', () => {
    expect(viLongDate('2026-02-05')).toBe('ngày 05 tháng 02 năm 2026');
    expect(viLongDate('2026-01-15')).toBe('ngày 15 tháng 01 năm 2026');
    expect(viLongDate('2026-08-24')).toBe('ngày 24 tháng 8 năm 2026');
    expect(viLongDate('2026-12-09')).toBe('ngày 09 tháng 12 năm 2026');
  });

  it('reads a time in Vietnam time whatever its offset', () => {
    expect(vietnamTime('2026-08-23T18:30:00Z')).toEqual({ date: '2026-08-24', hour: 1, minute: 30 });
    expect(vietnamTime('2026-08-24T08:00:00+07:00')).toEqual({ date: '2026-08-24', hour: 8, minute: 0 });
  });

  it('pads the document number to two digits', async () => {
    const doc = part(await buildMinutes(seedMinutesInput({ number: 123 })), 'word/document.xml');
    expect(doc).toContain('Số: 123/BB-BTGTU');
    const doc2 = part(await buildAgenda(seedAgendaInput({ number: 1 })), 'word/document.xml');
    expect(doc2).toContain('Số: 01/CTr-BTGTU');
  });
});
