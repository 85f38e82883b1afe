/**
 * The documents of the VisitStore and their numbers: SK = DOC#<docId> (the record, first one stays) and
 * NUMBER#<docId> (the number allocated to it) under the visit's PK, numbers drawn from the agency's counter for
 * the year (PK = SK = COUNTER#<agencyId>#<kind>#<year>, an atomic ADD).
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { VisitStore } from '#domain/ports.ts';
import type { DocumentKind, DocumentRecord } from '#domain/visit.ts';
import { clean, stripKeys, type VisitTable, visitPk } from './table.ts';

export type DocumentItems = Pick<
  VisitStore,
  'putDocument' | 'getDocument' | 'listDocuments' | 'documentNumber'
>;

export function documentItems(table: VisitTable): DocumentItems {
  return {
    async putDocument(visitId, record) {
      // the first record of a document stays: a retried step must not replace what was stored
      await table.putNew({ ...clean(record), PK: visitPk(visitId), SK: `DOC#${record.id}` });
    },

    async getDocument(visitId, docId) {
      const item = await table.get(visitPk(visitId), `DOC#${docId}`);
      return item ? stripKeys<DocumentRecord>(item) : undefined;
    },

    async listDocuments(visitId) {
      return (await table.underVisit(visitId, 'DOC#')).map((item) => stripKeys<DocumentRecord>(item));
    },

    async documentNumber(visitId: string, docId: string, agencyId: string, kind: DocumentKind, year: number) {
      const numberKey = { PK: visitPk(visitId), SK: `NUMBER#${docId}` };
      const recorded = await table.get(numberKey.PK, numberKey.SK);
      if (recorded) return Number(recorded.number);
      const counter = `COUNTER#${agencyId}#${kind}#${year}`;
      const { Attributes } = await table.doc.send(
        new UpdateCommand({
          TableName: table.name,
          Key: { PK: counter, SK: counter },
          UpdateExpression: 'ADD #n :one',
          ExpressionAttributeNames: { '#n': 'n' },
          ExpressionAttributeValues: { ':one': 1 },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      const allocated = Number(Attributes?.n);
      if (await table.putNew({ ...numberKey, number: allocated, agencyId, kind, year, docId }))
        return allocated;
      // a concurrent call recorded its number first: that one is the document's (ours is skipped)
      const winner = await table.get(numberKey.PK, numberKey.SK);
      if (!winner) throw new Error(`the number of document ${docId} was recorded, then removed`);
      return Number(winner.number);
    },
  };
}
