/**
 * Parity between the two runtimes: the state machine definition, the table's keys and indexes, the buckets, the
 * routes and each function's variables that the local runtime uses are the ones in the synthesized CloudFormation
 * template.
 */
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FunctionName, ROUTES } from '#functions/manifest.ts';
import { createApp } from '#infra/aws/create-app.ts';
import { STAGE_VALUES_ABSENT } from '#infra/aws/functions.ts';
import type { ExchangeVisitsStack } from '#infra/aws/stack.ts';
import { type Emulators, ensureTable, startEmulators } from '#infra/local/emulators.ts';
import { LOCAL_NAMES, LOCAL_VALUES_ABSENT, localEnvironments } from '#infra/local/environment.ts';
import { TABLE } from '#infra/table.ts';
import { localFunctionArn } from '#workflows/local-arns.ts';
import { evaluate, renderLifecycleAsl } from '#workflows/render.ts';
import { logicalId } from './support.ts';

let stack: ExchangeVisitsStack;
let template: Template;
let emulators: Emulators;

beforeAll(async () => {
  // no bundling: the definition, keys and routes do not depend on the functions' code
  ({ stack } = createApp({
    nag: false,
    builtinCloudFormationValidation: false,
    context: { 'aws:cdk:bundling-stacks': [] },
  }));
  template = Template.fromStack(stack);
  emulators = await startEmulators({});
});

afterAll(async () => {
  await emulators?.stop();
});

/** Replaces each Lambda's `Fn::GetAtt [id, Arn]` with the ARN the local runtime maps to the same function. */
function localise(value: unknown, arnByLogicalId: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => localise(v, arnByLogicalId));
  if (!value || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const getAtt = obj['Fn::GetAtt'];
  if (Array.isArray(getAtt) && getAtt[1] === 'Arn') {
    const arn = arnByLogicalId.get(String(getAtt[0]));
    if (!arn) throw new Error(`the definition refers to ${String(getAtt[0])}, which is no task function`);
    return arn;
  }
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, localise(v, arnByLogicalId)]));
}

describe('the local runtime runs what the stack deploys', () => {
  it('the state machine definition is the one the local runtime runs', () => {
    const arnByLogicalId = new Map<string, string>();
    for (const [name, f] of stack.functions.entries())
      arnByLogicalId.set(logicalId(f.fn), localFunctionArn(name as FunctionName));
    const machines = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
    expect(machines).toHaveLength(1);
    const deployed = JSON.parse(
      String(evaluate(localise(machines[0]?.Properties.DefinitionString, arnByLogicalId))),
    );
    expect(deployed).toEqual(renderLifecycleAsl().definition);
  });

  it('the table has the keys and indexes the local table is created with', async () => {
    const tables = Object.values(template.findResources('AWS::DynamoDB::Table'));
    expect(tables).toHaveLength(1);
    const props = tables[0]?.Properties;
    const client = new DynamoDBClient({
      endpoint: emulators.endpoints.dynamodb,
      region: 'ap-southeast-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await ensureTable(client, 'parity');
    const local = (await client.send(new DescribeTableCommand({ TableName: 'parity' }))).Table;
    const keys = (schema: { AttributeName?: string; KeyType?: string }[] = []) =>
      schema.map((k) => `${k.AttributeName}:${k.KeyType}`);
    expect(keys(props.KeySchema)).toEqual(keys(local?.KeySchema));
    const indexes = (
      list: {
        IndexName?: string;
        KeySchema?: { AttributeName?: string; KeyType?: string }[];
        Projection?: { ProjectionType?: string };
      }[] = [],
    ) =>
      list
        .map((i) => ({
          name: i.IndexName,
          keys: keys(i.KeySchema),
          projection: i.Projection?.ProjectionType,
        }))
        .sort((a, b) => String(a.name).localeCompare(String(b.name)));
    expect(indexes(props.GlobalSecondaryIndexes)).toEqual(indexes(local?.GlobalSecondaryIndexes));
    expect(indexes(props.GlobalSecondaryIndexes).map((i) => i.name)).toEqual(
      TABLE.indexes.map((i) => i.name),
    );
  });

  it('the stack has the documents and archive buckets the local runtime creates, and the archive is locked', () => {
    const buckets = template.findResources('AWS::S3::Bucket');
    const archive = logicalId(stack.storage.archiveBucket);
    const documents = logicalId(stack.storage.documentsBucket);
    expect(Object.keys(buckets)).toEqual(expect.arrayContaining([archive, documents]));
    expect(buckets[archive]?.Properties.ObjectLockEnabled).toBe(true);
    expect(Object.keys(LOCAL_NAMES)).toEqual(expect.arrayContaining(['documentsBucket', 'archiveBucket']));
  });

  it('each function gets the variables the stack gives it, but those with nothing to stand for on one side', () => {
    const local = localEnvironments({
      publicUrl: 'http://127.0.0.1:3000',
      issuer: 'http://127.0.0.1:3000/local',
      clientId: 'exchange-visits-local',
      userPoolId: 'ap-southeast-1_local',
      loginUrl: 'http://127.0.0.1:3000/local',
      testSignerDir: '.data/test-ca',
    });
    const absent = new Set<string>(Object.keys(LOCAL_VALUES_ABSENT));
    const stageAbsent = new Set<string>(Object.keys(STAGE_VALUES_ABSENT));
    const lambdas = template.findResources('AWS::Lambda::Function');
    for (const [name, f] of stack.functions.entries()) {
      const deployed = Object.keys(lambdas[logicalId(f.fn)]?.Properties.Environment?.Variables ?? {});
      expect(
        Object.keys(local[name])
          .filter((v) => !stageAbsent.has(v))
          .sort(),
        name,
      ).toEqual(deployed.filter((v) => !absent.has(v)).sort());
    }
    // what only the local runtime has is still given to the functions that declare it: the test CA's files
    expect(local.decide).toHaveProperty('TEST_SIGNER_DIR', '.data/test-ca');
    expect(local.verifyArchive).toHaveProperty('TEST_SIGNER_DIR', '.data/test-ca');
    expect(local.archive).not.toHaveProperty('TEST_SIGNER_DIR');
  });

  it('the HTTP API has exactly the routes the local gateway serves', () => {
    const deployed = Object.values(template.findResources('AWS::ApiGatewayV2::Route'))
      .map((r) => String(r.Properties.RouteKey))
      .sort();
    // the local gateway hands what no route matches to the same $default route
    expect(deployed).toEqual(['$default', ...ROUTES.map((r) => `${r.method} ${r.path}`)].sort());
  });
});
