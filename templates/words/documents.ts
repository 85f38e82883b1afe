/**
 * The words of the programme and the minutes in Vietnamese and English, the same in both formats (what a format
 * writes its own way, such as the title lines, the number prefix, the authority marks or the storage line, is in
 * the format's file), and the way each language names agencies, places and positions.
 */
import type { Agency } from '#domain/agencies.ts';
import type { Language } from '#domain/visit.ts';
import { firstLetter } from '../doc-text.ts';
import { pad2 } from './dates.ts';

export interface DocWords {
  agendaType: string;
  minutesType: string;
  /** the summary under the type name (a format may change its first letter) */
  agendaSummary: (delegation: string) => string;
  minutesSummary: (delegation: string) => string;
  /** "Đoàn công tác Ban Chỉ đạo 35 tỉnh Thanh Hóa"; in English `of` brings its own article */
  delegation: (of: string) => string;
  /** a side of the session as the heading over its people: "Ban Tuyên giáo …"; "The Propaganda …" */
  side: (name: string) => string;
  /** a note that the document renders content given in another language; none in Vietnamese */
  renderingNote?: (issuer: string) => string;

  agendaParts: {
    purpose: string;
    timePlace: string;
    participants: string;
    programme: string;
    organisation: string;
  };
  topicsIntro: string;
  requirement: string;
  time: string;
  place: string;
  /** "từ 08 giờ 00 phút, thứ Hai, ngày 24 tháng 8 năm 2026" */
  fromTimeOn: (time: string, day: string) => string;
  dateRange: (from: string, to: string) => string;
  delegationLine: (count: number, leader: string) => string;
  leaderOnly: (leader: string) => string;
  listAttached: string;
  chairMark: string;
  /** "đồng chí Nguyễn Văn A, Phó Trưởng ban" */
  comrade: (name: string, position: string) => string;
  /** the same at the start of a line or a cell */
  Comrade: (name: string, position: string) => string;
  colTime: string;
  colContent: string;
  colPresenter: string;
  programme: {
    introduction: string;
    leaderStatement: string;
    hostBriefing: (host: string) => string;
    discussion: string;
    souvenir: string;
    conclusion: string;
    end: string;
    fieldTrip: string;
    fieldTripAfternoon: string;
    departure: string;
    bothSides: string;
    /** who leads an item, by name: "Đ/c Nguyễn Văn A" */
    byName: (name: string) => string;
    leaderRole: string;
  };
  /** the office's task; the units' task, which ends the body */
  organisation: { office: (office: string) => string; units: string };
  /** the body's office: "Văn phòng Ban"; "Office of the Commission" */
  officeOf: (bodyWord: string) => string;
  hostContact: (who: string, email: string) => string;
  delegationContact: (who: string, phone: string, email: string) => string;
  recipients: {
    heading: string;
    leadership: (bodyWord: string) => string;
    units: string;
  };
  annexLabel: string;
  annexTitle: string;
  annexNote: (number: string, issued: string, issuer: string) => string;
  colNo: string;
  colName: string;
  colPosition: string;

  minutesParts: { attendees: string; proceedings: string; conclusions: string; actions: string };
  opening: (
    time: string,
    day: string,
    place: string,
    host: string,
    delegation: string,
    title: string,
  ) => string;
  colTask: string;
  colOwner: string;
  colDue: string;
  endedSameDay: (time: string) => string;
  endedOn: (time: string, date: string) => string;
  readAndAgreed: (copies: number) => string;
}

const EN_NUMBERS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
/** A small count as English prose writes it: "two". */
const inWords = (n: number): string => EN_NUMBERS[n] ?? String(n);

