import { describe, expect, it } from 'vitest';
import { seedAgency } from '#domain/directory/seed.ts';
import { buildAgenda, groupByDay } from '#templates/agenda.ts';
import { cleanText } from '#templates/doc-text.ts';
import { buildMinutes } from '#templates/minutes.ts';
import { vietnamTime, viLongDate } from '#templates/words/dates.ts';
import { seedMinutes, seedRequest } from '../support/seed-2024.ts';
import {
  edgeAgendaInput,
  fixtureAgendaInput,
  fixtureMinutesInput,
  inOrder,
  part,
  rawText,
  seedAgendaInput,
  seedMinutesInput,
} from './support.ts';

/** What the document should show for a string given in the input: NFC, no control characters, one line. */
const shown = (s: string) => cleanText(s).replace(/\s+/g, ' ').trim();
const flat = (text: string) => text.replace(/\s+/g, ' ');
const count = (text: string, s: string) => text.split(s).length - 1;

describe('the programme text', () => {
  it('contains every string of the seed request but its title, which the purpose says already', async () => {
    const request = seedRequest();
    const text = flat(await rawText(await buildAgenda(seedAgendaInput({ request }))));
    const strings = [
      request.purpose,
      request.place,
      ...request.topics,
      ...request.members.flatMap((m) => [m.name, m.position]),
      request.contact.name,
      request.contact.email,
      request.contact.phone,
    ];
    for (const s of strings) expect(text).toContain(shown(s));
    expect(count(text, shown(request.title))).toBe(1);
  });

  it('is written in five Roman-numbered parts, as clerks write a programme', async () => {
    const text = flat(await rawText(await buildAgenda(seedAgendaInput())));
    inOrder(text, [
      'I. MỤC ĐÍCH, YÊU CẦU',
      'II. THỜI GIAN, ĐỊA ĐIỂM',
      'III. THÀNH PHẦN',
      'IV. CHƯƠNG TRÌNH',
      'V. TỔ CHỨC THỰC HIỆN',
    ]);
    expect(text).toContain('1. Thời gian: Từ 08 giờ 00 phút, thứ Hai, ngày 24 tháng 8 năm 2026.');
  });

  it('names the delegation of Ban Chỉ đạo 35 tỉnh Thanh Hóa, its size and its head', async () => {
    const text = flat(await rawText(await buildAgenda(seedAgendaInput())));
    expect(text).toContain('làm việc với Đoàn công tác Ban Chỉ đạo 35 tỉnh Thanh Hóa');
    expect(text).toContain(
      'Đoàn gồm 03 đồng chí do đồng chí Phạm Văn Tuấn, Phó Trưởng ban Tuyên giáo Tỉnh ủy, thành viên Ban Chỉ đạo 35 tỉnh Thanh Hóa làm Trưởng đoàn (danh sách kèm theo).',
    );
  });

  it('lists the host chair with the Ban Chỉ đạo 35 role, each position written as the minutes write it', async () => {
    const agenda = flat(await rawText(await buildAgenda(seedAgendaInput())));
    const minutes = flat(await rawText(await buildMinutes(seedMinutesInput())));
    expect(agenda).toContain(
      '- Đồng chí Nguyễn Thị Thu Lan, Trưởng ban Tuyên giáo Tỉnh ủy, Phó Trưởng ban Chỉ đạo 35 tỉnh Quảng Nam - chủ trì;',
    );
    const people = [
      ...seedRequest().members,
      ...seedMinutes().attendees,
      seedMinutes().chair,
      seedMinutes().secretary,
    ];
    for (const p of people) {
      expect(agenda + minutes).toContain(`${p.name}, ${p.position}`);
      const positions = people.filter((q) => q.name === p.name).map((q) => q.position);
      expect(new Set(positions).size, p.name).toBe(1);
    }
  });

  it('models the session with the delegation’s statement first, the host’s briefing, and "Kết thúc"', async () => {
    const text = flat(await rawText(await buildAgenda(seedAgendaInput())));
    inOrder(text, [
      '08:00 - 08:15',
      'Tuyên bố lý do, giới thiệu thành phần',
      'Đồng chí Trưởng đoàn phát biểu, nêu mục đích, nội dung làm việc',
      'Đ/c Phạm Văn Tuấn',
      'Ban Tuyên giáo Tỉnh ủy Quảng Nam thông tin, trao đổi kinh nghiệm theo các nội dung Đoàn đề nghị',
      'Đ/c Nguyễn Hữu Sáng',
      'Trao đổi, thảo luận',
      'Trao tặng quà lưu niệm, chụp ảnh lưu niệm',
      'Đồng chí chủ trì phát biểu kết luận',
      'Đ/c Nguyễn Thị Thu Lan',
      '10:45 Kết thúc buổi làm việc',
    ]);
    expect(text).not.toContain('Bế mạc');
    expect(text.toLocaleLowerCase('vi')).not.toContain('kinh nghiệm: kinh nghiệm');
  });

  it('gives a contact at the host and at the delegation, and the usual recipients', async () => {
    const text = flat(await rawText(await buildAgenda(seedAgendaInput())));
    expect(text).toContain(
      '2. Đầu mối liên hệ: đồng chí Trần Văn Minh, Chánh Văn phòng Ban Tuyên giáo Tỉnh ủy Quảng Nam, thư điện tử minh.tv@btgtu.quangnam.example.',
    );
    expect(text).toContain(
      '3. Đầu mối liên hệ của Đoàn: đồng chí Nguyễn Thị Hương, Chuyên viên Ban Tuyên giáo Tỉnh ủy Thanh Hóa',
    );
    inOrder(text, [
      'Nơi nhận:',
      '- Thường trực Tỉnh ủy (để b/c);',
      '- Đoàn công tác Ban Chỉ đạo 35 tỉnh Thanh Hóa;',
    ]);
  });

  it('writes a state body’s own recipients', async () => {
    const text = flat(await rawText(await buildAgenda(fixtureAgendaInput('state-agenda'))));
    inOrder(text, ['Nơi nhận:', '- UBND tỉnh (để b/c);', '- Lãnh đạo Sở;', '- Lưu: VT, VP.']);
    expect(text).not.toContain('Thường trực');
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
    expect(text).toContain('1. Thời gian: Từ 14 giờ 00 phút, thứ Hai');
    inOrder(text, ['Gặp mặt đầu giờ chiều', 'Tham quan mô hình']);
    expect(text).not.toContain('Kết thúc buổi làm việc');
  });

  it('groups a multi-day programme by day', async () => {
    const request = { ...seedRequest('2026-08-24', '2026-08-25') };
    const text = flat(await rawText(await buildAgenda(seedAgendaInput({ request }))));
    expect(text).toContain('Từ thứ Hai, ngày 24 tháng 8 năm 2026 đến thứ Ba, ngày 25 tháng 8 năm 2026');
    inOrder(text, [
      'Thứ Hai, ngày 24 tháng 8 năm 2026',
      'Thứ Ba, ngày 25 tháng 8 năm 2026',
      'Khảo sát thực tế',
    ]);
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

  it('puts a proposed item that names its day on that day, the days in date order', () => {
    const days = groupByDay(
      [
        { date: '2026-08-25', start: '08:00', end: '09:00', content: 'b', presenter: '' },
        { start: '09:00', end: '10:00', content: 'c', presenter: '' },
        { date: '2026-08-24', start: '14:00', end: '15:00', content: 'a', presenter: '' },
      ],
      '2026-08-24',
    );
    expect(days.map((d) => [d.date, d.items.map((i) => i.content).join('')])).toEqual([
      ['2026-08-24', 'a'],
      ['2026-08-25', 'bc'],
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
      ...minutes.actions.flatMap((a) => [a.task, a.owner]),
      seedRequest().title,
    ];
    for (const s of strings) expect(text).toContain(shown(s));
    // a dash list ends each item with ";" and the last with "."
    for (const s of minutes.conclusions) expect(text).toContain(shown(s).replace(/[.;]$/, ''));
    inOrder(
      text,
      minutes.items.map((i) => i.heading),
    );
    expect(text).toContain('15/09/2026');
  });

  it('numbers its parts, with the chair’s conclusions and the assignments', async () => {
    const text = flat(await rawText(await buildMinutes(seedMinutesInput())));
    inOrder(text, [
      'I. THÀNH PHẦN',
      '1. Đoàn công tác Ban Chỉ đạo 35 tỉnh Thanh Hóa',
      '2. Ban Tuyên giáo Tỉnh ủy Quảng Nam',
      'Chủ trì: đồng chí Nguyễn Thị Thu Lan',
      'Người ghi biên bản: đồng chí Lê Thị Hoa',
      'II. NỘI DUNG',
      '1. Phát biểu của đồng chí Nguyễn Thị Thu Lan',
      'III. KẾT LUẬN CỦA ĐỒNG CHÍ CHỦ TRÌ',
      'IV. PHÂN CÔNG THỰC HIỆN',
    ]);
    expect(text).toContain(
      '- Đồng chí Phạm Văn Tuấn, Phó Trưởng ban Tuyên giáo Tỉnh ủy, thành viên Ban Chỉ đạo 35 tỉnh Thanh Hóa, Trưởng đoàn;',
    );
  });

  it('opens with the time, day and place in Vietnam time and closes with the end, the reading and the copies', async () => {
    const minutes = { ...seedMinutes(), startedAt: '2026-08-24T01:00:00Z', endedAt: '2026-08-24T04:00:00Z' };
    const text = flat(await rawText(await buildMinutes(seedMinutesInput({ minutes }))));
    expect(text).toContain(
      'Vào hồi 08 giờ 00 phút, thứ Hai, ngày 24 tháng 8 năm 2026, tại Hội trường Ban Tuyên giáo Tỉnh ủy Quảng Nam, Ban Tuyên giáo Tỉnh ủy Quảng Nam làm việc với Đoàn công tác Ban Chỉ đạo 35 tỉnh Thanh Hóa',
    );
    inOrder(text, [
      'Buổi làm việc kết thúc vào hồi 11 giờ 00 phút cùng ngày.',
      'Biên bản đã được đọc lại cho các thành viên dự buổi làm việc cùng nghe, nhất trí thông qua và được lập thành 02 bản có giá trị như nhau, mỗi bên giữ 01 bản.',
    ]);
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

describe('in English', () => {
  it('writes the number "No. 05-CTr/BTGTU", the head’s full title, the file copy and the annex’s origin', async () => {
    const text = flat(await rawText(await buildAgenda(fixtureAgendaInput('seed-agenda-en'))));
    expect(text).toContain('No. 05-CTr/BTGTU');
    expect(text).toContain('HEAD OF THE PROPAGANDA AND EDUCATION COMMISSION Nguyễn Thị Thu Lan');
    expect(text).toContain('- File copy: Office of the Commission.');
    expect(text).toContain(
      '(Attached to Work Programme No. 05-CTr/BTGTU dated 20 August 2026 issued by the Propaganda and Education Commission of the Quang Nam Provincial Party Committee)',
    );
    expect(text).toContain('1. The delegation of Ban Chỉ đạo 35 tỉnh Thanh Hóa');
    expect(text).toContain('Quang Nam, 20 August 2026');
  });

  it('says that it renders content given in Vietnamese, which stays as typed', async () => {
    const request = { ...seedRequest(), language: 'en' as const };
    const text = flat(await rawText(await buildAgenda(seedAgendaInput({ request }))));
    expect(text).toContain(
      'This is the English rendering of a document of the Propaganda and Education Commission',
    );
    expect(text).toContain(shown(request.purpose));
    const english = {
      ...request,
      purpose: 'To exchange experience.',
      topics: ['Steering committees'],
      members: [{ name: 'Nguyen Van A', position: 'Deputy Head' }],
    };
    expect(flat(await rawText(await buildAgenda(seedAgendaInput({ request: english }))))).not.toContain(
      'English rendering',
    );
  });

  it('titles the minutes "MINUTES" over the session, with no heading that repeats itself', async () => {
    const text = flat(await rawText(await buildMinutes(fixtureMinutesInput('state-minutes-en'))));
    expect(text).toContain(
      'MINUTES Working session with the delegation of the Propaganda and Education Commission',
    );
    expect(text).not.toContain('MINUTES OF THE WORKING SESSION');
    expect(text).toContain('No. 09/BB-SNV');
    expect(text).toContain('- File copy: Records, session file.');
    expect(text).toContain('The session ended at 11:15 the same day.');
    expect(text).toContain('they are made in two copies of equal value, one for each side.');
    expect(text).not.toContain('./.');
    expect(text).toContain('30 October 2026');
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
    expect(text).toContain('Thứ Năm, ngày 05 tháng 02 năm 2026');
    expect(text).toContain('Thứ Sáu, ngày 06 tháng 02 năm 2026');
    expect(doc).toContain('Số 07-CTr/BTGTU');
    expect(doc).toContain('Quảng Nam, ngày 01 tháng 02 năm 2026');
  });

  it('writes every Vietnamese letter the same whether given composed or decomposed', async () => {
    const letters = 'àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ';
    const all = `${letters} ${letters.toLocaleUpperCase('vi')}`;
    const build = (s: string) =>
      buildAgenda(
        seedAgendaInput({ request: { ...seedRequest(), purpose: s, members: [{ name: s, position: s }] } }),
      );
    const composed = await build(all.normalize('NFC'));
    const decomposed = await build(all.normalize('NFD'));
    expect(Buffer.from(decomposed).equals(Buffer.from(composed))).toBe(true);
    expect(await rawText(composed)).toContain(all.normalize('NFC'));
  });
});

describe('sparse inputs', () => {
  it('gives a programme without an annex when the delegation is one person, and none without members', async () => {
    const one = {
      ...seedRequest(),
      members: [{ name: 'Phạm Văn Tuấn', position: 'Phó Trưởng ban' }],
      topics: [],
    };
    const text = flat(await rawText(await buildAgenda(seedAgendaInput({ request: one }))));
    expect(text).toContain('Đồng chí Phạm Văn Tuấn, Phó Trưởng ban, Trưởng đoàn.');
    expect(text).not.toContain('Phụ lục');
    expect(text).not.toContain('Đoàn đề nghị trao đổi các nội dung');
    const none = flat(
      await rawText(await buildAgenda(seedAgendaInput({ request: { ...one, members: [] } }))),
    );
    expect(none).toContain(
      '1. Đoàn công tác Ban Chỉ đạo 35 tỉnh Thanh Hóa 2. Ban Tuyên giáo Tỉnh ủy Quảng Nam',
    );
  });

  it('names the visiting agency’s delegation when the request names no other body', async () => {
    const request = { ...seedRequest(), delegationOf: '' };
    const text = flat(await rawText(await buildAgenda(seedAgendaInput({ request }))));
    expect(text).toContain('làm việc với Đoàn công tác Ban Tuyên giáo Tỉnh ủy Thanh Hóa');
  });

  it('leaves out the conclusions and assignments of minutes that have none', async () => {
    const minutes = { ...seedMinutes(), conclusions: [], actions: [] };
    const text = flat(await rawText(await buildMinutes(seedMinutesInput({ minutes }))));
    expect(text).not.toContain('KẾT LUẬN');
    expect(text).not.toContain('PHÂN CÔNG THỰC HIỆN');
    expect(text).toContain('Buổi làm việc kết thúc vào hồi 11 giờ 00 phút cùng ngày');
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

  it('pads the document number to two digits, in the Party’s order and the state’s', async () => {
    expect(part(await buildMinutes(seedMinutesInput({ number: 123 })), 'word/document.xml')).toContain(
      'Số 123-BB/BTGTU',
    );
    expect(part(await buildAgenda(seedAgendaInput({ number: 1 })), 'word/document.xml')).toContain(
      'Số 01-CTr/BTGTU',
    );
    const state = fixtureAgendaInput('state-agenda', { number: 3 });
    expect(state.host).toEqual(seedAgency('snv-nghe-an'));
    expect(part(await buildAgenda(state), 'word/document.xml')).toContain('Số: 03/CTr-SNV');
  });
});
