/**
 * Vietnam's working calendar for civil servants: Monday to Friday, less the public holidays (Tết included, and the
 * days swapped off), plus the make-up working days that fall on a weekend. The directory keeps a year per item;
 * calendar.json ships the announced years (with their sources) until a directory-admin replaces one. People's
 * deadlines count working days on it; a year nobody has given counts weekends only.
 */
import { addDays, isCalendarDate, startOfVietnamDay, vietnamDate, weekday } from '#domain/clock.ts';
import { type FieldErrors, ValidationError } from '#domain/errors.ts';
import shipped from './calendar.json' with { type: 'json' };

/** One year of the calendar: its days off and its make-up working days (API: PUT /directory/calendar/<year>). */
export interface CalendarYear {
  year: number;
  holidays: string[];
  workdays: string[];
  /** who set it last (an email), absent for the shipped years */
  updatedBy?: string;
  updatedAt?: string;
}

/** The years calendar.json ships. */
export function shippedYear(year: number): CalendarYear | undefined {
  const y = (shipped.years as Record<string, { holidays: string[]; workdays: string[] }>)[String(year)];
  return y ? { year, holidays: [...y.holidays], workdays: [...y.workdays] } : undefined;
}

export interface WorkingCalendar {
  isWorkingDay(date: string): boolean;
}

/** A calendar over the given years (weekends only for any other year). */
export function workingCalendar(years: readonly CalendarYear[]): WorkingCalendar {
  const off = new Set(years.flatMap((y) => y.holidays));
  const on = new Set(years.flatMap((y) => y.workdays));
  return {
    isWorkingDay(date) {
      if (on.has(date)) return true;
      if (off.has(date)) return false;
      const day = weekday(date);
      return day !== 0 && day !== 6;
    },
  };
}

/** The instant `days` working days after `at`: the same Vietnam time of day on the `days`-th working day after. */
export function addWorkingDays(calendar: WorkingCalendar, at: Date, days: number): Date {
  const today = vietnamDate(at);
  const timeOfDay = at.getTime() - startOfVietnamDay(today).getTime();
  let date = today;
  for (let counted = 0; counted < days; ) {
    date = addDays(date, 1);
    if (calendar.isWorkingDay(date)) counted++;
  }
  return new Date(startOfVietnamDay(date).getTime() + timeOfDay);
}

/** The `days`-th working day after a date (a date itself, YYYY-MM-DD). */
export function workingDayAfter(calendar: WorkingCalendar, date: string, days: number): string {
  return vietnamDate(addWorkingDays(calendar, startOfVietnamDay(date), days));
}

/** The years a deadline from `now` up to `until` (a date) may touch: now's year to until's year, and one more. */
export function yearsSpanned(now: Date, until?: string): number[] {
  const first = Number(vietnamDate(now).slice(0, 4));
  const last = Math.max(first, Number((until ?? vietnamDate(now)).slice(0, 4))) + 1;
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

const MAX_DAYS = 60;

/** Checks a year as a directory-admin gives it: real dates of that year, none both off and on, make-up days on weekends. */
export function validateCalendarYear(year: number, input: unknown): CalendarYear {
  const fields: FieldErrors = {};
  const body = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  const list = (name: 'holidays' | 'workdays'): string[] => {
    const raw = body[name] ?? [];
    const values = (Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[\s,]+/) : [null])
      .map((v) => (typeof v === 'string' ? v.trim() : v))
      .filter((v) => v !== '');
    if (values.length > MAX_DAYS) {
      fields[name] = { vi: `tối đa ${MAX_DAYS} ngày`, en: `at most ${MAX_DAYS} days` };
      return [];
    }
    const bad = values.find((v) => typeof v !== 'string' || !isCalendarDate(v) || !v.startsWith(`${year}-`));
    if (bad !== undefined)
      fields[name] = {
        vi: `"${String(bad)}" không phải một ngày của năm ${year} (YYYY-MM-DD)`,
        en: `"${String(bad)}" is not a date of ${year} (YYYY-MM-DD)`,
        sentence: true,
      };
    return [...new Set(values as string[])].sort();
  };
  if (!Number.isInteger(year) || year < 2000 || year > 2100)
    throw new ValidationError({ year: { vi: 'từ 2000 đến 2100', en: 'from 2000 to 2100' } });
  const holidays = list('holidays');
  const workdays = list('workdays');
  const both = holidays.find((d) => workdays.includes(d));
  if (both && !fields.workdays)
    fields.workdays = { vi: `ngày ${both} vừa nghỉ vừa làm bù`, en: `${both} is both off and on` };
  const weekdayMakeUp = workdays.find((d) => weekday(d) !== 0 && weekday(d) !== 6);
  if (weekdayMakeUp && !fields.workdays)
    fields.workdays = {
      vi: `ngày làm bù ${weekdayMakeUp} phải là thứ Bảy hoặc Chủ nhật`,
      en: `the make-up day ${weekdayMakeUp} must be a Saturday or Sunday`,
    };
  if (Object.keys(fields).length) throw new ValidationError(fields);
  return { year, holidays, workdays };
}
