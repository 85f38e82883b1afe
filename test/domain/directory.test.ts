/**
 * The directory's rules, on plain data: agencies as versions with their history and successions, the provinces
 * across the 2025 reorganisation, the working calendar, a version's input, who may grant what, and the seed.
 */
import { describe, expect, it } from 'vitest';
import { approverEmails } from '#domain/agencies.ts';
import { validateAgencyVersion } from '#domain/directory/agency-input.ts';
import {
  addWorkingDays,
  shippedYear,
  validateCalendarYear,
  workingCalendar,
} from '#domain/directory/calendar.ts';
import { isProvinceOn, provinceAndSuccessors, provincesOn } from '#domain/directory/provinces.ts';
import { SEED_USERS, seedAgency, seedAgencyRecords } from '#domain/directory/seed.ts';
import { assertMayGrant } from '#domain/directory/users.ts';
import { familyOf, issuerOn, versionOn, withNewVersion, withSuccession } from '#domain/directory/versions.ts';
import { ForbiddenError, ValidationError } from '#domain/errors.ts';

const RECORDS = seedAgencyRecords();
const load = async (id: string) => RECORDS.find((r) => r.id === id);

function reasons(fn: () => unknown): Record<string, string> {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError)
      return Object.fromEntries(Object.entries(e.fields).map(([k, v]) => [k, v.en]));
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('the seed across the merger', () => {
  it('a 2024 document of the Quảng Nam commission keeps its names; one of 2026 is issued by its successor in Đà Nẵng', async () => {
    const in2024 = await issuerOn(load, 'btgtu-quang-nam', '2024-08-24');
    const in2026 = await issuerOn(load, 'btgtu-quang-nam', '2026-08-24');

    expect(in2024).toMatchObject({
      name: 'Ban Tuyên giáo Tỉnh ủy Quảng Nam',
      province: 'Quảng Nam',
      code: 'BTGTU',
    });
    expect(in2026).toMatchObject({
      id: 'btgdvtu-da-nang',
      name: 'Ban Tuyên giáo và Dân vận Thành ủy Đà Nẵng',
      province: 'Đà Nẵng',
      kind: 'party',
    });
    expect(await issuerOn(load, 'btgtu-quang-nam', '2019-12-31')).toBeUndefined();
  });

  it('every seed agency has at least one admin among the users, and one user is a directory-admin', () => {
    for (const r of RECORDS)
      expect(
        SEED_USERS.some((u) => u.agencyId === r.id && u.roles.includes('admin')),
        r.id,
      ).toBe(true);
    expect(SEED_USERS.filter((u) => u.roles.includes('directory-admin'))).toHaveLength(1);
  });

  it('the Nghệ An department is a state body with two versions, its merger of 1 March 2025 a new version', () => {
    const nghean = RECORDS.find((r) => r.id === 'snv-nghe-an');
    expect(nghean?.versions.map((v) => [v.kind, v.validFrom, v.validTo])).toEqual([
      ['state', '2020-01-01', '2025-02-28'],
      ['state', '2025-03-01', undefined],
    ]);
  });

  it('succession links a dissolved agency to its successor; the family is found from either end', () => {
    expect(familyOf(RECORDS, 'btgdvtu-da-nang').sort()).toEqual(
      ['btgdvtu-da-nang', 'btgdvtu-quang-nam', 'btgtu-quang-nam'].sort(),
    );
    expect(familyOf(RECORDS, 'btgtu-quang-nam')).toContain('btgdvtu-da-nang');
    expect(familyOf(RECORDS, 'snv-nghe-an')).toEqual(['snv-nghe-an']);
  });

  it("an agency's approver addresses are its approvers and deputies, in lower case", () => {
    const host = seedAgency('btgdvtu-da-nang');
    const emails = approverEmails(host);
    expect(emails.has('bao.tq@btgdvtu.danang.example')).toBe(true);
    expect(emails.has(host.secretary.email)).toBe(false);
  });
});

