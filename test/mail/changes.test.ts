/**
 * The mail of the changes in both languages (the visit's language decides), and the calendar files they carry,
 * read back as a calendar program reads them.
 */
import { describe, expect, it } from 'vitest';
import { seedAgency } from '#domain/directory/seed.ts';
import type { NoticeContext } from '#domain/ports.ts';
import { calendarCancel, calendarInvite, foldLine } from '#templates/calendar.ts';
import { composeNotice } from '#templates/mail.ts';
import { eventOf, parseIcs, prop } from '../support/ics.ts';
import { seedRequest } from '../support/seed-2024.ts';

const host = seedAgency('btgtu-quang-nam')!;
const visiting = seedAgency('btgtu-thanh-hoa')!;

function ctx(language: 'vi' | 'en', over: Partial<NoticeContext> = {}): NoticeContext {
  return {
    visit: {
      id: '20260720-7K3QX9M2PA',
      status: 'CANCELLED',
      version: 4,
      request: { ...seedRequest('2026-08-24', '2026-08-25'), language },
      owner: { email: 'huong.nt@btgtu.thanhhoa.example', name: 'Nguyễn Thị Hương', agencyId: visiting.id },
      agendaVersion: 1,
      minutesVersion: 0,
      createdAt: '2026-07-20T02:00:00Z',
      updatedAt: '2026-07-22T03:04:05.678Z',
    },
    host,
    visiting,
    recipient: { name: 'Nguyễn Hữu Sáng', position: '', email: 'sang.nh@btgtu.quangnam.example' },
    ...over,
  };
}

describe('the notices of the changes, in Vietnamese and English', () => {
  it.each([
    ['cancelled', /^Hủy chuyến công tác/, /^Visit cancelled/],
    ['rescheduled', /^Đổi thời gian chuyến công tác/, /^Visit rescheduled/],
    ['reassignedAway', /^Chuyển yêu cầu phê duyệt/, /^Approval reassigned/],
  ] as const)('%s says what happened, by whom and why', (kind, vi, en) => {
    const extra = {
      comment: 'Trùng kỳ họp',
      byName: 'Phạm Thị Ngọc',
      toName: 'Trần Văn Phó',
      previousDates: { startDate: '2026-08-20', endDate: '2026-08-21' },
    };
    const inVi = composeNotice(kind, ctx('vi', extra));
    const inEn = composeNotice(kind, ctx('en', extra));

    expect(inVi.subject).toMatch(vi);
    expect(inEn.subject).toMatch(en);
    for (const mail of [inVi, inEn]) {
      expect(mail.text).toContain('Trùng kỳ họp');
      expect(mail.text).toContain('Phạm Thị Ngọc');
    }
    if (kind === 'reassignedAway') expect(inEn.text).toContain('Trần Văn Phó');
    if (kind === 'rescheduled') expect(inVi.text).toContain('20/08/2026');
  });

  it('a cancellation carries the calendar cancellation only to those who had the invitation', () => {
    const plain = composeNotice('cancelled', ctx('vi', { comment: 'x' }));
    const withIcs = composeNotice('cancelled', ctx('en', { comment: 'x', calendar: 'cancel' }));

    expect(plain.attachments).toBeUndefined();
    expect(withIcs.attachments?.map((a) => [a.filename, a.contentType])).toEqual([
      ['cancel.ics', 'text/calendar; method=CANCEL'],
    ]);
    expect(withIcs.text).toContain('calendar cancellation');
  });

  it('a resent link says so, and who asked, in the subject and the opening', () => {
    const vi = composeNotice(
      'approvalRequest',
      ctx('vi', { resentBy: 'Nguyễn Thị Hương', link: 'https://x/approve/t' }),
    );
    const en = composeNotice(
      'approvalRequest',
      ctx('en', { resentBy: 'Nguyễn Thị Hương', link: 'https://x/approve/t' }),
    );
    expect(vi.subject).toMatch(/^\[Gửi lại\] /);
    expect(en.subject).toMatch(/^\[Sent again\] /);
    expect(en.text).toContain('at the request of Nguyễn Thị Hương');
  });
});

describe('the calendar files', () => {
  it('the invitation and its cancellation share the UID; the cancellation is one SEQUENCE higher, and a reschedule raises both', () => {
    const c = ctx('vi');
    const invite = eventOf(parseIcs(calendarInvite(c.visit, host, visiting)));
    const cancel = parseIcs(calendarCancel(c.visit, host, visiting));
    const moved = { ...c.visit, reschedules: 2 };

    expect(prop(cancel, 'METHOD')).toBe('CANCEL');
    expect(prop(eventOf(cancel), 'UID')).toBe(prop(invite, 'UID'));
    expect(prop(invite, 'SEQUENCE')).toBe('0');
    expect(prop(eventOf(cancel), 'SEQUENCE')).toBe('1');
    expect(prop(eventOf(parseIcs(calendarInvite(moved, host, visiting))), 'SEQUENCE')).toBe('2');
    expect(prop(eventOf(parseIcs(calendarCancel(moved, host, visiting))), 'SEQUENCE')).toBe('3');
  });

  it('folds long lines at 75 octets without splitting a character, and unfolds to the same text', () => {
    const line = `SUMMARY:${'Trao đổi kinh nghiệm thực hiện Nghị quyết 35 về bảo vệ nền tảng tư tưởng của Đảng '.repeat(3)}`;
    const folded = foldLine(line);
    for (const part of folded.split('\r\n'))
      expect(new TextEncoder().encode(part).byteLength).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
    expect(folded).not.toContain('\uFFFD');
  });
});
