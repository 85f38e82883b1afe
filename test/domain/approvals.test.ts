/**
 * What an emailed link resolves to: its approval, or 404 for anything forged or unknown; and whether it is still
 * open (409 used, 410 expired or escalated away).
 */
import { describe, expect, it } from 'vitest';
import { approvalSummary, assertOpen, decisionsOffered, resolveLink } from '#domain/approvals.ts';
import { LinkExpiredError, LinkNotFoundError, LinkUsedError } from '#domain/errors.ts';
import { makeLinkToken } from '#domain/links.ts';
import type { Approval } from '#domain/ports.ts';
import { awaitingApproval, lastLinkToken, PEOPLE, type World, world } from './fixtures.ts';

async function emailed(w: World): Promise<{ token: string; approval: Approval }> {
  const { visitId } = await awaitingApproval(w);
  const approval = await w.store.getApproval(visitId, 'agenda-1-0-approver');
  if (!approval) throw new Error('no approval');
  return { token: lastLinkToken(w), approval };
}

describe('resolving a link', () => {
  it('the emailed link resolves to its approval', async () => {
    const w = world();
    const { token, approval } = await emailed(w);

    const resolved = await resolveLink(w.deps, token, ['agenda', 'minutes']);

    expect(resolved).toEqual(approval);
  });

  it.each([
    ['a changed signature', (t: string) => `${t.slice(0, -2)}${t.endsWith('AA') ? 'BB' : 'AA'}`],
    ['a changed payload', (t: string) => `x${t}`],
    ['no signature', (t: string) => t.split('.')[0] ?? ''],
    ['garbage', () => 'not-a-link'],
    ['an overlong token', (t: string) => t.repeat(10)],
  ])('%s answers 404', async (_, forge) => {
    const w = world();
    const { token } = await emailed(w);

    await expect(resolveLink(w.deps, forge(token), ['agenda'])).rejects.toBeInstanceOf(LinkNotFoundError);
  });

  it('a link signed with a key the service does not hold answers 404', async () => {
    const w = world();
    const { approval } = await emailed(w);
    const token = makeLinkToken(
      { visitId: approval.visitId, approvalId: approval.id, keyId: 'k9', nonce: approval.nonce },
      new Uint8Array(32),
    );

    await expect(resolveLink(w.deps, token, ['agenda'])).rejects.toBeInstanceOf(LinkNotFoundError);
  });

  it('a well-signed link that is not the one mailed for the approval answers 404', async () => {
    const w = world();
    const { approval } = await emailed(w);
    const key = await w.links.get('k1');
    const other = makeLinkToken(
      { visitId: approval.visitId, approvalId: approval.id, keyId: 'k1', nonce: 'another' },
      key!,
    );

    await expect(resolveLink(w.deps, other, ['agenda'])).rejects.toBeInstanceOf(LinkNotFoundError);
  });

  it("an approver's link used on the revision form answers 404", async () => {
    const w = world();
    const { token } = await emailed(w);

    await expect(resolveLink(w.deps, token, ['revision'])).rejects.toBeInstanceOf(LinkNotFoundError);
  });
});

describe('an open link', () => {
  it('a pending approval before its deadline is open', async () => {
    const w = world();
    const { approval } = await emailed(w);

    expect(() => assertOpen(approval, w.clock)).not.toThrow();
  });

  it('a decided one answers 409 saying who decided and when', async () => {
    const w = world();
    const { approval } = await emailed(w);
    const decided: Approval = {
      ...approval,
      status: 'DECIDED',
      decidedBy: PEOPLE.approver1,
      decidedAt: '2030-08-01T02:00:00.000Z',
      decision: 'approve',
    };

    expect(() => assertOpen(decided, w.clock)).toThrow(LinkUsedError);
    expect(() => assertOpen(decided, w.clock)).toThrow(
      expect.objectContaining({
        status: 409,
        decidedBy: PEOPLE.approver1,
        decidedAt: '2030-08-01T02:00:00.000Z',
      }),
    );
  });

  it.each(['EXPIRED', 'SUPERSEDED'] as const)('a %s one answers 410', async (status) => {
    const w = world();
    const { approval } = await emailed(w);

    expect(() => assertOpen({ ...approval, status }, w.clock)).toThrow(LinkExpiredError);
  });

  it('a pending one past its deadline answers 410', async () => {
    const w = world();
    const { approval } = await emailed(w);
    w.clock.set(approval.expiresAt);
    w.clock.advance(1);

    expect(() => assertOpen(approval, w.clock)).toThrow(LinkExpiredError);
  });
});

describe('what a link shows', () => {
  it('the chair signs the minutes off or sends them back; an approver may also reject', () => {
    expect(decisionsOffered({ kind: 'minutes' })).toEqual(['approve', 'changes']);
    expect(decisionsOffered({ kind: 'agenda' })).toEqual(['approve', 'changes', 'reject']);
  });

  it('the summary names the visit and the approver, and carries no token or internal key', async () => {
    const w = world();
    const { approval, token } = await emailed(w);
    const visit = await w.store.getVisit(approval.visitId);

    const summary = approvalSummary(approval, visit!);

    expect(summary).toMatchObject({
      kind: 'agenda',
      approver: { name: 'Trần Quốc Bảo', position: 'Phó Trưởng ban' },
      hostAgency: 'Ban Tuyên giáo và Dân vận Thành ủy Đà Nẵng',
      decisions: ['approve', 'changes', 'reject'],
    });
    const text = JSON.stringify(summary);
    for (const secret of [token, approval.taskToken, approval.tokenHash, approval.nonce])
      expect(text).not.toContain(secret);
  });
});
