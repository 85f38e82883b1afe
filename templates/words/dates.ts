/**
 * Dates and times as the documents write them, in Vietnamese and English: "ngày 05 tháng 02 năm 2026" (days below
 * 10 and months 1 and 2 take a leading zero: Decree 30/2020/NĐ-CP Appendix I §II.4; HD 36-HD/VPTW §II.1.4),
 * "5 February 2026", weekdays, clock times, and the calendar arithmetic a programme needs.
 */
import { vietnamWallTime } from '#domain/clock.ts';
import type { Language } from '#domain/visit.ts';

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

/** "ngày 24 tháng 8 năm 2026"; days below 10 and months 1 and 2 take a leading zero. */
export function viLongDate(iso: string): string {
  const { year, month, day } = parseDate(iso);
  return `ngày ${pad2(day)} tháng ${month <= 2 ? pad2(month) : month} năm ${year}`;
}

/** "24 August 2026" */
export function enLongDate(iso: string): string {
  const { year, month, day } = parseDate(iso);
  return `${day} ${EN_MONTHS[month - 1]} ${year}`;
}

export function longDate(iso: string, lang: Language): string {
  return lang === 'en' ? enLongDate(iso) : viLongDate(iso);
}

/** "Thứ Hai, ngày 24 tháng 8 năm 2026" / "Monday, 24 August 2026" */
export function dayAndDate(iso: string, lang: Language): string {
  return lang === 'en'
    ? `${EN_WEEKDAYS[weekday(iso)]}, ${enLongDate(iso)}`
    : `${VI_WEEKDAYS[weekday(iso)]}, ${viLongDate(iso)}`;
}

/** "thứ Hai, ngày 24 tháng 8 năm 2026" inside a sentence; English keeps its capital. */
export function dayAndDateInline(iso: string, lang: Language): string {
  const text = dayAndDate(iso, lang);
  return lang === 'en' ? text : text.charAt(0).toLocaleLowerCase('vi') + text.slice(1);
}

/** "15/09/2026" / "15 September 2026": a short date in a table cell. */
export function shortDate(iso: string, lang: Language): string {
  return lang === 'en' ? enLongDate(iso) : vnDate(iso);
}

/** A point in time as seen in Vietnam (UTC+7, no daylight saving): its date and clock time. */
export function vietnamTime(isoDateTime: string): { date: string; hour: number; minute: number } {
  const wall = vietnamWallTime(isoDateTime);
  if (!wall) throw new Error(`Not a date-time: ${isoDateTime}`);
  return { date: wall.slice(0, 10), hour: Number(wall.slice(11, 13)), minute: Number(wall.slice(14, 16)) };
}

/** "08 giờ 00 phút" / "08:00" */
export function clockTime(hour: number, minute: number, lang: Language): string {
  return lang === 'en' ? `${pad2(hour)}:${pad2(minute)}` : `${pad2(hour)} giờ ${pad2(minute)} phút`;
}

/** Minutes since midnight of an "HH:MM" time; NaN when it is not one. */
export const minutesOf = (hhmm: string): number => {
  const m = /^(\d{1,2}):(\d{2})/.exec(hhmm.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
};

/** "HH:MM" of minutes since midnight. */
export const hhmm = (minutes: number): string => `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;

// --- pages and mail: dates as people in Vietnam read them, in Vietnam time --------------------------------------

/** 24/08/2026 08:00 (Vietnam time). */
export function vnDateTime(iso: string | undefined): string {
  if (!iso) return '';
  const wall = vietnamWallTime(iso);
  return wall ? `${vnDate(wall.slice(0, 10))} ${wall.slice(11, 16)}` : iso;
}

/** 24/08/2026 from 2026-08-24. */
export function vnDate(date: string | undefined): string {
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return date ?? '';
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

export function dateRange(start: string, end: string): string {
  return start === end ? vnDate(start) : `${vnDate(start)} – ${vnDate(end)}`;
}

/** The format people type dates in (forms also take YYYY-MM-DD); JSON takes YYYY-MM-DD only. */
export const TYPED_DATE = { vi: 'dd/mm/yyyy', en: 'dd/mm/yyyy' } as const;

/**
 * A date as typed in a form, as YYYY-MM-DD: "24/08/2026" (or "24/8/2026", "24-08-2026", "24.08.2026") and
 * "2026-08-24" alike; anything else comes back as typed (trimmed), for the domain to refuse naming the field.
 */
export function typedDate(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  const v = text.trim();
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v);
  return m ? `${m[3]}-${pad2(Number(m[2]))}-${pad2(Number(m[1]))}` : v;
}

/** A date as a form shows it: 24/08/2026 for a stored 2026-08-24; what was typed stays as typed. */
export function shownDate(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? vnDate(value) : value;
}

/** A point in time as the minutes form shows it: its Vietnam date (24/08/2026) and clock time (08:00). */
export function typedDateTime(iso: string | undefined): { date: string; time: string } {
  const wall = iso ? vietnamWallTime(iso) : undefined;
  return wall ? { date: vnDate(wall.slice(0, 10)), time: wall.slice(11, 16) } : { date: '', time: '' };
}
