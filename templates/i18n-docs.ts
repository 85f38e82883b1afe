/**
 * The words of the documents in Vietnamese and English, and the way each language writes dates, times, places,
 * agency names and people's titles.
 */
import type { Agency } from '#domain/agencies.ts';
import { vietnamWallTime } from '#domain/clock.ts';
import type { Language } from '#domain/visit.ts';

export interface DocLabels {
  nationalTitle: string;
  motto: string;
  numberPrefix: string;
  agendaType: string;
  minutesType: string;
  recipients: string;
  archive: string;
  annex: string;
  annexTitle: string;
  annexNote: (number: string, issued: string, agency: string) => string;
  colNo: string;
  colName: string;
  colPosition: string;
  colTime: string;
  colContent: string;
  colPresenter: string;
  colTask: string;
  colOwner: string;
  colDue: string;
  agendaSummary: (visiting: string) => string;
  minutesSummary: (visiting: string) => string;
  subject: string;
  purpose: string;
  time: string;
  place: string;
  participants: string;
  topics: string;
  programme: string;
  organisation: string;
  contact: (name: string, phone: string, email: string) => string;
  organisationText: (hostOffice: string) => string;
  delegationOf: (visiting: string) => string;
  hostSide: (host: string) => string;
  leaderLine: (leader: string, others: number) => string;
  chairSuffix: string;
  comrade: (name: string, position: string) => string;
  person: (name: string, position: string) => string;
  day: (date: string) => string;
  dateRange: (from: string, to: string) => string;
  singleDate: (date: string) => string;
  startedAt: string;
  attendees: string;
  chair: string;
  secretary: string;
  sessionContent: string;
  conclusions: string;
  actions: string;
  endedSameDay: (time: string) => string;
  endedOn: (time: string, date: string) => string;
  secretarySign: string;
  chairSign: string;
  recipientsAgenda: (visiting: string) => string[];
  recipientsMinutes: (visiting: string) => string[];
  archiveTail: string;
  programme1: {
    reception: string;
    opening: string;
    topic: (topic: string) => string;
    discussion: string;
    leaderSpeech: string;
    souvenir: string;
    conclusion: string;
    closing: string;
    fieldTrip: string;
    fieldTripAfternoon: string;
    departure: string;
    office: (host: string) => string;
    bothSides: string;
    delegation: string;
  };
  authority: { deputy: (head: string) => string; byOrder: (head: string) => string };
}

const VI_WEEKDAYS = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];
const EN_WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const EN_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export interface YMD {
  year: number;
  month: number;
  day: number;
}

