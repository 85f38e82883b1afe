import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createVisitStore } from '#adapters/dynamodb-visit-store.ts';
import { vietnamYear } from '#domain/clock.ts';
import { useEmulators } from '../support/emulators.ts';

const env = useEmulators();
const store = () => createVisitStore(env.doc, env.tableName);
const anAgency = () => `agency-${randomUUID()}`;

describe('document numbers', () => {
  it('numbers of one agency, kind and year count up from 1', async () => {
    const agency = anAgency();

    const numbers = [];
    for (const docId of ['a', 'b', 'c']) {
      numbers.push(await store().documentNumber(randomUUID(), docId, agency, 'agenda', 2026));
    }

    expect(numbers).toEqual([1, 2, 3]);
  });

  it('each agency and each kind has a counter of its own', async () => {
    const [one, two] = [anAgency(), anAgency()];
    await store().documentNumber(randomUUID(), 'x', one, 'agenda', 2026);
    await store().documentNumber(randomUUID(), 'y', one, 'agenda', 2026);

    const otherAgency = await store().documentNumber(randomUUID(), 'z', two, 'agenda', 2026);
    const otherKind = await store().documentNumber(randomUUID(), 'w', one, 'minutes', 2026);

    expect(otherAgency).toBe(1);
    expect(otherKind).toBe(1);
  });

  it('the count restarts with the Vietnam year', async () => {
    const agency = anAgency();
    // 31 Dec 2026 18:00 UTC is already 1 Jan 2027 in Vietnam
    const newYearsEve = new Date('2026-12-31T16:30:00Z');
    const newYear = new Date('2026-12-31T18:00:00Z');
    await store().documentNumber(randomUUID(), 'a', agency, 'agenda', vietnamYear(newYearsEve));
    await store().documentNumber(randomUUID(), 'b', agency, 'agenda', vietnamYear(newYearsEve));

    const first2027 = await store().documentNumber(randomUUID(), 'c', agency, 'agenda', vietnamYear(newYear));

    expect(vietnamYear(newYear)).toBe(2027);
    expect(first2027).toBe(1);
  });

  it('asking again for the same document returns its number without using a new one', async () => {
    const agency = anAgency();
    const visitId = randomUUID();
    const first = await store().documentNumber(visitId, 'agenda-v1', agency, 'agenda', 2026);

    const retried = await store().documentNumber(visitId, 'agenda-v1', agency, 'agenda', 2026);
    const next = await store().documentNumber(visitId, 'agenda-v2', agency, 'agenda', 2026);

    expect(retried).toBe(first);
    expect(next).toBe(first + 1);
  });

  it('twenty concurrent allocations for different documents get twenty different numbers', async () => {
    const agency = anAgency();

    const numbers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store().documentNumber(randomUUID(), `doc-${i}`, agency, 'minutes', 2026),
      ),
    );

    expect(new Set(numbers).size).toBe(20);
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('concurrent retries for one document agree on one number; a number may be skipped, never repeated', async () => {
    const agency = anAgency();
    const visitId = randomUUID();

    const numbers = await Promise.all(
      Array.from({ length: 5 }, () => store().documentNumber(visitId, 'agenda-v1', agency, 'agenda', 2026)),
    );
    const after = await store().documentNumber(randomUUID(), 'other', agency, 'agenda', 2026);

    expect(new Set(numbers).size).toBe(1);
    expect(after).toBeGreaterThan(numbers[0] ?? 0);
  });
});