export const DOC_WORDS: Record<Language, DocWords> = {
  vi: {
    agendaType: 'CHƯƠNG TRÌNH',
    minutesType: 'BIÊN BẢN',
    agendaSummary: (d) => `Làm việc với ${d}`,
    minutesSummary: (d) => `Làm việc với ${d}`,
    delegation: (of) => `Đoàn công tác ${of}`,
    side: (name) => firstLetter(name, 'upper'),
    agendaParts: {
      purpose: 'MỤC ĐÍCH, YÊU CẦU',
      timePlace: 'THỜI GIAN, ĐỊA ĐIỂM',
      participants: 'THÀNH PHẦN',
      programme: 'CHƯƠNG TRÌNH',
      organisation: 'TỔ CHỨC THỰC HIỆN',
    },
    topicsIntro: 'Đoàn đề nghị trao đổi các nội dung:',
    requirement:
      'Buổi làm việc bảo đảm thiết thực, hiệu quả; công tác chuẩn bị, đón tiếp chu đáo, trang trọng, tiết kiệm',
    time: 'Thời gian: ',
    place: 'Địa điểm: ',
    fromTimeOn: (time, day) => `Từ ${time}, ${day}`,
    dateRange: (from, to) => `Từ ${from} đến ${to}`,
    delegationLine: (count, leader) => `Đoàn gồm ${pad2(count)} đồng chí do ${leader} làm Trưởng đoàn`,
    leaderOnly: (leader) => `${leader}, Trưởng đoàn`,
    listAttached: ' (danh sách kèm theo)',
    chairMark: ' - chủ trì',
    comrade: (name, position) => (position ? `đồng chí ${name}, ${position}` : `đồng chí ${name}`),
    Comrade: (name, position) => (position ? `Đồng chí ${name}, ${position}` : `Đồng chí ${name}`),
    colTime: 'Thời gian',
    colContent: 'Nội dung',
    colPresenter: 'Thực hiện',
    programme: {
      introduction: 'Tuyên bố lý do, giới thiệu thành phần',
      leaderStatement: 'Đồng chí Trưởng đoàn phát biểu, nêu mục đích, nội dung làm việc',
      hostBriefing: (host) => `${host} thông tin, trao đổi kinh nghiệm theo các nội dung Đoàn đề nghị`,
      discussion: 'Trao đổi, thảo luận',
      souvenir: 'Trao tặng quà lưu niệm, chụp ảnh lưu niệm',
      conclusion: 'Đồng chí chủ trì phát biểu kết luận',
      end: 'Kết thúc buổi làm việc',
      fieldTrip: 'Khảo sát thực tế, trao đổi kinh nghiệm tại cơ sở',
      fieldTripAfternoon: 'Tiếp tục làm việc, trao đổi theo chương trình',
      departure: 'Đoàn công tác kết thúc chương trình làm việc',
      bothSides: 'Đại biểu hai bên',
      byName: (name) => `Đ/c ${name}`,
      leaderRole: 'Trưởng đoàn',
    },
    organisation: {
      office: (office) =>
        `${office} chuẩn bị hội trường, tài liệu; bố trí đón tiếp, phục vụ Đoàn công tác theo chương trình`,
      units:
        'Các phòng, đơn vị liên quan chuẩn bị nội dung thông tin, trao đổi và thực hiện nghiêm túc chương trình này',
    },
    officeOf: (body) => `Văn phòng ${body}`,
    hostContact: (who, email) => `Đầu mối liên hệ: ${who}${email ? `, thư điện tử ${email}` : ''}`,
    delegationContact: (who, phone, email) =>
      `Đầu mối liên hệ của Đoàn: ${who}${phone ? `, điện thoại ${phone}` : ''}${email ? `, thư điện tử ${email}` : ''}`,
    recipients: {
      heading: 'Nơi nhận:',
      leadership: (bodyWord) => `Lãnh đạo ${bodyWord}`,
      units: 'Các phòng, đơn vị liên quan',
    },
    annexLabel: 'Phụ lục',
    annexTitle: 'DANH SÁCH THÀNH VIÊN ĐOÀN CÔNG TÁC',
    annexNote: (number, issued, issuer) => `(Kèm theo Chương trình số ${number} ${issued} của ${issuer})`,
    colNo: 'STT',
    colName: 'Họ và tên',
    colPosition: 'Chức vụ, đơn vị',

    minutesParts: {
      attendees: 'THÀNH PHẦN',
      proceedings: 'NỘI DUNG',
      conclusions: 'KẾT LUẬN CỦA ĐỒNG CHÍ CHỦ TRÌ',
      actions: 'PHÂN CÔNG THỰC HIỆN',
    },
    opening: (time, day, place, host, delegation, title) =>
      `Vào hồi ${time}, ${day}, tại ${place}, ${host} làm việc với ${delegation} về nội dung: ${title}`,
    colTask: 'Nhiệm vụ',
    colOwner: 'Đơn vị, người thực hiện',
    colDue: 'Thời hạn',
    endedSameDay: (t) => `Buổi làm việc kết thúc vào hồi ${t} cùng ngày.`,
    endedOn: (t, d) => `Buổi làm việc kết thúc vào hồi ${t}, ${d}.`,
    readAndAgreed: (copies) =>
      `Biên bản đã được đọc lại cho các thành viên dự buổi làm việc cùng nghe, nhất trí thông qua và được lập thành ${pad2(copies)} bản có giá trị như nhau, mỗi bên giữ ${pad2(copies / 2)} bản`,
  },
  en: {
    agendaType: 'WORK PROGRAMME',
    minutesType: 'MINUTES',
    agendaSummary: (d) => `Working session with the ${d}`,
    minutesSummary: (d) => `Working session with the ${d}`,
    delegation: (of) => `delegation of ${of}`,
    side: (name) => `The ${name}`,
    renderingNote: (issuer) =>
      `This is the English rendering of a document of the ${issuer}. Names, positions and content given in Vietnamese are reproduced as written.`,
    agendaParts: {
      purpose: 'PURPOSE AND REQUIREMENTS',
      timePlace: 'TIME AND VENUE',
      participants: 'PARTICIPANTS',
      programme: 'PROGRAMME',
      organisation: 'ORGANISATION',
    },
    topicsIntro: 'The delegation has asked to discuss:',
    requirement:
      'The session is to be practical and productive; its preparation and the reception of the delegation thorough and economical',
    time: 'Time: ',
    place: 'Venue: ',
    fromTimeOn: (time, day) => `From ${time} on ${day}`,
    dateRange: (from, to) => `From ${from} to ${to}`,
    delegationLine: (count, leader) => `The delegation has ${count} members and is led by ${leader}`,
    leaderOnly: (leader) => `${leader}, head of delegation`,
    listAttached: ' (list attached)',
    chairMark: ' (chair)',
    comrade: (name, position) => (position ? `${name}, ${position}` : name),
    Comrade: (name, position) => (position ? `${name}, ${position}` : name),
    colTime: 'Time',
    colContent: 'Activity',
    colPresenter: 'Led by',
    programme: {
      introduction: 'Opening; introduction of the participants',
      leaderStatement: 'The head of delegation states the purpose and subjects of the visit',
      hostBriefing: (host) =>
        `The ${host} presents its experience on the subjects the delegation asked about`,
      discussion: 'Discussion',
      souvenir: 'Exchange of souvenirs and group photograph',
      conclusion: 'Concluding remarks by the chair',
      end: 'Close of the session',
      fieldTrip: 'Field visit and exchange of experience at local level',
      fieldTripAfternoon: 'Working session continues as programmed',
      departure: 'The delegation ends its visit',
      bothSides: 'Both sides',
      byName: (name) => name,
      leaderRole: 'head of delegation',
    },
    organisation: {
      office: (office) =>
        `The ${office} prepares the meeting room and documents and receives the delegation as programmed`,
      units: 'The divisions concerned prepare the information to be exchanged and carry out this programme',
    },
    officeOf: (body) => `Office of the ${body}`,
    hostContact: (who, email) => `Contact: ${who}${email ? `, email ${email}` : ''}`,
    delegationContact: (who, phone, email) =>
      `Contact for the delegation: ${who}${phone ? `, telephone ${phone}` : ''}${email ? `, email ${email}` : ''}`,
    recipients: {
      heading: 'Recipients:',
      leadership: (bodyWord) => `Leadership of the ${bodyWord}`,
      units: 'Divisions concerned',
    },
    annexLabel: 'ANNEX',
    annexTitle: 'MEMBERS OF THE DELEGATION',
    annexNote: (number, issued, issuer) =>
      `(Attached to Work Programme No. ${number} dated ${issued} issued by the ${issuer})`,
    colNo: 'No.',
    colName: 'Full name',
    colPosition: 'Position and agency',

    minutesParts: {
      attendees: 'ATTENDANCE',
      proceedings: 'PROCEEDINGS',
      conclusions: 'CONCLUSIONS OF THE CHAIR',
      actions: 'ASSIGNMENTS',
    },
    opening: (time, day, place, host, delegation, title) =>
      `At ${time} on ${day}, at ${place}, the ${host} held a working session with the ${delegation} on: ${title}`,
    colTask: 'Task',
    colOwner: 'Responsible',
    colDue: 'Due date',
    endedSameDay: (t) => `The session ended at ${t} the same day.`,
    endedOn: (t, d) => `The session ended at ${t} on ${d}.`,
    readAndAgreed: (copies) =>
      `These minutes were read out to the participants, who agreed to them; they are made in ${inWords(copies)} copies of equal value, ${inWords(copies / 2)} for each side`,
  },
};

