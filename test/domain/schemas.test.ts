import { describe, expect, it } from 'vitest';
import { seedAgency, seedAgencyRecords } from '#domain/directory/seed.ts';
import { inForceOn } from '#domain/directory/versions.ts';
import { type FieldErrors, MalformedRequestError, ValidationError } from '#domain/errors.ts';
import { validateMinutes, validateVisitRequest } from '#domain/schemas.ts';
import { seedMinutes, seedRequest } from '#infra/local/seed-visit.ts';
import { fieldMessages } from '#templates/words/fields.ts';

const at = (iso: string) => ({ now: () => new Date(iso) });
const AUG_1 = at('2030-08-01T00:00:00Z');
/** The agencies a request may name: those in force in 2030, as seeded. */
const IN_FORCE = inForceOn(seedAgencyRecords(), '2030-08-01');
const inForce = (id: string) => IN_FORCE.has(id);
const HOST = seedAgency('btgdvtu-da-nang');

/** The reasons a validation throws, by field (fails the test when it does not throw). */
function reasonsOf(run: () => unknown): FieldErrors {
  try {
    run();
  } catch (err) {
    if (err instanceof ValidationError) return err.fields;
    throw err;
  }
  throw new Error('expected a ValidationError');
}

/** The field errors as people read them ("Label: reason"), in both languages. */
function fieldsOf(run: () => unknown): Record<string, { vi: string; en: string }> {
  const reasons = reasonsOf(run);
  const vi = fieldMessages(reasons, 'vi');
  const en = fieldMessages(reasons, 'en');
  return Object.fromEntries(Object.keys(reasons).map((k) => [k, { vi: vi[k] ?? '', en: en[k] ?? '' }]));
}

