import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createVisitStore } from '#adapters/dynamodb-visit-store.ts';
import {
  InvalidTransitionError,
  MalformedRequestError,
  VersionConflictError,
  VisitNotFoundError,
} from '#domain/errors.ts';
import { verifyChain } from '#domain/events.ts';
import type { VisitStore } from '#domain/ports.ts';
import { useEmulators } from '../support/emulators.ts';
import { anApproval, aVisit } from './fixtures.ts';

const env = useEmulators();
const store = (): VisitStore => createVisitStore(env.doc, env.tableName);

describe('visits', () => {
  it('a created visit reads back as it was stored', async () => {
    const visit = aVisit();

    const created = await store().createVisit(visit);

    expect(created).toBe(true);
    expect(await store().getVisit(visit.id)).toEqual(visit);
  });

  it('creating the same visit again for the same owner is a harmless retry', async () => {
    const visit = aVisit();
    await store().createVisit(visit);

    const again = await store().createVisit({
      ...visit,
      request: { ...visit.request, title: 'changed on retry' },
    });

    expect(again).toBe(false);
    expect((await store().getVisit(visit.id))?.request.title).toBe(visit.request.title);
  });

  it('creating a visit under an id another owner holds is refused', async () => {
    const visit = aVisit();
    await store().createVisit(visit);

    const other = { ...visit, owner: { ...visit.owner, email: 'someone@else.example' } };

    await expect(store().createVisit(other)).rejects.toBeInstanceOf(VersionConflictError);
  });

  it('an update moves the version on and records the new status', async () => {
    const visit = aVisit();
    await store().createVisit(visit);

    const updated = await store().updateVisit(visit.id, 1, {
      status: 'AGENDA_DRAFTED',
      agendaVersion: 1,
      updatedAt: '2030-01-01T00:00:00.000Z',
    });

    expect(updated).toMatchObject({ status: 'AGENDA_DRAFTED', version: 2, agendaVersion: 1 });
    expect(await store().getVisit(visit.id)).toEqual(updated);
  });

  it('an update from a stale version is refused and changes nothing', async () => {
    const visit = aVisit();
    await store().createVisit(visit);
    await store().updateVisit(visit.id, 1, { status: 'AGENDA_DRAFTED' });

    const stale = store().updateVisit(visit.id, 1, { status: 'AGENDA_DRAFTED', agendaVersion: 7 });

    await expect(stale).rejects.toBeInstanceOf(VersionConflictError);
    expect((await store().getVisit(visit.id))?.agendaVersion).toBe(0);
  });

  it('two concurrent updates from the same version: exactly one wins', async () => {
    const visit = aVisit();
    await store().createVisit(visit);

    const results = await Promise.allSettled([
      store().updateVisit(visit.id, 1, { agendaVersion: 1 }),
      store().updateVisit(visit.id, 1, { agendaVersion: 2 }),
    ]);

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(VersionConflictError);
    expect((await store().getVisit(visit.id))?.version).toBe(2);
  });

  it('a forbidden transition is refused and leaves the visit as it was', async () => {
    const visit = aVisit();
    await store().createVisit(visit);

    const jump = store().updateVisit(visit.id, 1, { status: 'ARCHIVED' });

    await expect(jump).rejects.toBeInstanceOf(InvalidTransitionError);
    expect(await store().getVisit(visit.id)).toEqual(visit);
  });

  it('a final visit can no longer fail', async () => {
    const visit = aVisit({ status: 'REJECTED' });
    await store().createVisit(visit);

    await expect(store().updateVisit(visit.id, 1, { status: 'FAILED' })).rejects.toBeInstanceOf(
      InvalidTransitionError,
    );
  });

  it('updating a visit that does not exist answers not found', async () => {
    await expect(store().updateVisit('no-such-visit', 1, { agendaVersion: 1 })).rejects.toBeInstanceOf(
      VisitNotFoundError,
    );
  });

  it('an update can remove an attribute by giving it as undefined', async () => {
    const visit = aVisit({ failureReason: 'mail bounced' });
    await store().createVisit(visit);

    const updated = await store().updateVisit(visit.id, 1, { failureReason: undefined });

    expect(updated.failureReason).toBeUndefined();
    expect('failureReason' in ((await store().getVisit(visit.id)) ?? {})).toBe(false);
  });

  it('a visit too large to store leaves no item behind', async () => {
    const visit = aVisit();
    visit.request = { ...visit.request, purpose: 'x'.repeat(420 * 1024) };

    await expect(store().createVisit(visit)).rejects.toThrow();

    expect(await store().getVisit(visit.id)).toBeUndefined();
  });

  it('an update too large to store leaves the visit unchanged', async () => {
    const visit = aVisit();
    await store().createVisit(visit);

    const huge = store().updateVisit(visit.id, 1, {
      request: { ...visit.request, purpose: 'x'.repeat(420 * 1024) },
    });

    await expect(huge).rejects.toThrow();
    expect(await store().getVisit(visit.id)).toEqual(visit);
  });
});