describe('versions', () => {
  const record = {
    id: 'btgdvtu-da-nang',
    versions: seedAgency('btgdvtu-da-nang') ? [seedAgency('btgdvtu-da-nang')] : [],
  };
  const { id: _i, version: _v, validFrom: _f, ...fields } = seedAgency('btgdvtu-da-nang');

  it('a new version from a date ends the one in force the day before', () => {
    const versions = withNewVersion(
      record,
      { ...fields, headTitle: 'Trưởng Ban' },
      '2026-09-01',
      '2026-08-01',
    );
    expect(versions.map((v) => [v.version, v.validFrom, v.validTo])).toEqual([
      [1, '2025-07-01', '2026-08-31'],
      [2, '2026-09-01', undefined],
    ]);
    expect(versionOn(versions, '2026-08-31')?.headTitle).toBe('Trưởng ban');
    expect(versionOn(versions, '2026-09-01')?.headTitle).toBe('Trưởng Ban');
  });

  it('a version from a past date, after the agency ended, or overlapping a later one is refused, naming validFrom', () => {
    expect(reasons(() => withNewVersion(record, fields, '2026-07-31', '2026-08-01'))).toEqual({
      validFrom: 'must not be in the past',
    });
    const twice = withNewVersion(record, fields, '2026-10-01', '2026-08-01');
    expect(
      reasons(() => withNewVersion({ ...record, versions: twice }, fields, '2026-09-01', '2026-08-01')),
    ).toEqual({
      validFrom: 'overlaps version 2 from 2026-10-01',
    });
    const ended = RECORDS.find((r) => r.id === 'btgtu-quang-nam') as (typeof RECORDS)[number];
    expect(reasons(() => withNewVersion(ended, fields, '2026-09-01', '2026-08-01')).validFrom).toMatch(
      /ended on/,
    );
  });

  it('the same first day replaces that version', () => {
    const once = withNewVersion(record, fields, '2026-09-01', '2026-08-01');
    const again = withNewVersion(
      { ...record, versions: once },
      { ...fields, code: 'X' },
      '2026-09-01',
      '2026-08-01',
    );
    expect(again.map((v) => [v.validFrom, v.code])).toEqual([
      ['2025-07-01', 'BTGDVTU'],
      ['2026-09-01', 'X'],
    ]);
  });

  it('a succession ends the agency the day before it takes effect; recording it again changes nothing', () => {
    const ended = withSuccession(record, 'someone-else', '2027-01-01');
    expect(ended.at(-1)).toMatchObject({ validTo: '2026-12-31', successorId: 'someone-else' });
    expect(withSuccession({ versions: ended }, 'someone-else', '2027-01-01')).toBe(ended);
    expect(reasons(() => withSuccession(record, 'x', '2025-06-01')).effective).toMatch(
      /begins on 2025-07-01/,
    );
  });
});

describe('a version as a person gives it', () => {
  const base = { ...seedAgency('btgdvtu-da-nang'), validFrom: '2026-09-01' };

  it('a chain naming an approver twice, a deputy who is its own approver and a province of another time are refused by field', () => {
    const chain = [
      base.approvalChain[0],
      { approver: base.approvalChain[0]?.approver, deputy: base.approvalChain[0]?.approver },
    ];
    expect(
      reasons(() => validateAgencyVersion({ ...base, approvalChain: chain, province: 'Quảng Nam' })),
    ).toEqual({
      province: 'is not a province on 2026-09-01',
      'approvalChain[1].approver.email': 'is named at step 1 already: a person approves one step',
      'approvalChain[1].deputy.email': "must differ from the step's approver",
    });
  });

  it('a partial change keeps every other field of the version before, and a form’s blank deputy is none', () => {
    const { fields } = validateAgencyVersion(
      {
        validFrom: '2026-09-01',
        approvalChain: [
          { approver: base.approvalChain[0]?.approver, deputy: { name: '', position: '', email: '' } },
        ],
      },
      { ...base, signer: { kind: 'kms' } } as typeof base,
    );
    expect(fields.approvalChain).toEqual([{ approver: base.approvalChain[0]?.approver }]);
    expect(fields).toMatchObject({ name: base.name, seat: 'Đà Nẵng', signer: { kind: 'kms' } });
  });

  it('names the signer the agency’s issued documents are signed with, and refuses one the system does not know', () => {
    const csc = {
      kind: 'csc',
      serviceUrl: 'https://rs.ca.example/csc/v2',
      credentialId: 'seal-01',
      secretId: 'ExchangeVisits-prod/signers/btgdvtu-da-nang',
    };
    expect(base.signer).toEqual({ kind: 'test' });
    expect(validateAgencyVersion({ ...base, signer: csc }).fields.signer).toEqual(csc);
    expect(validateAgencyVersion({ validFrom: '2026-09-01' }, base).fields.signer).toEqual({ kind: 'test' });
    expect(reasons(() => validateAgencyVersion({ ...base, signer: { kind: 'usb-token' } }))).toEqual({
      'signer.kind':
        'must be {"kind":"test"}, {"kind":"kms"} or {"kind":"csc", serviceUrl, credentialId, secretId}',
    });
    expect(
      reasons(() =>
        validateAgencyVersion({
          ...base,
          signer: { ...csc, serviceUrl: 'http://rs.ca.example', secretId: '' },
        }),
      ),
    ).toEqual({ 'signer.serviceUrl': 'must be an https URL', 'signer.secretId': 'is required' });
  });
});

