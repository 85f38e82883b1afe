/** The people's actions (submit, revise, record the minutes) and MarkFailed, on in-memory ports. */
import { describe, expect, it } from 'vitest';
import { recordMinutes } from '#domain/actions/record-minutes.ts';
import { reviseVisit } from '#domain/actions/revise-visit.ts';
import { START_CLAIM_MS, submitVisit, sweepStalled } from '#domain/actions/submit-visit.ts';
import { resolveLink } from '#domain/approvals.ts';
import { MalformedRequestError, NotAwaitingError, ValidationError } from '#domain/errors.ts';
import { decide } from '#domain/steps/decide.ts';
import { markFailed } from '#domain/steps/mark-failed.ts';
import { seedMinutes, seedRequest } from '#infra/local/seed-visit.ts';
import { failNext } from '../support/memory.ts';
import {
  AFTER_THE_VISIT,
  answered,
  awaitingApproval,
  awaitingMinutes,
  enter,
  eventsOf,
  lastLinkToken,
  PEOPLE,
  REQUESTER,
  SECRETARY,
  VISIT_DAY,
  world,
} from './fixtures.ts';

describe('submitting a request', () => {
  it('stores the visit as SUBMITTED, records it and starts its execution', async () => {
    const w = world();

    const visit = await submitVisit(w.deps, seedRequest(VISIT_DAY), REQUESTER);

    expect(visit).toMatchObject({ status: 'SUBMITTED', version: 1, owner: { email: PEOPLE.requester } });
    expect(visit.id).toMatch(/^20300801-[0-9A-Z]{10}$/);
    expect(await w.store.getVisit(visit.id)).toEqual(visit);
    expect(await eventsOf(w, visit.id)).toEqual(['SUBMITTED']);
    expect(w.workflow.started).toEqual([{ visitId: visit.id, input: { visitId: visit.id } }]);
  });

  it("a request for another agency's delegation is refused, naming the field", async () => {
    const w = world();

    const result = submitVisit(w.deps, seedRequest(VISIT_DAY), { ...REQUESTER, agencyId: 'snv-nghe-an' });

    await expect(result).rejects.toBeInstanceOf(ValidationError);
    await expect(result).rejects.toMatchObject({
      fields: { visitingAgencyId: { vi: 'phải là cơ quan của bạn', en: 'must be your own agency' } },
    });
    expect(w.workflow.started).toEqual([]);
  });

  it('the same submission again, with its idempotency key, is the visit the first one made', async () => {
    const w = world();

    const first = await submitVisit(w.deps, seedRequest(VISIT_DAY), REQUESTER, 'form-key-0001');
    const again = await submitVisit(w.deps, seedRequest(VISIT_DAY), REQUESTER, 'form-key-0001');

    expect(again.id).toBe(first.id);
    expect(await eventsOf(w, first.id)).toEqual(['SUBMITTED']);
    expect(w.workflow.started).toHaveLength(1);
  });

  it('four concurrent submissions with one key make one visit, one SUBMITTED and one start', async () => {
    const w = world();
    const starts: string[] = [];
    const deps = {
      ...w.deps,
      workflow: {
        ...w.workflow,
        start: async (visitId: string, input: Record<string, unknown>) => {
          starts.push(visitId);
          await w.workflow.start(visitId, input);
        },
      },
    };

    const visits = await Promise.all(
      [1, 2, 3, 4].map(() => submitVisit(deps, seedRequest(VISIT_DAY), REQUESTER, 'double-click-01')),
    );

    expect(new Set(visits.map((v) => v.id)).size).toBe(1);
    expect(await eventsOf(w, visits[0]?.id ?? '')).toEqual(['SUBMITTED']);
    expect(starts).toHaveLength(1);
  });

  it('a visit whose request died before starting it is started once no request can be starting it, once', async () => {
    const w = world();
    // the submitting request stored the visit and died: no event, no execution
    const first = await submitVisit(w.deps, seedRequest(VISIT_DAY), REQUESTER, 'died-after-create');
    w.workflow.started.splice(0);
    await w.store.updateVisit(first.id, first.version, { updatedAt: first.createdAt });

    expect(await sweepStalled(w.deps)).toEqual([]);
    const retried = await submitVisit(w.deps, seedRequest(VISIT_DAY), REQUESTER, 'died-after-create');
    expect(retried.id).toBe(first.id);
    expect(w.workflow.started).toEqual([]);

    w.clock.advance(START_CLAIM_MS + 1000);
    const [swept, again] = await Promise.all([sweepStalled(w.deps), sweepStalled(w.deps)]);

    expect([...swept, ...again]).toEqual([first.id]);
    expect(w.workflow.started).toEqual([{ visitId: first.id, input: { visitId: first.id } }]);
    expect(await eventsOf(w, first.id)).toEqual(['SUBMITTED']);
    expect(await sweepStalled(w.deps)).toEqual([]);
  });

  it("a client's retry starts a visit whose request died, once no request can be starting it", async () => {
    const w = world();
    // the submitting request recorded the visit and died before its start went out
    const id = (await submitVisit(w.deps, seedRequest(VISIT_DAY), REQUESTER, 'retry-after-death')).id;
    w.workflow.started.splice(0);

    w.clock.advance(START_CLAIM_MS + 1000);
    const retries = await Promise.all(
      [1, 2, 3].map(() => submitVisit(w.deps, seedRequest(VISIT_DAY), REQUESTER, 'retry-after-death')),
    );

    expect(retries.map((v) => v.id)).toEqual([id, id, id]);
    expect(w.workflow.started).toEqual([{ visitId: id, input: { visitId: id } }]);
    expect(await eventsOf(w, id)).toEqual(['SUBMITTED']);
  });

  it('an idempotency key that is not one answers 400', async () => {
    const w = world();

    await expect(submitVisit(w.deps, seedRequest(VISIT_DAY), REQUESTER, 'short')).rejects.toBeInstanceOf(
      MalformedRequestError,
    );
  });

  it('a workflow that cannot be started leaves the visit FAILED, with the reason, and says so', async () => {
    const w = world();
    failNext(w.workflow, 'start', new Error('states unavailable'));

    await expect(submitVisit(w.deps, seedRequest(VISIT_DAY), REQUESTER, 'form-key-0002')).rejects.toThrow(
      'states unavailable',
    );

    const [visit] = (await w.store.listVisitsByStatus('FAILED')).items;
    expect(visit).toMatchObject({ failureReason: 'The workflow could not be started' });
    expect(await eventsOf(w, visit?.id ?? '')).toEqual(['SUBMITTED', 'FAILED']);
  });
});

