/**
 * Dates and times as people in Vietnam read them, in Vietnam time: 24/08/2026, 24/08/2026 08:00, a date range,
 * and the value of a datetime-local input. Pages and mails share them.
 */
import { vietnamWallTime } from '#domain/clock.ts';

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

/** The value of a datetime-local input (Vietnam wall time, no offset) for an ISO instant. */
export function localInputValue(iso: string | undefined): string {
  if (!iso) return '';
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(iso)) return iso;
  return vietnamWallTime(iso) ?? iso;
}