/** Vietnamese without its diacritics, as English text writes place names: "Quảng Nam" → "Quang Nam". */
export function unaccent(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}

export const upper = (text: string): string => text.toLocaleUpperCase('vi');

const PARENTS_EN: [RegExp, (place: string) => string][] = [
  [/^Tỉnh ủy (.+)$/i, (p) => `${p} Provincial Party Committee`],
  [/^Thành ủy (.+)$/i, (p) => `${p} City Party Committee`],
  [/^(?:UBND|Ủy ban nhân dân) tỉnh (.+)$/i, (p) => `${p} Provincial People's Committee`],
  [/^(?:UBND|Ủy ban nhân dân) thành phố (.+)$/i, (p) => `${p} City People's Committee`],
];

/** The issuing body's English name split as the head prints it: the parent body, and the body under it. */
function englishHeading(agency: Agency): { parent: string; issuer: string } {
  const at = agency.nameEn.lastIndexOf(' of ');
  const issuer = at > 0 ? agency.nameEn.slice(0, at) : agency.nameEn;
  for (const [pattern, name] of PARENTS_EN) {
    const m = pattern.exec(agency.parentName.trim());
    if (m?.[1]) return { parent: name(unaccent(m[1])), issuer };
  }
  const parent = at > 0 ? agency.nameEn.slice(at + 4).replace(/^the /i, '') : unaccent(agency.parentName);
  return { parent, issuer };
}

