/**
 * The event log of the VisitStore: SK = EVENT#<seq, 8 digits> under the visit's PK, each event linked to the one
 * before it by its hash. An append reads the tail and writes the next seq only if nobody has; a concurrent append
 * that took it makes this one read the new tail and try again.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { appClock } from '#adapters/clock.ts';
import { VersionConflictError } from '#domain/errors.ts';
import { eventHash } from '#domain/events.ts';
import type { VisitEvent, VisitStore } from '#domain/ports.ts';
import { clean, stripKeys, type VisitTable, visitPk } from './table.ts';

export type EventItems = Pick<VisitStore, 'appendEvent' | 'listEvents'>;

const APPEND_ATTEMPTS = 100;
const eventSk = (seq: number) => `EVENT#${String(seq).padStart(8, '0')}`;

export function eventItems(table: VisitTable): EventItems {
  return {
    async appendEvent(visitId, event) {
      for (let attempt = 0; attempt < APPEND_ATTEMPTS; attempt++) {
        const { Items } = await table.doc.send(
          new QueryCommand({
            TableName: table.name,
            KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
            ExpressionAttributeValues: { ':pk': visitPk(visitId), ':prefix': 'EVENT#' },
            ScanIndexForward: false,
            Limit: 1,
            ConsistentRead: true,
          }),
        );
        const last = Items?.[0] as VisitEvent | undefined;
        const fields: Omit<VisitEvent, 'hash'> = clean({
          visitId,
          seq: (last?.seq ?? 0) + 1,
          at: event.at ?? appClock.now().toISOString(),
          type: event.type,
          actor: event.actor,
          data: event.data,
          prevHash: last?.hash ?? '',
        });
        const stored: VisitEvent = { ...fields, hash: eventHash(fields) };
        if (await table.putNew({ ...stored, PK: visitPk(visitId), SK: eventSk(stored.seq) })) return stored;
        // another append took this seq: read the new tail and try again, after a short random pause
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 5 * (attempt + 1))));
      }
      throw new VersionConflictError();
    },

    async listEvents(visitId) {
      return (await table.underVisit(visitId, 'EVENT#')).map((item) => stripKeys<VisitEvent>(item));
    },
  };
}