export function parseDate(iso: string): YMD {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) throw new Error(`Not a date (YYYY-MM-DD): ${iso}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

export function addDays(iso: string, days: number): string {
  const { year, month, day } = parseDate(iso);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  const a = parseDate(from);
  const b = parseDate(to);
  return Math.round(
    (Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000,
  );
}

function weekday(iso: string): number {
  const { year, month, day } = parseDate(iso);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

export const pad2 = (n: number): string => String(n).padStart(2, '0');

/** "ngày 24 tháng 8 năm 2026"; days below 10 and months 1 and 2 take a leading zero (Decree 30). */
export function viLongDate(iso: string): string {
  const { year, month, day } = parseDate(iso);
  return `ngày ${pad2(day)} tháng ${month <= 2 ? pad2(month) : month} năm ${year}`;
}

export function enLongDate(iso: string): string {
  const { year, month, day } = parseDate(iso);
  return `${day} ${EN_MONTHS[month - 1]} ${year}`;
}

export function longDate(iso: string, lang: Language): string {
  return lang === 'en' ? enLongDate(iso) : viLongDate(iso);
}

/** A point in time as seen in Vietnam (UTC+7, no daylight saving): its date and clock time. */
export function vietnamTime(isoDateTime: string): { date: string; hour: number; minute: number } {
  const wall = vietnamWallTime(isoDateTime);
  if (!wall) throw new Error(`Not a date-time: ${isoDateTime}`);
  return { date: wall.slice(0, 10), hour: Number(wall.slice(11, 13)), minute: Number(wall.slice(14, 16)) };
}

/** Vietnamese without its diacritics, as English text writes place names: "Quảng Nam" → "Quang Nam". */
export function unaccent(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}

/** Uppercase in Vietnamese (the locale matters for nothing here but is stated for clarity). */
export const upper = (text: string): string => text.toLocaleUpperCase('vi');

/** The parent body and the agency as printed in the header, in the document's language. */
export function agencyHeading(agency: Agency, lang: Language): { parent: string; agency: string } {
  if (lang === 'vi') return { parent: agency.parentName, agency: agency.shortName };
  const at = agency.nameEn.lastIndexOf(' of ');
  if (at <= 0) return { parent: unaccent(agency.parentName), agency: agency.nameEn };
  return { parent: agency.nameEn.slice(at + 4).replace(/^the /i, ''), agency: agency.nameEn.slice(0, at) };
}

export function agencyName(agency: Agency, lang: Language): string {
  return lang === 'en' ? agency.nameEn || unaccent(agency.name) : agency.name;
}

export function placeName(agency: Agency, lang: Language): string {
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

/** A configured title in the document's language; titles without a known English form are kept as written. */
export function positionName(position: string, lang: Language): string {
  if (lang === 'vi') return position;
  return POSITIONS_EN[position.trim().toLocaleLowerCase('vi')] ?? position;
}

export const LABELS: Record<Language, DocLabels> = {
  vi: {
    nationalTitle: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    motto: 'Độc lập - Tự do - Hạnh phúc',
    numberPrefix: 'Số: ',
    agendaType: 'CHƯƠNG TRÌNH LÀM VIỆC',
    minutesType: 'BIÊN BẢN LÀM VIỆC',
    recipients: 'Nơi nhận:',
    archive: '- Lưu: VT, VP.',
    annex: 'Phụ lục',
    annexTitle: 'DANH SÁCH THÀNH VIÊN ĐOÀN CÔNG TÁC',
    annexNote: (number, issued, agency) => `(Kèm theo Chương trình số ${number} ${issued} của ${agency})`,
    colNo: 'STT',
    colName: 'Họ và tên',
    colPosition: 'Chức vụ, đơn vị',
    colTime: 'Thời gian',
    colContent: 'Nội dung',
    colPresenter: 'Thực hiện',
    colTask: 'Nhiệm vụ',
    colOwner: 'Đơn vị/người thực hiện',
    colDue: 'Thời hạn',
    agendaSummary: (v) => `Đón và làm việc với đoàn công tác ${v}`,
    minutesSummary: (v) => `Làm việc với đoàn công tác ${v}`,
    subject: 'Nội dung làm việc: ',
    purpose: 'Mục đích: ',
    time: 'Thời gian: ',
    place: 'Địa điểm: ',
    participants: 'Thành phần:',
    topics: 'Các nội dung trao đổi:',
    programme: 'Chương trình cụ thể:',
    organisation: 'Tổ chức thực hiện: ',
    contact: (name, phone, email) =>
      `Đầu mối liên hệ của đoàn: ${name}${phone ? `, điện thoại ${phone}` : ''}${email ? `, thư điện tử ${email}` : ''}.`,
    organisationText: (office) =>
      `Văn phòng ${office} chuẩn bị hội trường, tài liệu, đón tiếp và phục vụ đoàn công tác theo chương trình.`,
    delegationOf: (v) => `Đoàn công tác ${v}`,
    hostSide: (h) => h,
    leaderLine: (leader, others) =>
      others > 0
        ? `${leader}, Trưởng đoàn và ${pad2(others)} thành viên (danh sách kèm theo).`
        : `${leader}, Trưởng đoàn.`,
    chairSuffix: ' (chủ trì)',
    comrade: (name, position) => (position ? `Đồng chí ${name}, ${position}` : `Đồng chí ${name}`),
    person: (name, position) => (position ? `Đ/c ${name}, ${position}` : `Đ/c ${name}`),
    day: (d) => `${VI_WEEKDAYS[weekday(d)]}, ${viLongDate(d)}`,
    dateRange: (from, to) =>
      `Từ ${VI_WEEKDAYS[weekday(from)]?.toLocaleLowerCase('vi')}, ${viLongDate(from)} đến ${VI_WEEKDAYS[weekday(to)]?.toLocaleLowerCase('vi')}, ${viLongDate(to)}.`,
    singleDate: (d) => `${VI_WEEKDAYS[weekday(d)]}, ${viLongDate(d)}.`,
    startedAt: 'Thời gian bắt đầu: ',
    attendees: 'Thành phần tham dự:',
    chair: 'Chủ trì (chủ tọa): ',
    secretary: 'Thư ký (người ghi biên bản): ',
    sessionContent: 'Nội dung cuộc làm việc:',
    conclusions: 'Kết luận:',
    actions: 'Phân công thực hiện:',
    endedSameDay: (t) => `Cuộc làm việc kết thúc vào hồi ${t} cùng ngày./.`,
    endedOn: (t, d) => `Cuộc làm việc kết thúc vào hồi ${t}, ${d}./.`,
    secretarySign: 'THƯ KÝ',
    chairSign: 'CHỦ TỌA',
    recipientsAgenda: (v) => [`- ${v};`, '- Lãnh đạo Ban;', '- Các phòng, đơn vị liên quan;'],
    recipientsMinutes: (v) => [`- ${v};`, '- Lãnh đạo Ban;', '- Thành phần tham dự;'],
    archiveTail: '- Lưu: VT, hồ sơ.',
    programme1: {
      reception: 'Đón tiếp đoàn công tác; tuyên bố lý do, giới thiệu thành phần tham dự',
      opening: 'Phát biểu chào mừng và khai mạc buổi làm việc',
      topic: (t) => `Trao đổi, chia sẻ kinh nghiệm: ${t}`,
      discussion: 'Thảo luận, trao đổi giữa hai đơn vị',
      leaderSpeech: 'Trưởng đoàn công tác phát biểu',
      souvenir: 'Trao tặng quà lưu niệm, chụp ảnh lưu niệm',
      conclusion: 'Phát biểu kết luận buổi làm việc',
      closing: 'Bế mạc buổi làm việc',
      fieldTrip: 'Khảo sát thực tế, trao đổi kinh nghiệm tại cơ sở',
      fieldTripAfternoon: 'Tiếp tục làm việc, trao đổi theo chương trình',
      departure: 'Đoàn công tác kết thúc chương trình làm việc',
      office: (h) => `Văn phòng ${h}`,
      bothSides: 'Đại biểu hai đơn vị',
      delegation: 'Đoàn công tác',
    },
    authority: { deputy: (head) => `KT. ${head}`, byOrder: (head) => `TL. ${head}` },
  },
  en: {
    nationalTitle: 'SOCIALIST REPUBLIC OF VIET NAM',
    motto: 'Independence - Freedom - Happiness',
    numberPrefix: 'No.: ',
    agendaType: 'WORK PROGRAMME',
    minutesType: 'MINUTES OF THE WORKING SESSION',
    recipients: 'Recipients:',
    archive: '- Archive: VT, VP.',
    annex: 'Annex',
    annexTitle: 'MEMBERS OF THE DELEGATION',
    annexNote: (number, issued, agency) =>
      `(Attached to Work Programme No. ${number} of ${issued} of the ${agency})`,
    colNo: 'No.',
    colName: 'Full name',
    colPosition: 'Position, agency',
    colTime: 'Time',
    colContent: 'Activity',
    colPresenter: 'Responsible',
    colTask: 'Task',
    colOwner: 'Responsible unit/person',
    colDue: 'Due date',
    agendaSummary: (v) => `Receiving and working with the delegation of the ${v}`,
    minutesSummary: (v) => `Working session with the delegation of the ${v}`,
    subject: 'Subject: ',
    purpose: 'Purpose: ',
    time: 'Time: ',
    place: 'Venue: ',
    participants: 'Participants:',
    topics: 'Topics for exchange:',
    programme: 'Detailed programme:',
    organisation: 'Organisation: ',
    contact: (name, phone, email) =>
      `Contact person of the delegation: ${name}${phone ? `, telephone ${phone}` : ''}${email ? `, email ${email}` : ''}.`,
    organisationText: (office) =>
      `The Office of the ${office} prepares the meeting room and documents and receives the delegation according to this programme.`,
    delegationOf: (v) => `The delegation of the ${v}`,
    hostSide: (h) => `The ${h}`,
    leaderLine: (leader, others) =>
      others > 0
        ? `${leader}, head of delegation, and ${others} member${others > 1 ? 's' : ''} (list attached).`
        : `${leader}, head of delegation.`,
    chairSuffix: ' (chair)',
    comrade: (name, position) => (position ? `${name}, ${position}` : name),
    person: (name, position) => (position ? `${name}, ${position}` : name),
    day: (d) => `${EN_WEEKDAYS[weekday(d)]}, ${enLongDate(d)}`,
    dateRange: (from, to) =>
      `From ${EN_WEEKDAYS[weekday(from)]}, ${enLongDate(from)} to ${EN_WEEKDAYS[weekday(to)]}, ${enLongDate(to)}.`,
    singleDate: (d) => `${EN_WEEKDAYS[weekday(d)]}, ${enLongDate(d)}.`,
    startedAt: 'Start time: ',
    attendees: 'Attendees:',
    chair: 'Chair: ',
    secretary: 'Secretary (minute taker): ',
    sessionContent: 'Proceedings:',
    conclusions: 'Conclusions:',
    actions: 'Assignments:',
    endedSameDay: (t) => `The working session ended at ${t} on the same day.`,
    endedOn: (t, d) => `The working session ended at ${t} on ${d}.`,
    secretarySign: 'SECRETARY',
    chairSign: 'CHAIR',
    recipientsAgenda: (v) => [`- ${v};`, '- Leadership of the Commission;', '- Divisions concerned;'],
    recipientsMinutes: (v) => [`- ${v};`, '- Leadership of the Commission;', '- Attendees;'],
    archiveTail: '- Archive: VT, file.',
    programme1: {
      reception: 'Welcoming the delegation; introduction of the participants',
      opening: 'Welcome and opening remarks',
      topic: (t) => `Exchange of experience: ${t}`,
      discussion: 'Discussion between the two agencies',
      leaderSpeech: 'Remarks by the head of delegation',
      souvenir: 'Exchange of souvenirs and group photo',
      conclusion: 'Concluding remarks',
      closing: 'Close of the working session',
      fieldTrip: 'Field visit and exchange of experience at the grassroots level',
      fieldTripAfternoon: 'Continued working session according to the programme',
      departure: 'The delegation concludes its programme',
      office: (h) => `Office of the ${h}`,
      bothSides: 'Representatives of both agencies',
      delegation: 'The delegation',
    },
    authority: { deputy: (head) => `FOR THE ${head}`, byOrder: (head) => `BY ORDER OF THE ${head}` },
  },
};

/** "08 giờ 00 phút" / "08:00" */
export function clockTime(hour: number, minute: number, lang: Language): string {
  return lang === 'en' ? `${pad2(hour)}:${pad2(minute)}` : `${pad2(hour)} giờ ${pad2(minute)} phút`;
}
