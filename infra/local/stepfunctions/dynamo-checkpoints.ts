/**
 * The local runtime's checkpoint store in the application's table: under `PK = EXECUTION#<name>`, the execution
 * (`SK = EXECUTION`) and where it is while it runs (`SK = WAIT`: the state it waits in or runs), each one
 * single-item write. Inputs, outputs and outcomes are kept as JSON text, so any JSON value survives unchanged. Each
 * checkpoint also sits in GSI3 under `LOCAL#WAIT`, so `list()` (run once at start-up) is a Query, like every other
 * read of the table: no Scan.
 */
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type {
  Checkpoint,
  CheckpointStore,
  ExecutionRecord,
  ExecutionStatus,
  Outcome,
} from '#infra/local/stepfunctions/checkpoints.ts';

const pk = (name: string) => `EXECUTION#${name}`;
const WAITS = 'LOCAL#WAIT';

export function createDynamoCheckpoints(doc: DynamoDBDocumentClient, tableName: string): CheckpointStore {
  return {
    async put(name, cp) {
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            PK: pk(name),
            SK: 'WAIT',
            GSI3PK: WAITS,
            GSI3SK: name,
            executionName: cp.executionName,
            executionArn: cp.executionArn,
            stateName: cp.stateName,
            input: JSON.stringify(cp.input ?? null),
            ...(cp.token !== undefined && { token: cp.token }),
            ...(cp.deadline !== null && { deadline: cp.deadline }),
            ...(cp.taskDone !== undefined && { taskDone: cp.taskDone }),
            ...(cp.outcome !== undefined && { outcome: JSON.stringify(cp.outcome) }),
          },
        }),
      );
    },

    async delete(name) {
      await doc.send(new DeleteCommand({ TableName: tableName, Key: { PK: pk(name), SK: 'WAIT' } }));
    },

    async list() {
      const out: Checkpoint[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await doc.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: 'GSI3',
            KeyConditionExpression: 'GSI3PK = :waits',
            ExpressionAttributeValues: { ':waits': WAITS },
            ...(start && { ExclusiveStartKey: start }),
          }),
        );
        for (const item of page.Items ?? []) {
          out.push({
            executionName: String(item.executionName),
            executionArn: String(item.executionArn),
            stateName: String(item.stateName),
            input: JSON.parse(String(item.input)) as unknown,
            ...(typeof item.token === 'string' && { token: item.token }),
            deadline: typeof item.deadline === 'string' ? item.deadline : null,
            ...(typeof item.taskDone === 'boolean' && { taskDone: item.taskDone }),
            ...(typeof item.outcome === 'string' && { outcome: JSON.parse(item.outcome) as Outcome }),
          });
        }
        start = page.LastEvaluatedKey;
      } while (start);
      return out;
    },

    async putExecution(record) {
      const { name, executionArn, status, input, output, startDate, stopDate, error, cause } = record;
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            PK: pk(name),
            SK: 'EXECUTION',
            name,
            executionArn,
            status,
            input,
            startDate,
            ...(output !== undefined && { output }),
            ...(stopDate !== undefined && { stopDate }),
            ...(error !== undefined && { error }),
            ...(cause !== undefined && { cause }),
          },
        }),
      );
    },

    async getExecution(name) {
      const { Item: item } = await doc.send(
        new GetCommand({
          TableName: tableName,
          Key: { PK: pk(name), SK: 'EXECUTION' },
          ConsistentRead: true,
        }),
      );
      if (!item) return undefined;
      const record: ExecutionRecord = {
        name: String(item.name),
        executionArn: String(item.executionArn),
        status: item.status as ExecutionStatus,
        input: String(item.input),
        startDate: String(item.startDate),
      };
      for (const key of ['output', 'stopDate', 'error', 'cause'] as const) {
        if (typeof item[key] === 'string') record[key] = item[key];
      }
      return record;
    },
  };
}
