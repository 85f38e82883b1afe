/**
 * The DraftStore, on the visits' table: what a person typed in a form and has not sent. A request's draft is the person's
 * (PK = DRAFT#<email>, SK = REQUEST), a visit's minutes' draft the visit's (SK = DRAFT#MINUTES under its PK). The
 * values are kept as one JSON string, replaced whole by each save; a draft larger than MAX_DRAFT_BYTES is not kept
 * (an item holds at most 400 KB).
 */
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Draft, DraftStore } from '#domain/ports.ts';
import { ENV } from '#functions/manifest.ts';
import { VisitTable, visitPk } from './dynamodb/table.ts';
import { documentClient } from './dynamodb-visit-store.ts';
import { lazy, requireEnv } from './env.ts';

/** The largest draft kept, in bytes of its JSON. */
export const MAX_DRAFT_BYTES = 300_000;

function key(kind: Draft['kind'], owner: string): { PK: string; SK: string } {
  return kind === 'request'
    ? { PK: `DRAFT#${owner.toLowerCase()}`, SK: 'REQUEST' }
    : { PK: visitPk(owner), SK: 'DRAFT#MINUTES' };
}

export function createDraftStore(doc: VisitTable['doc'], tableName: string): DraftStore {
  const table = new VisitTable(doc, tableName);
  return {
    async putDraft(draft) {
      const values = JSON.stringify(draft.values);
      if (Buffer.byteLength(values) > MAX_DRAFT_BYTES) return false;
      await table.doc.send(
        new PutCommand({
          TableName: table.name,
          Item: {
            ...key(draft.kind, draft.owner),
            kind: draft.kind,
            owner: draft.owner,
            values,
            savedAt: draft.savedAt,
            savedBy: draft.savedBy,
          },
        }),
      );
      return true;
    },

    async getDraft(kind, owner) {
      const k = key(kind, owner);
      const item = await table.get(k.PK, k.SK);
      if (!item || typeof item.values !== 'string') return undefined;
      return {
        kind,
        owner,
        values: JSON.parse(item.values) as Record<string, unknown>,
        savedAt: String(item.savedAt),
        savedBy: String(item.savedBy),
      };
    },

    async deleteDraft(kind, owner) {
      await table.doc.send(new DeleteCommand({ TableName: table.name, Key: key(kind, owner) }));
    },
  };
}

/** The drafts on the table named by TABLE_NAME, on the process's client. */
export const draftStore = lazy(() => createDraftStore(documentClient(), requireEnv(ENV.table)));
