/**
 * BouncedAddresses on the visits table: one item per address, PK = ADDRESS#<lowercase email>, SK = BOUNCED, holding
 * the latest report (a later mark replaces it). The directory will keep this on its people and take it over.
 */
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { BouncedAddresses } from '#domain/ports.ts';
import { ENV } from '#functions/manifest.ts';
import { documentClient } from './dynamodb-visit-store.ts';
import { lazy, requireEnv } from './env.ts';

export const bouncedAddressKey = (address: string) => ({
  PK: `ADDRESS#${address.toLowerCase()}`,
  SK: 'BOUNCED',
});

export function createBouncedAddresses(doc: DynamoDBDocumentClient, tableName: string): BouncedAddresses {
  return {
    async mark(mark) {
      const address = mark.address.toLowerCase();
      await doc.send(
        new PutCommand({ TableName: tableName, Item: { ...bouncedAddressKey(address), ...mark, address } }),
      );
    },
  };
}

/** The marks on the table named by TABLE_NAME, on the process's client. */
export const bouncedAddresses = lazy(() => createBouncedAddresses(documentClient(), requireEnv(ENV.table)));
