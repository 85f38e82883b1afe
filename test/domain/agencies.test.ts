import { describe, expect, it } from 'vitest';
import { approverEmails, findAgency, listAgencies } from '#domain/agencies.ts';

describe('configured agencies', () => {
  it('the two agencies of the seed visit are configured, in different provinces', () => {
    const host = findAgency('btgtu-quang-nam');
    const visiting = findAgency('btgtu-thanh-hoa');

    expect(host?.province).toBe('Quảng Nam');
    expect(visiting?.province).toBe('Thanh Hóa');
  });

  it('an unknown id finds nothing', () => {
    expect(findAgency('nowhere')).toBeUndefined();
  });

  it('every agency has a unique id, a code and a chain with at least one approver', () => {
    const agencies = listAgencies();

    expect(new Set(agencies.map((a) => a.id)).size).toBe(agencies.length);
    for (const a of agencies) {
      expect(a.code).toMatch(/^[A-ZĐ0-9-]+$/);
      expect(a.approvalChain.length).toBeGreaterThan(0);
    }
  });

  it("an agency's approver addresses are its approvers and deputies, in lower case", () => {
    const host = findAgency('btgtu-quang-nam');
    if (!host) throw new Error('the seed host agency is missing');

    const emails = approverEmails(host);

    expect(emails).toEqual(
      new Set(
        host.approvalChain
          .flatMap((s) => [s.approver.email, s.deputy?.email])
          .filter((e): e is string => Boolean(e))
          .map((e) => e.toLowerCase()),
      ),
    );
    expect(emails.has(host.secretary.email.toLowerCase())).toBe(false);
  });
});