/** The parent body and the issuing body as the head prints them, in the document's language. */
export function agencyHeading(agency: Agency, lang: Language): { parent: string; issuer: string } {
  return lang === 'en' ? englishHeading(agency) : { parent: agency.parentName, issuer: agency.shortName };
}

export function agencyName(agency: Agency, lang: Language): string {
  return lang === 'en' ? agency.nameEn || unaccent(agency.name) : agency.name;
}

/** The body itself in a phrase: "Ban" of "Ban Tuyên giáo", "Sở" of "Sở Nội vụ"; "Commission", "Department". */
export function bodyWord(agency: Agency, lang: Language): string {
  if (lang === 'vi') return agency.shortName.split(' ')[0] ?? agency.shortName;
  return (
    englishHeading(agency)
      .issuer.split(' ')
      .filter((w) => /^[A-Z]/.test(w))
      .at(-1) ?? 'Agency'
  );
}

/** The parent body without its place: "Tỉnh ủy" of "Tỉnh ủy Quảng Nam"; "Provincial Party Committee" in English. */
export function parentWithoutPlace(agency: Agency, lang: Language): string {
  if (lang === 'en') return englishHeading(agency).parent.replace(unaccent(agency.province), '').trim();
  return agency.parentName.replace(agency.province, '').trim();
}

/** The place on the date line, in the document's language. */
export function seatName(agency: Agency, lang: Language): string {
  return lang === 'en' ? unaccent(agency.seat) : agency.seat;
}

const POSITIONS_EN: Record<string, string> = {
  'trưởng ban': 'Head',
  'phó trưởng ban': 'Deputy Head',
  'chánh văn phòng': 'Chief of Office',
  'phó chánh văn phòng': 'Deputy Chief of Office',
  'giám đốc': 'Director',
  'phó giám đốc': 'Deputy Director',
  'chuyên viên': 'Officer',
  'chuyên viên văn phòng': 'Office officer',
  'trưởng phòng': 'Head of Division',
  'phó trưởng phòng': 'Deputy Head of Division',
};

/** A configured position in the document's language; one without a known English form is kept as written. */
export function positionName(position: string, lang: Language): string {
  if (lang === 'vi') return position;
  return POSITIONS_EN[position.trim().toLocaleLowerCase('vi')] ?? position;
}

/**
 * A person of an agency as a list of participants writes them: the full position in Vietnamese; in English the
 * position and the body ("Deputy Head of the Propaganda and Education Commission").
 */
export function fullPositionName(
  person: { position: string; fullPosition?: string },
  agency: Agency,
  lang: Language,
): string {
  if (lang === 'vi') return person.fullPosition ?? person.position;
  const position = positionName(person.position, lang);
  return position === person.position ? position : `${position} of the ${englishHeading(agency).issuer}`;
}
