/**
 * The idempotency keys of changes to a visit (a reschedule, a reassignment, a resend): SK = REQUEST#<key> under the
 * visit's PK. A key is claimed by one conditional put (it is new, or its first attempt's lease lapsed), completed
 * with the answer a retry gets, or released at once when the change was refused (so the same key may try again).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { RequestRecord, RequestStore } from '#domain/ports.ts';
import { clean, patchUpdate, stripKeys, type VisitTable, visitPk } from './table.ts';

const requestSk = (key: string) => `REQUEST#${key}`;

/** The request store on the visits' table: only the functions that make changes bundle it. */
export function requestItems(table: VisitTable): RequestStore {
  return {
    async claimRequest(record) {
      try {
        await table.doc.send(
          new PutCommand({
            TableName: table.name,
            Item: { ...clean(record), PK: visitPk(record.visitId), SK: requestSk(record.key) },
            ConditionExpression: 'attribute_not_exists(PK) OR (#status = :inProgress AND #lease < :now)',
            ExpressionAttributeNames: { '#status': 'status', '#lease': 'leaseUntil' },
            ExpressionAttributeValues: { ':inProgress': 'IN_PROGRESS', ':now': record.createdAt },
          }),
        );
        return undefined;
      } catch (err) {
        if (!(err instanceof ConditionalCheckFailedException)) throw err;
      }
      const held = await table.get(visitPk(record.visitId), requestSk(record.key));
      return held ? stripKeys<RequestRecord>(held) : undefined;
    },

    async finishRequest(visitId, key, outcome) {
      const patch =
        'result' in outcome ? { status: 'DONE', result: outcome.result, leaseUntil: '' } : { leaseUntil: '' };
      const update = patchUpdate(patch, { '#s': 'status' }, { ':inProgress': 'IN_PROGRESS' });
      await table.updateIf({ PK: visitPk(visitId), SK: requestSk(key) }, update, '#s = :inProgress');
    },
  };
}
