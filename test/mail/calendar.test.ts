import { describe, expect, it } from 'vitest';
import { seedAgency } from '#domain/directory/seed.ts';
import type { NoticeContext } from '#domain/ports.ts';
import { calendarInvite } from '#templates/calendar.ts';
import { composeNotice } from '#templates/mail.ts';
import { seedRequest } from '../support/seed-2024.ts';

const host = seedAgency('btgtu-quang-nam')!;
const visiting = seedAgency('btgtu-thanh-hoa')!;
const ctx: NoticeContext = {
  visit: {
    id: '20260720-7K3QX9M2PA',
    status: 'APPROVED',
    version: 4,
    request: { ...seedRequest('2026-08-24', '2026-08-25'), title: 'Trao đổi; kinh nghiệm, công tác' },
    owner: { email: 'huong.nt@btgtu.thanhhoa.example', name: 'Nguyễn Thị Hương', agencyId: visiting.id },
    agendaVersion: 1,
    minutesVersion: 0,
    createdAt: '2026-07-20T02:00:00Z',
    updatedAt: '2026-07-22T03:04:05.678Z',
  },
  host,
  visiting,
  recipient: { name: 'Nguyễn Thị Hương', position: '', email: 'huong.nt@btgtu.thanhhoa.example' },
};

describe('the calendar invitation', () => {
  it('is an all-day event over the visit’s dates, its text escaped', () => {
    const ics = calendarInvite(ctx.visit, host, visiting);

    expect(ics.split('\r\n')).toEqual(
      expect.arrayContaining([
        'UID:20260720-7K3QX9M2PA@exchange-visits',
        'DTSTAMP:20260722T030405Z',
        'DTSTART;VALUE=DATE:20260824',
        'DTEND;VALUE=DATE:20260826',
        'SUMMARY:Trao đổi\\; kinh nghiệm\\, công tác',
      ]),
    );
  });

  it('goes with the approval notice, and with no other', () => {
    const approved = composeNotice('approved', ctx);
    const rejected = composeNotice('rejected', ctx);

    expect(approved.attachments?.map((a) => [a.filename, a.contentType])).toEqual([
      ['invitation.ics', 'text/calendar; method=PUBLISH'],
    ]);
    expect(new TextDecoder().decode(approved.attachments?.[0]?.content)).toBe(
      calendarInvite(ctx.visit, host, visiting),
    );
    expect(rejected.attachments).toBeUndefined();
  });
});
