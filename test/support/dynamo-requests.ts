/** A DynamoDB document client that records the operation of every request it sends (what an adapter read). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export function countingClient(): { doc: DynamoDBDocumentClient; operations: string[]; destroy(): void } {
  const client = new DynamoDBClient({});
  const operations: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      operations.push(String(context.commandName).replace(/Command$/, ''));
      return next(args);
    },
    { step: 'initialize', name: 'countOperations' },
  );
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return { doc, operations, destroy: () => client.destroy() };
}
