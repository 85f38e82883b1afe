/**
 * The calendar invitation that goes with the approval notice: an iCalendar (RFC 5545) all-day event over the
 * visit's Vietnam dates, at its place, for mail clients to add to a calendar.
 */
import type { Agency } from '#domain/agencies.ts';
import type { MailAttachment } from '#domain/ports.ts';
import type { Visit } from '#domain/visit.ts';

/** An iCalendar invitation for an approved visit (all-day, Vietnam dates). */
export function calendarInvite(visit: Visit, host: Agency, visiting: Agency): string {
  const d = (s: string) => s.replaceAll('-', '');
  const end = new Date(Date.parse(`${visit.request.endDate}T00:00:00Z`) + 86_400_000)
    .toISOString()
    .slice(0, 10);
  const esc = (s: string) => s.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n');
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Exchange Visits//VI',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${visit.id}@exchange-visits`,
    `DTSTAMP:${visit.updatedAt.replace(/[-:]/g, '').slice(0, 15)}Z`,
    `DTSTART;VALUE=DATE:${d(visit.request.startDate)}`,
    `DTEND;VALUE=DATE:${d(end)}`,
    `SUMMARY:${esc(visit.request.title)}`,
    `LOCATION:${esc(visit.request.place)}`,
    `DESCRIPTION:${esc(`${visiting.name} — ${host.name}`)}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

/** The invitation as a mail attachment. */
export function calendarAttachment(visit: Visit, host: Agency, visiting: Agency): MailAttachment {
  return {
    filename: 'invitation.ics',
    contentType: 'text/calendar; method=PUBLISH',
    content: new TextEncoder().encode(calendarInvite(visit, host, visiting)),
  };
}
