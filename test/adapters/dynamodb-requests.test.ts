/**
 * The idempotency keys of changes on DynamoDB (dynalite): claimed by one conditional put, completed with the answer
 * a retry gets, released at once after a refusal; a first attempt's lapsed lease lets a retry take the key over.
 * And the resend window's condition on an approval's last mail.
 */
import { describe, expect, it } from 'vitest';
import { requestItems } from '#adapters/dynamodb/requests.ts';
import { VisitTable } from '#adapters/dynamodb/table.ts';
import { createVisitStore } from '#adapters/dynamodb-visit-store.ts';
import type { RequestRecord, RequestStore, VisitStore } from '#domain/ports.ts';
import { useEmulators } from '../support/emulators.ts';
import { anApproval, aVisit } from './fixtures.ts';

const env = useEmulators();
const store = (): VisitStore => createVisitStore(env.doc, env.tableName);
const requests = (): RequestStore => requestItems(new VisitTable(env.doc, env.tableName));

function record(visitId: string, over: Partial<RequestRecord> = {}): RequestRecord {
  return {
    visitId,
    key: 'k'.repeat(64),
    fingerprint: 'f1',
    status: 'IN_PROGRESS',
    leaseUntil: '2026-07-20T02:01:00.000Z',
    createdAt: '2026-07-20T02:00:00.000Z',
    ...over,
  };
}

describe('idempotency keys of changes', () => {
  it('the first claim stores the key; a second, while the first holds it, is given the holder', async () => {
    const visit = aVisit();
    await store().createVisit(visit);

    expect(await requests().claimRequest(record(visit.id))).toBeUndefined();
    const held = await requests().claimRequest(record(visit.id, { fingerprint: 'f2' }));

    expect(held).toMatchObject({ status: 'IN_PROGRESS', fingerprint: 'f1' });
  });

  it('a completed key gives its answer to every retry, even after its lease', async () => {
    const visit = aVisit();
    await store().createVisit(visit);
    await requests().claimRequest(record(visit.id));

    await requests().finishRequest(visit.id, 'k'.repeat(64), {
      result: { statusCode: 200, body: { id: visit.id } },
    });
    const later = await requests().claimRequest(record(visit.id, { createdAt: '2026-07-21T00:00:00.000Z' }));

    expect(later).toMatchObject({ status: 'DONE', result: { statusCode: 200, body: { id: visit.id } } });
  });

  it('a released key, or one whose first attempt outlived its lease, is claimed again', async () => {
    const visit = aVisit();
    await store().createVisit(visit);
    await requests().claimRequest(record(visit.id));
    await requests().finishRequest(visit.id, 'k'.repeat(64), { released: true });

    expect(await requests().claimRequest(record(visit.id, { fingerprint: 'f3' }))).toBeUndefined();
    const lapsed = record(visit.id, { fingerprint: 'f4', createdAt: '2026-07-20T02:05:00.000Z' });
    expect(await requests().claimRequest(lapsed)).toBeUndefined();
  });
});

describe("the resend window's condition", () => {
  it('stamps the mail time only when the last one is older than the bound', async () => {
    const visit = aVisit();
    await store().createVisit(visit);
    const approval = anApproval(visit.id, { mailedAt: '2026-07-20T02:00:00.000Z' });
    await store().putApproval(approval);
    const { id } = approval;

    const early = await store().updateApproval(
      visit.id,
      id,
      ['PENDING'],
      { mailedAt: '2026-07-20T02:05:00.000Z' },
      { mailedBefore: '2026-07-20T01:55:00.000Z' },
    );
    const later = await store().updateApproval(
      visit.id,
      id,
      ['PENDING'],
      { mailedAt: '2026-07-20T02:11:00.000Z' },
      { mailedBefore: '2026-07-20T02:01:00.000Z' },
    );

    expect(early).toBeUndefined();
    expect(later?.mailedAt).toBe('2026-07-20T02:11:00.000Z');
  });
});
