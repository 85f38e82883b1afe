/**
 * VisitStore on one DynamoDB table (infra/table.ts), one module per item family on a shared base
 * (dynamodb/table.ts: the keys, the reads and the conditional writes): the visits, the hash-chained events, the
 * documents and their numbers, the approvals, and the archive index.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { VisitStore } from '#domain/ports.ts';
import { ENV } from '#functions/manifest.ts';
import { approvalItems } from './dynamodb/approvals.ts';
import { archiveIndexItems } from './dynamodb/archive-index.ts';
import { documentItems } from './dynamodb/documents.ts';
import { eventItems } from './dynamodb/events.ts';
import { VisitTable } from './dynamodb/table.ts';
import { visitItems } from './dynamodb/visits.ts';
import { lazy, requireEnv } from './env.ts';

export function createVisitStore(doc: DynamoDBDocumentClient, tableName: string): VisitStore {
  const table = new VisitTable(doc, tableName);
  return {
    ...visitItems(table),
    ...eventItems(table),
    ...documentItems(table),
    ...approvalItems(table),
    ...archiveIndexItems(table),
  };
}

/** The process's one DynamoDB client, made on first use; it drops undefined members as every adapter expects. */
export const documentClient = lazy(() =>
  DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } }),
);

/** The store on the table named by TABLE_NAME, on the process's client. */
export const visitStore = lazy(() => createVisitStore(documentClient(), requireEnv(ENV.table)));