describe('listing visits', () => {
  it("an agency's visits, requested and hosted, come newest first and page once each", async () => {
    const agency = `agency-${crypto.randomUUID()}`;
    const visits = Array.from({ length: 7 }, (_, i) => {
      const v = aVisit({ createdAt: `2030-01-0${i + 1}T00:00:00.000Z` });
      v.request =
        i % 2 === 0 ? { ...v.request, visitingAgencyId: agency } : { ...v.request, hostAgencyId: agency };
      return v;
    });
    await Promise.all(visits.map((v) => store().createVisit(v)));
    await store().createVisit(aVisit());

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store().listVisitsByAgency(agency, { limit: 3, cursor });
      seen.push(...page.items.map((v) => v.id));
      cursor = page.cursor;
      pages++;
    } while (cursor);

    expect(seen).toEqual(visits.map((v) => v.id).reverse());
    expect(pages).toBe(3);
  });

  it('visits by status follow their status changes', async () => {
    const visit = aVisit();
    await store().createVisit(visit);
    await store().updateVisit(visit.id, 1, { status: 'AGENDA_DRAFTED' });

    const submitted = await store().listVisitsByStatus('SUBMITTED', { limit: 100 });
    const drafted = await store().listVisitsByStatus('AGENDA_DRAFTED', { limit: 100 });

    expect(submitted.items.map((v) => v.id)).not.toContain(visit.id);
    expect(drafted.items.map((v) => v.id)).toContain(visit.id);
  });

  it('visits by status can be read as those last changed before an instant, oldest change last', async () => {
    const old = aVisit({ createdAt: '2001-01-01T00:00:00.000Z', updatedAt: '2001-01-01T00:00:00.000Z' });
    const older = aVisit({ createdAt: '2000-01-01T00:00:00.000Z', updatedAt: '2000-01-01T00:00:00.000Z' });
    const recent = aVisit({ createdAt: '2001-01-01T00:01:00.000Z', updatedAt: '2001-01-01T00:01:00.000Z' });
    await Promise.all([old, older, recent].map((v) => store().createVisit(v)));

    const page = await store().listVisitsByStatus('SUBMITTED', {
      updatedBefore: '2001-01-01T00:00:30.000Z',
      limit: 100,
    });

    expect(page.items.map((v) => v.id)).toEqual([old.id, older.id]);
  });

  it('a cursor that was not made by the store is refused', async () => {
    await expect(store().listVisitsByAgency('x', { cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(
      MalformedRequestError,
    );
  });
});

describe('the event log', () => {
  it('appended events are numbered 1, 2, 3 and form a chain', async () => {
    const visit = aVisit();

    const first = await store().appendEvent(visit.id, { type: 'SUBMITTED', actor: visit.owner.email });
    await store().appendEvent(visit.id, { type: 'AGENDA_DRAFTED', actor: 'system', data: { version: 1 } });
    await store().appendEvent(visit.id, {
      type: 'MAIL_SENT',
      actor: 'system',
      data: { to: ['a@b.example'] },
    });
    const events = await store().listEvents(visit.id);

    expect(first).toMatchObject({ seq: 1, prevHash: '' });
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(events[1]?.prevHash).toBe(events[0]?.hash);
    expect(verifyChain(events)).toEqual({ ok: true });
  });

  it('ten concurrent appends all land, with consecutive numbers and an unbroken chain', async () => {
    const visit = aVisit();

    const appended = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        store().appendEvent(visit.id, { type: 'DOWNLOADED', actor: `auditor${i}@x.example` }),
      ),
    );
    const events = await store().listEvents(visit.id);

    expect(appended.map((e) => e.seq).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(events.map((e) => e.actor).sort()).toEqual(appended.map((e) => e.actor).sort());
    expect(verifyChain(events)).toEqual({ ok: true });
  });

  it('an event changed in the table is found by the chain check', async () => {
    const visit = aVisit();
    for (const type of ['SUBMITTED', 'AGENDA_DRAFTED', 'APPROVED']) {
      await store().appendEvent(visit.id, { type, actor: 'system' });
    }
    const key = { PK: `VISIT#${visit.id}`, SK: 'EVENT#00000002' };
    const { Item } = await env.doc.send(new GetCommand({ TableName: env.tableName, Key: key }));
    await env.doc.send(new PutCommand({ TableName: env.tableName, Item: { ...Item, actor: 'mallory' } }));

    const events = await store().listEvents(visit.id);

    expect(verifyChain(events)).toEqual({ ok: false, brokenAt: 2 });
  });
});

describe('documents', () => {
  it('a document record is stored once per id and listed with its visit', async () => {
    const visit = aVisit();
    const record = {
      id: 'agenda-v1',
      kind: 'agenda' as const,
      version: 1,
      number: '01/CTr-BTGTU',
      key: `visits/${visit.id}/agenda-v1.docx`,
      sha256: 'c'.repeat(64),
      size: 1234,
      templateVersion: 't1',
      createdAt: '2030-01-01T00:00:00.000Z',
    };

    await store().putDocument(visit.id, record);
    await store().putDocument(visit.id, { ...record, size: 999 });

    expect(await store().getDocument(visit.id, 'agenda-v1')).toEqual(record);
    expect(await store().listDocuments(visit.id)).toEqual([record]);
    expect(await store().getDocument(visit.id, 'nope')).toBeUndefined();
  });
});

describe('approvals', () => {
  it('an approval is stored, read and listed', async () => {
    const approval = anApproval(aVisit().id);

    await store().putApproval(approval);

    expect(await store().getApproval(approval.visitId, approval.id)).toEqual(approval);
    expect(await store().listApprovals(approval.visitId)).toEqual([approval]);
  });

  it('an update applies only from one of the given statuses', async () => {
    const approval = anApproval(aVisit().id);
    await store().putApproval(approval);

    const decided = await store().updateApproval(approval.visitId, approval.id, ['PENDING'], {
      status: 'DECIDED',
      decision: 'approve',
      decidedAt: '2030-08-02T00:00:00.000Z',
    });
    const again = await store().updateApproval(approval.visitId, approval.id, ['PENDING'], {
      status: 'DECIDED',
      decision: 'reject',
    });

    expect(decided).toMatchObject({ status: 'DECIDED', decision: 'approve' });
    expect(again).toBeUndefined();
    expect((await store().getApproval(approval.visitId, approval.id))?.decision).toBe('approve');
  });

  it('of two concurrent claims exactly one gets the approval', async () => {
    const approval = anApproval(aVisit().id);
    await store().putApproval(approval);
    const claim = () =>
      store().updateApproval(
        approval.visitId,
        approval.id,
        ['PENDING', 'CLAIMED'],
        { status: 'CLAIMED', leaseUntil: '2030-08-02T00:00:30.000Z' },
        { leaseExpiredBefore: '2030-08-02T00:00:00.000Z' },
      );

    const results = await Promise.all([claim(), claim()]);

    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('a claim whose lease has run out can be taken over, a live one cannot', async () => {
    const approval = anApproval(aVisit().id, { status: 'CLAIMED', leaseUntil: '2030-08-02T00:00:30.000Z' });
    await store().putApproval(approval);
    const claimAt = (now: string) =>
      store().updateApproval(
        approval.visitId,
        approval.id,
        ['PENDING', 'CLAIMED'],
        { status: 'CLAIMED', leaseUntil: `${now.slice(0, 17)}59.000Z` },
        { leaseExpiredBefore: now },
      );

    const whileLive = await claimAt('2030-08-02T00:00:10.000Z');
    const afterExpiry = await claimAt('2030-08-02T00:01:00.000Z');

    expect(whileLive).toBeUndefined();
    expect(afterExpiry).toMatchObject({ status: 'CLAIMED', leaseUntil: '2030-08-02T00:01:59.000Z' });
  });

  it('a released claim drops its lease, so the next claim succeeds at once', async () => {
    const approval = anApproval(aVisit().id, { status: 'CLAIMED', leaseUntil: '2030-08-02T00:00:30.000Z' });
    await store().putApproval(approval);

    await store().updateApproval(approval.visitId, approval.id, ['CLAIMED'], {
      status: 'PENDING',
      leaseUntil: undefined,
    });
    const claimed = await store().updateApproval(
      approval.visitId,
      approval.id,
      ['PENDING'],
      { status: 'CLAIMED', leaseUntil: '2030-08-02T00:00:40.000Z' },
      { leaseExpiredBefore: '2030-08-02T00:00:10.000Z' },
    );

    expect(claimed?.status).toBe('CLAIMED');
  });

  it('updating an approval that does not exist creates nothing', async () => {
    const visitId = aVisit().id;

    const result = await store().updateApproval(visitId, 'missing', ['PENDING'], { status: 'DECIDED' });

    expect(result).toBeUndefined();
    expect(await store().getApproval(visitId, 'missing')).toBeUndefined();
  });
});
