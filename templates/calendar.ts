/**
 * The calendar messages of a visit (iCalendar, RFC 5545, with the iTIP methods of RFC 5546): the invitation that
 * goes with the approval notice — an all-day event over the visit's Vietnam dates, at its place — and its
 * cancellation. One UID per visit, so a calendar moves the event rather than adding one: each reschedule starts a
 * new schedule whose invitation carries a higher SEQUENCE (the visit's count of reschedules), and a cancellation
 * one higher still. Lines are folded at 75 octets, never inside a character.
 */
import type { Agency } from '#domain/agencies.ts';
import type { MailAttachment } from '#domain/ports.ts';
import type { Visit } from '#domain/visit.ts';

/** The one UID of a visit's event. */
export function eventUid(visit: Pick<Visit, 'id'>): string {
  return `${visit.id}@exchange-visits`;
}

/** The SEQUENCE of the visit's current invitation: how many times its dates moved. */
export function invitationSequence(visit: Pick<Visit, 'reschedules'>): number {
  return visit.reschedules ?? 0;
}

const encoder = new TextEncoder();

/** A content line folded as RFC 5545 §3.1 asks: at most 75 octets a line, continuations starting with a space. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = encoder.encode(ch).byteLength;
    const limit = out.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

/** TEXT as RFC 5545 §3.3.11 escapes it. */
function text(s: string): string {
  return s.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n');
}

function calendar(visit: Visit, host: Agency, visiting: Agency, method: 'PUBLISH' | 'CANCEL'): string {
  const d = (s: string) => s.replaceAll('-', '');
  const end = new Date(Date.parse(`${visit.request.endDate}T00:00:00Z`) + 86_400_000)
    .toISOString()
    .slice(0, 10);
  const sequence = invitationSequence(visit) + (method === 'CANCEL' ? 1 : 0);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Exchange Visits//VI',
    `METHOD:${method}`,
    'BEGIN:VEVENT',
    `UID:${eventUid(visit)}`,
    `SEQUENCE:${sequence}`,
    `DTSTAMP:${visit.updatedAt.replace(/[-:]/g, '').slice(0, 15)}Z`,
    `DTSTART;VALUE=DATE:${d(visit.request.startDate)}`,
    `DTEND;VALUE=DATE:${d(end)}`,
    `ORGANIZER;CN="${host.name.replace(/"/g, "'")}":mailto:${host.secretary.email}`,
    `SUMMARY:${text(visit.request.title)}`,
    `LOCATION:${text(visit.request.place)}`,
    `DESCRIPTION:${text(`${visiting.name} — ${host.name}`)}`,
    `STATUS:${method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED'}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

/** An iCalendar invitation for an approved visit (all-day, Vietnam dates). */
export function calendarInvite(visit: Visit, host: Agency, visiting: Agency): string {
  return calendar(visit, host, visiting, 'PUBLISH');
}

/** The cancellation of the visit's invitation (the same UID, a higher SEQUENCE). */
export function calendarCancel(visit: Visit, host: Agency, visiting: Agency): string {
  return calendar(visit, host, visiting, 'CANCEL');
}

/** The invitation as a mail attachment. */
export function calendarAttachment(visit: Visit, host: Agency, visiting: Agency): MailAttachment {
  return {
    filename: 'invitation.ics',
    contentType: 'text/calendar; method=PUBLISH',
    content: encoder.encode(calendarInvite(visit, host, visiting)),
  };
}

/** The cancellation as a mail attachment. */
export function calendarCancelAttachment(visit: Visit, host: Agency, visiting: Agency): MailAttachment {
  return {
    filename: 'cancel.ics',
    contentType: 'text/calendar; method=CANCEL',
    content: encoder.encode(calendarCancel(visit, host, visiting)),
  };
}
