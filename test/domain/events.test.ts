import { describe, expect, it } from 'vitest';
import { canonicalJson, eventHash, verifyChain } from '#domain/events.ts';
import type { VisitEvent } from '#domain/ports.ts';

function chain(n: number): VisitEvent[] {
  const events: VisitEvent[] = [];
  for (let seq = 1; seq <= n; seq++) {
    const fields = {
      visitId: 'v1',
      seq,
      at: `2030-08-0${seq}T00:00:00.000Z`,
      type: seq === 1 ? 'SUBMITTED' : 'MAIL_SENT',
      actor: 'system',
      data: { n: seq, to: ['a@x.example'] },
      prevHash: events[seq - 2]?.hash ?? '',
    };
    events.push({ ...fields, hash: eventHash(fields) });
  }
  return events;
}

describe('canonical JSON', () => {
  it('sorts keys at every level and leaves out undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { f: 1, e: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[3,{"e":2,"f":1}]},"b":1}',
    );
  });

  it('the same value in any key order gives the same hash', () => {
    const one = { visitId: 'v', seq: 1, at: 't', type: 'X', actor: 'a', prevHash: '' };
    const two = { prevHash: '', actor: 'a', type: 'X', at: 't', seq: 1, visitId: 'v' };

    expect(eventHash(one)).toBe(eventHash(two));
    expect(eventHash(one)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('the event chain', () => {
  it('an untouched chain verifies', () => {
    expect(verifyChain(chain(5))).toEqual({ ok: true });
    expect(verifyChain([])).toEqual({ ok: true });
  });

  it('a changed event breaks the chain at that event', () => {
    const events = chain(5);
    events[2] = { ...(events[2] as VisitEvent), actor: 'mallory' };

    expect(verifyChain(events)).toEqual({ ok: false, brokenAt: 3 });
  });

  it('a changed event with a recomputed hash breaks the chain at the next event', () => {
    const events = chain(5);
    const { hash: _, ...fields } = { ...(events[1] as VisitEvent), data: { n: 99 } };
    events[1] = { ...fields, hash: eventHash(fields) };

    expect(verifyChain(events)).toEqual({ ok: false, brokenAt: 3 });
  });

  it('a removed event breaks the chain where it was', () => {
    const events = chain(5);
    events.splice(1, 1);

    expect(verifyChain(events)).toEqual({ ok: false, brokenAt: 2 });
  });

  it('a removed last event goes unnoticed by the chain alone', () => {
    // the chain proves order and content; the count is checked against the archive record
    expect(verifyChain(chain(5).slice(0, 4))).toEqual({ ok: true });
  });
});