describe('a visit request', () => {
  it('a missing field and every rule across fields are refused in one pass', () => {
    const request = seedRequest('2030-07-20', '2030-07-19');
    const fields = fieldsOf(() =>
      validateVisitRequest(
        {
          ...request,
          title: '',
          hostAgencyId: request.visitingAgencyId,
          agenda: [{ date: '2030-07-25', start: '10:00', end: '09:00', content: 'Trao đổi', presenter: '' }],
        },
        AUG_1,
        inForce,
      ),
    );

    expect(Object.keys(fields).sort()).toEqual([
      'agenda[0].date',
      'agenda[0].end',
      'endDate',
      'hostAgencyId',
      'startDate',
      'title',
    ]);
  });

  it('an agenda item may name its day, within the visit', () => {
    const request = seedRequest('2030-08-24', '2030-08-25');
    const agenda = [{ date: '2030-08-25', start: '08:00', end: '09:00', content: 'Trao đổi', presenter: '' }];

    expect(validateVisitRequest({ ...request, agenda }, AUG_1, inForce).agenda[0]?.date).toBe('2030-08-25');
  });
  it('a complete request passes and keeps its content', () => {
    const request = seedRequest('2030-08-24');

    const valid = validateVisitRequest(request, AUG_1, inForce);

    expect(valid).toEqual(request);
  });

  it('each missing or wrong field is named in Vietnamese and English', () => {
    const input = {
      ...seedRequest('2030-08-24'),
      title: '   ',
      members: [
        { name: 'Phạm Văn Tuấn', position: 'Phó Trưởng ban' },
        { name: '', position: 'Chuyên viên' },
      ],
      contact: { name: 'Hương', email: 'not-an-email', phone: '12' },
    };

    const fields = fieldsOf(() => validateVisitRequest(input, AUG_1, inForce));

    expect(fields).toEqual({
      title: { vi: 'Tiêu đề: bắt buộc nhập', en: 'Title: is required' },
      'members[1].name': {
        vi: 'Họ tên thành viên thứ 2: bắt buộc nhập',
        en: 'Name of member 2: is required',
      },
      'contact.email': {
        vi: 'Email người liên hệ: không phải địa chỉ email hợp lệ',
        en: 'Contact email: is not a valid email address',
      },
      'contact.phone': {
        vi: 'Điện thoại người liên hệ: sai định dạng (8–20 chữ số)',
        en: 'Contact phone: has the wrong format (8–20 digits)',
      },
    });
  });

  it('the domain gives each field its reason alone; naming the field is for the templates', () => {
    const input = {
      ...seedRequest('2030-08-24'),
      title: '',
      members: [{ name: '', position: 'Chuyên viên' }],
    };

    const reasons = reasonsOf(() => validateVisitRequest(input, AUG_1, inForce));

    expect(reasons).toEqual({
      title: { vi: 'bắt buộc nhập', en: 'is required' },
      'members[0].name': { vi: 'bắt buộc nhập', en: 'is required' },
    });
  });

  it('the body whose delegation it is may be left out, and is refused when too long', () => {
    const { delegationOf: _, ...request } = seedRequest('2030-08-24');

    expect(validateVisitRequest(request, AUG_1, inForce)).toEqual(request);
    expect(
      fieldsOf(() => validateVisitRequest({ ...request, delegationOf: 'x'.repeat(301) }, AUG_1, inForce)),
    ).toEqual({
      delegationOf: {
        vi: 'Đoàn công tác của: tối đa 300 ký tự',
        en: 'Delegation of: at most 300 characters',
      },
    });
  });

  it('a date in the wrong format says which format it wants', () => {
    const fields = fieldsOf(() =>
      validateVisitRequest({ ...seedRequest('2030-08-24'), startDate: '24/08/2030' }, AUG_1, inForce),
    );

    expect(fields.startDate?.en).toBe('Start date: has the wrong format (as YYYY-MM-DD)');
    expect(fields.startDate?.vi).toBe('Ngày bắt đầu: sai định dạng (theo dạng YYYY-MM-DD)');
  });

  it('a start date before today, in Vietnam, is refused', () => {
    // 2030-08-23T17:30Z is already 00:30 on 24 August in Vietnam
    const clock = at('2030-08-23T17:30:00Z');

    const yesterday = fieldsOf(() => validateVisitRequest(seedRequest('2030-08-23'), clock, inForce));
    const today = validateVisitRequest(seedRequest('2030-08-24'), clock, inForce);

    expect(yesterday.startDate?.en).toBe('Start date: must not be in the past');
    expect(today.startDate).toBe('2030-08-24');
  });

  it('an end before the start, a date that does not exist, and an agenda item ending early are refused', () => {
    const input = {
      ...seedRequest('2030-08-24', '2030-08-20'),
      agenda: [{ start: '09:00', end: '08:30', content: 'Khai mạc', presenter: '' }],
    };

    const fields = fieldsOf(() => validateVisitRequest(input, AUG_1, inForce));
    const unreal = fieldsOf(() =>
      validateVisitRequest(seedRequest('2030-02-30', '2030-03-01'), at('2030-01-01T00:00:00Z'), inForce),
    );

    expect(fields.endDate?.en).toBe('End date: must not be before the start date');
    expect(fields['agenda[0].end']?.en).toBe('End time of item 1: must be after the start time');
    expect(unreal.startDate?.en).toBe('Start date: is not a real date');
  });

  it('the agencies must be in force and different: one that ended in a succession is refused', () => {
    const unknown = fieldsOf(() =>
      validateVisitRequest({ ...seedRequest('2030-08-24'), hostAgencyId: 'nowhere' }, AUG_1, inForce),
    );
    const same = fieldsOf(() =>
      validateVisitRequest(
        { ...seedRequest('2030-08-24'), visitingAgencyId: 'btgdvtu-da-nang' },
        AUG_1,
        inForce,
      ),
    );

    const ended = fieldsOf(() =>
      validateVisitRequest({ ...seedRequest('2030-08-24'), hostAgencyId: 'btgtu-quang-nam' }, AUG_1, inForce),
    );

    expect(unknown.hostAgencyId?.en).toBe('Host agency: is not an agency in force today');
    expect(ended.hostAgencyId?.en).toBe('Host agency: is not an agency in force today');
    expect(same.hostAgencyId?.vi).toBe('Cơ quan đón đoàn: phải khác cơ quan cử đoàn');
  });

  it('text typed in decomposed Unicode is stored composed, and control characters are dropped', () => {
    const title = 'Trao đổi kinh nghiệm Nghị quyết 35';

    const valid = validateVisitRequest(
      { ...seedRequest('2030-08-24'), title: `${title.normalize('NFD')}\u0007` },
      AUG_1,
      inForce,
    );

    expect(valid.title).toBe(title.normalize('NFC'));
    expect(valid.title).not.toBe(title.normalize('NFD'));
  });

  it('a body that is not an object is malformed, not invalid', () => {
    expect(() => validateVisitRequest('title=x', AUG_1, inForce)).toThrow(MalformedRequestError);
    expect(() => validateVisitRequest([seedRequest()], AUG_1, inForce)).toThrow(MalformedRequestError);
  });
});