describe('provinces', () => {
  it('63 units before 1 July 2025, 34 from then', () => {
    expect(provincesOn('2025-06-30')).toHaveLength(63);
    expect(provincesOn('2025-07-01')).toHaveLength(34);
  });

  it('Quảng Nam of 2024 is found under its successor Đà Nẵng too; Thanh Hóa, unchanged, only under itself', () => {
    expect(provinceAndSuccessors('Quảng Nam', '2024-08-24')).toEqual(['Quảng Nam', 'Đà Nẵng']);
    expect(provinceAndSuccessors('Thanh Hóa', '2024-08-24')).toEqual(['Thanh Hóa']);
    expect(isProvinceOn('Quảng Nam', '2026-01-01')).toBe(false);
  });
});

describe('the working calendar', () => {
  const cal = workingCalendar([shippedYear(2026), shippedYear(2027)].filter((y) => y !== undefined));

  it('two working days from the Friday before Tết 2026 fall after the holiday week', () => {
    // Fri 13 Feb 2026, 10:00 in Vietnam; 16–20 Feb are Tết
    const due = addWorkingDays(cal, new Date('2026-02-13T03:00:00Z'), 2);
    expect(due.toISOString()).toBe('2026-02-24T03:00:00.000Z');
  });

  it('a make-up Saturday counts as a working day', () => {
    // Fri 9 Jan 2026: Saturday 10 Jan is a make-up working day
    expect(addWorkingDays(cal, new Date('2026-01-09T03:00:00Z'), 1).toISOString()).toBe(
      '2026-01-10T03:00:00.000Z',
    );
  });

  it('a year given by a directory-admin is checked date by date', () => {
    expect(
      reasons(() => validateCalendarYear(2028, { holidays: ['2028-02-30'], workdays: ['2028-01-03'] })),
    ).toEqual({
      holidays: '"2028-02-30" is not a date of 2028 (YYYY-MM-DD)',
      workdays: 'the make-up day 2028-01-03 must be a Saturday or Sunday',
    });
  });
});

describe('who may grant what', () => {
  const admin = { roles: ['staff', 'admin'] as const, agencyId: 'btgdvtu-da-nang' };
  const directoryAdmin = { roles: ['directory-admin'] as const, agencyId: 'snv-nghe-an' };

  it('an admin grants within its own agency, never directory-admin; a directory-admin grants anything anywhere', () => {
    expect(() => assertMayGrant(admin, 'btgdvtu-da-nang', ['staff', 'admin'])).not.toThrow();
    expect(() => assertMayGrant(admin, 'btgdvtu-da-nang', ['directory-admin'])).toThrow(ForbiddenError);
    expect(() => assertMayGrant(admin, 'snv-nghe-an', ['staff'])).toThrow(ForbiddenError);
    expect(() => assertMayGrant(directoryAdmin, 'btgdvtu-da-nang', ['directory-admin'])).not.toThrow();
  });
});
