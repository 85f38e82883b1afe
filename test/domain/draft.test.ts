/** DraftAgenda and DraftMinutes: one number per document, one record per version, nothing twice on a retry. */
import { describe, expect, it } from 'vitest';
import { submitVisit } from '#domain/actions/submit-visit.ts';
import { draftAgenda } from '#domain/steps/draft-agenda.ts';
import { draftMinutes } from '#domain/steps/draft-minutes.ts';
import { seedRequest } from '#infra/local/seed-visit.ts';
import { failNext } from '../support/memory.ts';
import {
  awaitingMinutes,
  eventsOf,
  REQUESTER,
  renderAgenda,
  renderMinutes,
  TEMPLATE,
  VISIT_DAY,
  world,
} from './fixtures.ts';

describe('DraftAgenda', () => {
  it('numbers, renders, stores and records the agenda, then waits for the first approver', async () => {
    const w = world();
    const visit = await submitVisit(w.deps, seedRequest(VISIT_DAY), REQUESTER);

    const result = await draftAgenda(w.deps, visit.id, renderAgenda, TEMPLATE);

    const doc = await w.store.getDocument(visit.id, 'agenda-v1');
    expect(doc).toMatchObject({
      kind: 'agenda',
      version: 1,
      number: '01-CTr/BTGTU',
      templateVersion: TEMPLATE,
    });
    expect(new TextDecoder().decode(await w.documents.get(doc!.key))).toContain('no 1 on 2030-08-01');
    expect(await w.store.getVisit(visit.id)).toMatchObject({ status: 'AGENDA_DRAFTED', agendaVersion: 1 });
    expect((await w.store.listEvents(visit.id)).at(-1)).toMatchObject({
      type: 'AGENDA_DRAFTED',
      data: { documentId: 'agenda-v1', number: '01-CTr/BTGTU', sha256: doc?.sha256 },
    });
    expect(result).toMatchObject({
      next: 'decision',
      wait: { kind: 'agenda', round: 1, step: 0, role: 'approver' },
    });
  });

  it("each visit's agenda takes the host's next number of the year", async () => {
    const w = world();
    const first = await submitVisit(w.deps, seedRequest(VISIT_DAY), REQUESTER);
    const second = await submitVisit(w.deps, seedRequest(VISIT_DAY), REQUESTER);

    await draftAgenda(w.deps, first.id, renderAgenda, TEMPLATE);
    await draftAgenda(w.deps, second.id, renderAgenda, TEMPLATE);

    expect((await w.store.getDocument(second.id, 'agenda-v1'))?.number).toBe('02-CTr/BTGTU');
  });

  it('retried after the status moved, it finds its work done', async () => {
    const w = world();
    const visit = await submitVisit(w.deps, seedRequest(VISIT_DAY), REQUESTER);
    const first = await draftAgenda(w.deps, visit.id, renderAgenda, TEMPLATE);

    const again = await draftAgenda(w.deps, visit.id, renderAgenda, TEMPLATE);

    expect(again).toEqual(first);
    expect(await eventsOf(w, visit.id)).toEqual(['SUBMITTED', 'AGENDA_DRAFTED']);
    expect(await w.store.listDocuments(visit.id)).toHaveLength(1);
  });

  it('retried after the document was stored but the visit did not move, it keeps the number', async () => {
    const w = world();
    const visit = await submitVisit(w.deps, seedRequest(VISIT_DAY), REQUESTER);
    failNext(w.store, 'updateVisit');

    await expect(draftAgenda(w.deps, visit.id, renderAgenda, TEMPLATE)).rejects.toThrow();
    await draftAgenda(w.deps, visit.id, renderAgenda, TEMPLATE);

    expect((await w.store.listDocuments(visit.id)).map((d) => d.number)).toEqual(['01-CTr/BTGTU']);
    expect(await eventsOf(w, visit.id)).toEqual(['SUBMITTED', 'AGENDA_DRAFTED']);
  });
});

describe('DraftMinutes', () => {
  it('without recorded minutes the step fails (and the workflow marks the visit failed)', async () => {
    const w = world();
    const { visitId } = await awaitingMinutes(w);

    await expect(draftMinutes(w.deps, visitId, renderMinutes, TEMPLATE)).rejects.toMatchObject({
      code: 'MINUTES_MISSING',
    });
  });
});
