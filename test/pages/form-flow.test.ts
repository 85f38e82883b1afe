import { describe, expect, it } from 'vitest';
import { MINUTES_ROWS, minutesFromForm, REQUEST_ROWS, rowButton, withoutBlankRows } from '#commons/forms.ts';
import { currentPath } from '#commons/pages.ts';
import { seedAgency } from '#domain/directory/seed.ts';

const host = seedAgency('btgtu-quang-nam')!;

describe('the row buttons of a form posted without JavaScript', () => {
  it('"add row" appends an empty row to its group and keeps every value typed', () => {
    const body = { title: 'T', members: [{ name: 'A', position: 'a' }], _add: 'members' };
    expect(rowButton(body, REQUEST_ROWS)).toEqual({
      title: 'T',
      members: [
        { name: 'A', position: 'a' },
        { name: '', position: '' },
      ],
    });
  });

  it('"add row" starts a group that had no rows', () => {
    expect(rowButton({ _add: 'agenda' }, REQUEST_ROWS)).toEqual({
      agenda: [{ date: '', start: '', end: '', content: '', presenter: '' }],
    });
  });

  it('"remove row" removes exactly that row', () => {
    const body = { topics: ['a', 'b', 'c'], _remove: 'topics.1' };
    expect(rowButton(body, REQUEST_ROWS)).toEqual({ topics: ['a', 'c'] });
  });

  it('does not add beyond the group’s maximum', () => {
    const topics = Array.from({ length: 20 }, (_, i) => `t${i}`);
    expect(rowButton({ topics, _add: 'topics' }, REQUEST_ROWS)?.topics).toHaveLength(20);
  });

  it('ignores a group it does not know, and answers undefined for a real submit', () => {
    expect(rowButton({ _add: '__proto__', title: 'x' }, REQUEST_ROWS)).toEqual({ title: 'x' });
    expect(rowButton({ title: 'x' }, REQUEST_ROWS)).toBeUndefined();
  });
});

describe('blank rows', () => {
  it('are left out of a submit, while a partly typed row stays (and fails validation)', () => {
    const body = {
      members: [
        { name: 'A', position: 'a' },
        { name: ' ', position: '' },
      ],
      topics: ['x', ''],
      agenda: [
        { start: '', end: '', content: '', presenter: '' },
        { start: '09:00', end: '', content: '', presenter: '' },
      ],
    };
    expect(withoutBlankRows(body, REQUEST_ROWS)).toEqual({
      members: [{ name: 'A', position: 'a' }],
      topics: ['x'],
      agenda: [{ start: '09:00', end: '', content: '', presenter: '' }],
    });
  });

  it('count a preset choice (an attendee’s side) as nothing typed', () => {
    const body = { attendees: [{ name: '', position: '', side: 'visiting' }] };
    expect(withoutBlankRows(body, MINUTES_ROWS)).toEqual({ attendees: [] });
  });
});

describe('the minutes form values', () => {
  it('read each time typed as a date and a clock time in Vietnam and fill the chair from the host agency’s approvers', () => {
    const out = minutesFromForm(
      {
        startedAt: { date: '24/08/2026', time: '08:00' },
        endedAt: { date: '2026-08-24', time: '11:30' },
        chair: { email: 'LAN.NTT@btgtu.quangnam.example' },
      },
      host,
    );
    expect(out.startedAt).toBe('2026-08-24T08:00+07:00');
    expect(out.endedAt).toBe('2026-08-24T11:30+07:00');
    expect(out.chair).toEqual({
      email: 'lan.ntt@btgtu.quangnam.example',
      name: 'Nguyễn Thị Thu Lan',
      position: 'Trưởng ban',
    });
  });

  it('leave a time not typed whole, a time with an offset and an unknown chair for the domain to judge', () => {
    const out = minutesFromForm(
      {
        startedAt: '2026-08-24T08:00:00+07:00',
        endedAt: { date: '32/08/2026', time: '' },
        chair: { email: 'x@evil.example' },
      },
      host,
    );
    expect(out.startedAt).toBe('2026-08-24T08:00:00+07:00');
    expect(out.endedAt).toBe('2026-08-32');
    expect(minutesFromForm({ endedAt: { date: '', time: '' } }, host).endedAt).toBe('');
    expect((out.chair as { email: string }).email).toBe('x@evil.example');
  });
});

describe('the current path', () => {
  it('drops the language from the query and keeps the rest', () => {
    expect(currentPath({ rawPath: '/', rawQueryString: 'lang=en&cursor=abc' })).toBe('/?cursor=abc');
    expect(currentPath({ rawPath: '/visits/new', rawQueryString: '' })).toBe('/visits/new');
  });
});