describe('the minutes', () => {
  const visit = { request: seedRequest('2030-08-24') };
  const AFTER = at('2030-08-25T00:00:00Z');

  it('a missing field and the rules across fields are refused in one pass', () => {
    const minutes = seedMinutes('2030-08-24');
    const fields = fieldsOf(() =>
      validateMinutes(
        {
          ...minutes,
          endedAt: '2030-08-24T07:00:00+07:00',
          chair: { ...minutes.chair, email: 'someone@elsewhere.example' },
          items: [{ heading: '', content: 'x' }],
        },
        visit,
        AFTER,
        HOST,
      ),
    );

    expect(Object.keys(fields).sort()).toEqual(['chair.email', 'endedAt', 'items[0].heading']);
  });

  it('minutes within the visit, by one of the host approvers as chair, pass', () => {
    const minutes = seedMinutes('2030-08-24');

    expect(validateMinutes(minutes, visit, AFTER, HOST)).toMatchObject({ place: minutes.place });
  });

  it('minutes of a time still in the future are refused', () => {
    const fields = fieldsOf(() =>
      validateMinutes(seedMinutes('2030-08-24'), visit, at('2030-08-24T02:00:00Z'), HOST),
    );

    expect(fields.endedAt?.en).toBe('End time: must not be in the future');
  });

  it("minutes outside the visit's dates are refused", () => {
    const fields = fieldsOf(() => validateMinutes(seedMinutes('2030-08-23'), visit, AFTER, HOST));

    expect(fields.startedAt?.en).toBe("Start time: must be within the visit's dates");
  });

  it("a chair who is not one of the host agency's approvers is refused", () => {
    const minutes = seedMinutes('2030-08-24');
    minutes.chair = { ...minutes.chair, email: 'someone@else.example' };

    const fields = fieldsOf(() => validateMinutes(minutes, visit, AFTER, HOST));

    expect(fields['chair.email']).toEqual({
      vi: 'Email chủ tọa: phải là một người phê duyệt của cơ quan đón đoàn',
      en: "Chair email: must be one of the host agency's approvers",
    });
  });

  it('minutes need someone from each side', () => {
    const minutes = seedMinutes('2030-08-24');
    minutes.attendees = minutes.attendees.filter((a) => a.side === 'host');

    const fields = fieldsOf(() => validateMinutes(minutes, visit, AFTER, HOST));

    expect(fields.attendees?.en).toBe('Attendees: needs at least one visiting attendee');
  });
});

describe('how far ahead a visit may start', () => {
  it('at most 300 days after the request: the next day is refused, naming the last day allowed', () => {
    expect(validateVisitRequest(seedRequest('2031-05-28'), AUG_1, inForce).startDate).toBe('2031-05-28');

    const fields = fieldsOf(() => validateVisitRequest(seedRequest('2031-05-29'), AUG_1, inForce));

    expect(Object.keys(fields)).toEqual(['startDate']);
    expect(fields.startDate?.en).toContain('2031-05-28');
    expect(fields.startDate?.en).toContain('300 days');
    expect(fields.startDate?.vi).toContain('300 ngày');
  });
});

describe('prototype keys in input', () => {
  /** JSON text with a `__proto__` member holding `inherited`, parsed as a handler receives it. */
  const withProto = (body: object, inherited: object): unknown =>
    JSON.parse(`{"__proto__":${JSON.stringify(inherited)},${JSON.stringify(body).slice(1)}`);

  it('a __proto__ member supplies no missing field of a request', () => {
    const { title: _, ...rest } = seedRequest('2030-08-24');

    const reasons = reasonsOf(() =>
      validateVisitRequest(withProto(rest, { title: 'Từ nguyên mẫu' }), AUG_1, inForce),
    );

    expect(Object.keys(reasons)).toEqual(['title']);
  });

  it('a __proto__ member supplies no missing field of the minutes', () => {
    const { conclusions: _, ...rest } = seedMinutes('2030-08-24');
    const visit = { request: seedRequest('2030-08-24') };

    const reasons = reasonsOf(() =>
      validateMinutes(
        withProto(rest, { conclusions: ['Từ nguyên mẫu'] }),
        visit,
        at('2030-08-24T12:00:00+07:00'),
        HOST,
      ),
    );

    expect(Object.keys(reasons)).toEqual(['conclusions']);
  });
});
