/**
 * Issuing: the signed PDF/A copy the chain's last approval makes of the agenda and the chair's sign-off makes of
 * the minutes, an agency without a signer, a signer configured wrongly or failing, and retries; on in-memory ports
 * (the PDF itself and its signature are tested with the real writer and signers in test/pdf and test/signing).
 */
import { describe, expect, it } from 'vitest';
import { vietnamIso } from '#domain/clock.ts';
import { SignerUnavailableError } from '#domain/errors.ts';
import { decide } from '#domain/steps/decide.ts';
import { seedRequest } from '#infra/local/seed-visit.ts';
import { failNext } from '../support/memory.ts';
import {
  answered,
  awaitingApproval,
  awaitingSignOff,
  enter,
  eventsOf,
  PEOPLE,
  type World,
  world,
} from './fixtures.ts';

async function lastApproval(w: World) {
  const { visitId, wait } = await awaitingApproval(w);
  const next = await decide(w.deps, { visitId, ...answered(wait, 'approve', PEOPLE.approver1) });
  return { visitId, answer: answered(await enter(w, next), 'approve', PEOPLE.approver2) };
}

const issuedEvents = async (w: World, visitId: string) =>
  (await w.store.listEvents(visitId)).filter((e) => e.type === 'DOCUMENT_ISSUED');

describe('issuing a document', () => {
  it("the chain's last approval issues the agenda's PDF, signed, beside its DOCX, and records it", async () => {
    const w = world();
    const { visitId, answer } = await lastApproval(w);
    const signedAt = vietnamIso(new Date(Math.floor(w.clock.now().getTime() / 1000) * 1000));

    await decide(w.deps, { visitId, ...answer });

    const docx = await w.store.getDocument(visitId, 'agenda-v1');
    const pdf = await w.store.getDocument(visitId, 'agenda-v1-pdf');
    expect(pdf).toMatchObject({
      kind: 'agenda',
      version: 1,
      number: docx?.number,
      key: `visits/${visitId}/agenda-v1.pdf`,
      format: 'pdf',
      signed: true,
      signedAt,
      licensed: false,
    });
    const stored = new TextDecoder().decode(await w.documents.get(pdf?.key ?? ''));
    expect(stored).toMatch(/^pdf agenda v1 no 1 stamped .* sealed [0-9a-f]{64}$/);
    expect((await issuedEvents(w, visitId)).map((e) => e.data)).toEqual([
      {
        documentId: 'agenda-v1-pdf',
        number: docx?.number,
        sha256: pdf?.sha256,
        signed: true,
        signedAt,
        licensed: false,
      },
    ]);
  });

  it("the chair's sign-off issues the minutes' PDF, signed, before the visit goes to the archive", async () => {
    const w = world();
    const { visitId, wait } = await awaitingSignOff(w);

    const result = await decide(w.deps, { visitId, ...answered(wait, 'approve', PEOPLE.chair) });

    expect(result).toEqual({ visitId, next: 'archive' });
    expect(await w.store.getDocument(visitId, 'minutes-v1-pdf')).toMatchObject({
      format: 'pdf',
      signed: true,
    });
    const events = await eventsOf(w, visitId);
    expect(events.indexOf('DOCUMENT_ISSUED', events.indexOf('MINUTES_DRAFTED'))).toBeLessThan(
      events.lastIndexOf('MINUTES_APPROVED'),
    );
  });

  it('an agency whose signer this environment lacks gets its PDF unsigned, with the reason, and the visit goes on', async () => {
    const w = world();
    // the host's signer signs what the host issues
    w.issuing.unavailable.add(seedRequest().hostAgencyId);
    const { visitId, answer } = await lastApproval(w);

    await decide(w.deps, { visitId, ...answer });

    expect((await w.store.getVisit(visitId))?.status).toBe('APPROVED');
    const pdf = await w.store.getDocument(visitId, 'agenda-v1-pdf');
    expect(pdf).toMatchObject({
      format: 'pdf',
      signed: false,
      unsignedReason: 'the test signer is not configured here',
    });
    expect(pdf?.signedAt).toBeUndefined();
    expect(new TextDecoder().decode(await w.documents.get(pdf?.key ?? ''))).toBe(
      'pdf agenda v1 no 1 unsigned',
    );
  });

  it('a signer configured wrongly makes the PDF go out unsigned, saying why, rather than failing the visit', async () => {
    const w = world();
    const { visitId, answer } = await lastApproval(w);
    failNext(
      w.issuing.signer,
      'certificates',
      new SignerUnavailableError('the certificate is not for the key'),
    );

    await decide(w.deps, { visitId, ...answer });

    expect(await w.store.getDocument(visitId, 'agenda-v1-pdf')).toMatchObject({
      signed: false,
      unsignedReason: 'the certificate is not for the key',
    });
    expect((await w.store.getVisit(visitId))?.status).toBe('APPROVED');
  });

  it('a signer that fails otherwise fails the step; the retry issues the PDF once, signed', async () => {
    const w = world();
    const { visitId, answer } = await lastApproval(w);
    failNext(w.issuing.signer, 'sign', new Error('KMS is throttling'));

    await expect(decide(w.deps, { visitId, ...answer })).rejects.toThrow('KMS is throttling');
    expect(await w.store.getDocument(visitId, 'agenda-v1-pdf')).toBeUndefined();
    expect((await w.store.getVisit(visitId))?.status).toBe('AWAITING_APPROVAL');
    await decide(w.deps, { visitId, ...answer });
    await decide(w.deps, { visitId, ...answer });

    expect(await w.store.getDocument(visitId, 'agenda-v1-pdf')).toMatchObject({ signed: true });
    expect(await issuedEvents(w, visitId)).toHaveLength(1);
    expect([...w.documents.objects.keys()].filter((k) => k.endsWith('.pdf'))).toEqual([
      `visits/${visitId}/agenda-v1.pdf`,
    ]);
  });
});
