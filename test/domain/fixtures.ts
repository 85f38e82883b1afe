/**
 * The seed visit played through the domain's steps on in-memory ports, stopped wherever a test needs it. Each
 * helper does what the workflow would: run a step, then enter the wait it returns.
 */
import { recordMinutes } from '#domain/actions/record-minutes.ts';
import { submitVisit } from '#domain/actions/submit-visit.ts';
import type { CallbackResult, Identity, StepResult } from '#domain/lifecycle.ts';
import type { Wait } from '#domain/policy.ts';
import type { Decision } from '#domain/ports.ts';
import { awaitDecision } from '#domain/steps/await-decision.ts';
import { awaitMinutes } from '#domain/steps/await-minutes.ts';
import { decide } from '#domain/steps/decide.ts';
import { draftAgenda, type RenderAgenda } from '#domain/steps/draft-agenda.ts';
import { draftMinutes, type RenderMinutes } from '#domain/steps/draft-minutes.ts';
import type { VisitRequest } from '#domain/visit.ts';
import { seedMinutes, seedRequest } from '#infra/local/seed-visit.ts';
import { memoryWorld } from '../support/memory.ts';
import { PEOPLE } from '../support/people.ts';

export { PEOPLE };

/** When the request is made: three weeks before the visit. */
export const NOW = '2030-08-01T01:00:00.000Z';
export const VISIT_DAY = '2030-08-24';
/** Noon in Vietnam on the visit's day, after the session the seed minutes record (08:00–11:00). */
export const AFTER_THE_VISIT = '2030-08-24T05:00:00.000Z';

export const REQUESTER: Identity = {
  email: PEOPLE.requester,
  name: 'Nguyễn Thị Hương',
  roles: ['staff'],
  agencyId: 'btgdvtu-thanh-hoa',
};

export const SECRETARY: Identity = {
  email: PEOPLE.secretary,
  name: 'Võ Thị Thanh Thảo',
  roles: ['staff', 'secretary'],
  agencyId: 'btgdvtu-da-nang',
};

const bytes = (text: string) => new TextEncoder().encode(text);
export const renderAgenda: RenderAgenda = async (i) =>
  bytes(`agenda ${i.request.title} v${i.version} no ${i.number} on ${i.issuedOn}`);
export const renderMinutes: RenderMinutes = async (i) =>
  bytes(`minutes ${i.request.title} v${i.version} no ${i.number}`);
export const TEMPLATE = 'test-template-1';

export type World = ReturnType<typeof memoryWorld>;

export function world(now = NOW): World {
  return memoryWorld(now);
}

let tokens = 0;
/** A task token as Step Functions would hand the callback. */
export const taskToken = () => `task-${++tokens}`;

/** Enters the wait a step returned, as the workflow's AwaitDecision or AwaitMinutes state does. */
export async function enter(w: World, step: StepResult, token = taskToken()): Promise<Wait> {
  const wait = step.wait;
  if (!wait) throw new Error(`the step went to ${step.next}, not to a wait`);
  const input = { visitId: step.visitId, wait, taskToken: token };
  if (step.next === 'minutes') await awaitMinutes(w.deps, input);
  else await awaitDecision(w.deps, input);
  return wait;
}

/** What the workflow hands Decide after a person answered a wait. */
export function answered(wait: Wait, decision: Decision, by: string, comment?: string) {
  const result: CallbackResult = {
    decision,
    by,
    approvalId: `${wait.kind}-${wait.round}-${wait.step}-${wait.role}`,
    ...(comment ? { comment } : {}),
  };
  return { wait, decision: result };
}

/** A submitted request, its agenda drafted and the first approver asked. */
export async function awaitingApproval(
  w: World,
  request: VisitRequest = seedRequest(VISIT_DAY),
): Promise<{ visitId: string; wait: Wait }> {
  const visit = await submitVisit(w.deps, request, REQUESTER);
  const drafted = await draftAgenda(w.deps, visit.id, renderAgenda, TEMPLATE);
  return { visitId: visit.id, wait: await enter(w, drafted) };
}

/** …approved by the whole chain, and the host's secretary asked for the minutes. */
export async function awaitingMinutes(w: World): Promise<{ visitId: string; wait: Wait }> {
  const { visitId, wait } = await awaitingApproval(w);
  const second = await decide(w.deps, { visitId, ...answered(wait, 'approve', PEOPLE.approver1) });
  const last = await enter(w, second);
  const approved = await decide(w.deps, { visitId, ...answered(last, 'approve', PEOPLE.approver2) });
  return { visitId, wait: await enter(w, approved) };
}

/** …the minutes recorded by the secretary after the visit, drafted, and the chair asked to sign them off. */
export async function awaitingSignOff(w: World): Promise<{ visitId: string; wait: Wait }> {
  const { visitId, wait } = await awaitingMinutes(w);
  w.clock.set(AFTER_THE_VISIT);
  await recordMinutes(w.deps, visitId, seedMinutes(VISIT_DAY), SECRETARY);
  const recorded = await decide(w.deps, { visitId, ...answered(wait, 'recorded', PEOPLE.secretary) });
  const drafted = await draftMinutes(w.deps, recorded.visitId, renderMinutes, TEMPLATE);
  return { visitId, wait: await enter(w, drafted) };
}

/** The kinds of the notices recorded for a visit, in order. */
export async function noticesOf(w: World, visitId: string): Promise<string[]> {
  return (await w.store.listEvents(visitId))
    .filter((e) => e.type === 'NOTICE_SENT')
    .map((e) => String(e.data?.notice));
}

/** The types of a visit's events, in order. */
export async function eventsOf(w: World, visitId: string): Promise<string[]> {
  return (await w.store.listEvents(visitId)).map((e) => e.type);
}

/** The link token in the last mail sent, as the person would click it. */
export function lastLinkToken(w: World): string {
  const text = w.mailer.sent[w.mailer.sent.length - 1]?.text ?? '';
  const token = /\/(?:approve|revise)\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(text)?.[1];
  if (!token) throw new Error('the last mail carries no link');
  return token;
}