describe('revising a request', () => {
  async function revisionAsked() {
    const w = world();
    const { visitId, wait } = await awaitingApproval(w);
    await enter(w, await decide(w.deps, { visitId, ...answered(wait, 'changes', PEOPLE.approver1, 'Sửa') }));
    const approval = await resolveLink(w.deps, lastLinkToken(w), ['revision']);
    return { w, visitId, approval };
  }

  it('stores the revised request and hands it to the waiting execution', async () => {
    const { w, visitId, approval } = await revisionAsked();

    const visit = await reviseVisit(w.deps, approval, { ...seedRequest(VISIT_DAY), title: 'Tiêu đề mới' });

    expect(visit.request.title).toBe('Tiêu đề mới');
    expect((await w.store.getVisit(visitId))?.request.title).toBe('Tiêu đề mới');
    expect(w.workflow.answers.at(-1)?.output).toEqual({
      decision: 'revised',
      by: PEOPLE.requester,
      approvalId: 'revision-1-0-requester',
    });
  });

  it('a revised request starts at most 300 days after the visit was requested, however late it is revised', async () => {
    const { w, approval } = await revisionAsked();
    w.clock.advance(20 * 86_400_000);

    // 2031-06-05 is 308 days after the request (1 August 2030), though within 300 days of the revision
    const late = reviseVisit(w.deps, approval, seedRequest('2031-06-05'));

    await expect(late).rejects.toBeInstanceOf(ValidationError);
    await expect(late).rejects.toMatchObject({ fields: { startDate: expect.anything() } });
  });

  it('the two agencies cannot change; each is named', async () => {
    const { w, approval } = await revisionAsked();

    const result = reviseVisit(w.deps, approval, {
      ...seedRequest(VISIT_DAY),
      hostAgencyId: 'snv-nghe-an',
    });

    await expect(result).rejects.toMatchObject({
      fields: { hostAgencyId: { vi: 'không được thay đổi', en: 'cannot be changed' } },
    });
    expect((await w.store.getApproval(approval.visitId, approval.id))?.status).toBe('PENDING');
  });
});

