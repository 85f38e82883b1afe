/**
 * The archive search is served by the index: every read is a Query on GSI1 (never a Scan), and what a page reads
 * grows with the page, not with the archive. Measured on the requests the adapter actually sends to DynamoDB.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVisitStore } from '#adapters/dynamodb-visit-store.ts';
import { searchArchive, validateArchiveSearch } from '#domain/archive/search.ts';
import { seedAgencyRecords } from '#domain/directory/seed.ts';
import type { VisitStore } from '#domain/ports.ts';
import { useEmulators } from '../support/emulators.ts';
import { archiveEntries, inProvince, involves, newestFirst } from './fixtures.ts';

const AGENCIES = seedAgencyRecords();

const env = useEmulators();

interface Sent {
  command: string;
  index?: string;
  limit?: number;
  scanned?: number;
}
const sent: Sent[] = [];
let client: DynamoDBClient;
let store: VisitStore;
const SMALL = archiveEntries(40, 2040, 'small');
const LARGE = archiveEntries(400, 2041, 'large');

beforeAll(async () => {
  client = new DynamoDBClient({});
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const out = await next(args);
      const input = args.input as { IndexName?: string; Limit?: number };
      const output = out.output as { ScannedCount?: number };
      sent.push({
        command: String(context.commandName),
        ...(input.IndexName ? { index: input.IndexName } : {}),
        ...(input.Limit !== undefined ? { limit: input.Limit } : {}),
        ...(output.ScannedCount !== undefined ? { scanned: output.ScannedCount } : {}),
      });
      return out;
    },
    { step: 'initialize', name: 'countReads' },
  );
  store = createVisitStore(
    DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
    env.tableName,
  );
  for (const e of [...SMALL, ...LARGE]) await store.putArchiveEntry(e);
});

afterAll(() => client?.destroy());

/** The requests one call sends. */
async function measure<T>(fn: () => Promise<T>): Promise<{ result: T; requests: Sent[] }> {
  sent.length = 0;
  const result = await fn();
  return { result, requests: [...sent] };
}

const firstPage = (year: number) =>
  measure(() =>
    searchArchive(
      store,
      validateArchiveSearch({ from: `${year}-01-01`, to: `${year}-12-31` }, AGENCIES),
      AGENCIES,
    ),
  );

describe('the cost of a search page', () => {
  it('is Queries on the archive index only, reading the page and one item more', async () => {
    const { result, requests } = await firstPage(2041);

    expect(result.items.map((e) => e.visitId)).toEqual(
      [...LARGE]
        .sort(newestFirst)
        .slice(0, 20)
        .map((e) => e.visitId),
    );
    expect(requests.every((r) => r.command === 'QueryCommand' && r.index === 'GSI1')).toBe(true);
    expect(requests.map((r) => [r.limit, r.scanned])).toEqual([
      [20, 20],
      [1, 1],
    ]);
  });

  it("an agency with the other side's province reads only its page too, and finds exactly those visits", async () => {
    const search = { from: '2041-01-01', to: '2041-12-31', agencyId: 'btgtu-thanh-hoa', province: 'Nghệ An' };
    const { result, requests } = await measure(() =>
      searchArchive(store, validateArchiveSearch(search, AGENCIES), AGENCIES),
    );

    const expected = LARGE.filter((e) => involves(e, search.agencyId) && inProvince(e, search.province))
      .sort(newestFirst)
      .slice(0, 20);
    expect(expected.length).toBe(20);
    expect(result.items.map((e) => e.visitId)).toEqual(expected.map((e) => e.visitId));
    // one Query per agency of the search: its successor (Ban Tuyên giáo và Dân vận, from 2025) has none of these
    // visits, and a partition read to its end is not read again for the look-ahead
    expect(requests.map((r) => [r.command, r.limit, r.scanned])).toEqual([
      ['QueryCommand', 20, 20],
      ['QueryCommand', 20, 0],
      ['QueryCommand', 1, 1],
    ]);
  });

  it('is the same for an archive ten times larger', async () => {
    const small = await firstPage(2040);
    const large = await firstPage(2041);

    expect(large.requests.map((r) => [r.command, r.limit, r.scanned])).toEqual(
      small.requests.map((r) => [r.command, r.limit, r.scanned]),
    );
  });

  it('the last page reads no further than the archive holds and carries no cursor', async () => {
    let cursor: string | undefined;
    const scanned: number[] = [];
    let pages = 0;
    do {
      const { result, requests } = await measure(() =>
        searchArchive(
          store,
          validateArchiveSearch({ from: '2040-01-01', to: '2040-12-31', cursor }, AGENCIES),
          AGENCIES,
        ),
      );
      scanned.push(requests.reduce((n, r) => n + (r.scanned ?? 0), 0));
      cursor = result.cursor;
      pages++;
    } while (cursor);

    expect(pages).toBe(2);
    // a full page, its look-ahead item; then the last twenty, and a look-ahead that finds nothing
    expect(scanned).toEqual([21, 20]);
  });
});