describe('recording the minutes', () => {
  it('stores them on the visit and hands them to the waiting execution', async () => {
    const w = world();
    const { visitId } = await awaitingMinutes(w);
    w.clock.set(AFTER_THE_VISIT);

    const visit = await recordMinutes(w.deps, visitId, seedMinutes(VISIT_DAY), SECRETARY);

    expect(visit.minutes?.chair.email).toBe(PEOPLE.chair);
    expect(w.workflow.answers.at(-1)?.output).toMatchObject({ decision: 'recorded', by: PEOPLE.secretary });
  });

  it('minutes dated after now are refused', async () => {
    const w = world();
    const { visitId } = await awaitingMinutes(w);

    const result = recordMinutes(w.deps, visitId, seedMinutes(VISIT_DAY), SECRETARY);

    await expect(result).rejects.toBeInstanceOf(ValidationError);
    await expect(result).rejects.toMatchObject({
      fields: {
        startedAt: { en: 'must not be in the future' },
        endedAt: { en: 'must not be in the future' },
      },
    });
  });

  it('a visit that does not wait for minutes answers 409', async () => {
    const w = world();
    const { visitId } = await awaitingApproval(w);

    const result = recordMinutes(w.deps, visitId, seedMinutes(VISIT_DAY), SECRETARY);

    await expect(result).rejects.toBeInstanceOf(NotAwaitingError);
  });
});

describe('MarkFailed', () => {
  it('records FAILED with the reason and tells the requester', async () => {
    const w = world();
    const { visitId } = await awaitingApproval(w);

    await markFailed(w.deps, { visitId, error: { Error: 'Lambda.Unknown', Cause: 'out of memory' } });

    expect(await w.store.getVisit(visitId)).toMatchObject({
      status: 'FAILED',
      failureReason: 'Lambda.Unknown: out of memory',
    });
    expect((await w.store.listEvents(visitId)).filter((e) => e.type === 'FAILED')[0]?.data).toEqual({
      reason: 'Lambda.Unknown: out of memory',
    });
    const mail = w.mailer.sent.at(-1);
    expect(mail?.to).toEqual([PEOPLE.requester]);
    expect(mail?.text).toContain('Lỗi xử lý');
  });

  it('a visit that has ended, or none at all, is left as it is', async () => {
    const w = world();
    const { visitId, wait } = await awaitingApproval(w);
    await decide(w.deps, { visitId, ...answered(wait, 'reject', PEOPLE.approver1, 'Không') });
    const events = await eventsOf(w, visitId);

    await markFailed(w.deps, { visitId, error: { Error: 'X' } });
    const none = await markFailed(w.deps, { visitId: '20300801-AAAAAAAAAA' });

    expect((await w.store.getVisit(visitId))?.status).toBe('REJECTED');
    expect(await eventsOf(w, visitId)).toEqual(events);
    expect(none).toEqual({ visitId: '20300801-AAAAAAAAAA' });
  });
});
