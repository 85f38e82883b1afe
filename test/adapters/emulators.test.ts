import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import {
  clearSentMail,
  ensureBuckets,
  ensureTable,
  listSentMail,
  startEmulators,
} from '#infra/local/emulators.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** SDK clients pointed at the emulators through explicit config (process.env is left alone here). */
function clients(env: Record<string, string>) {
  const base = {
    region: env.AWS_REGION,
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID ?? '',
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '',
    },
  };
  return {
    dynamodb: new DynamoDBClient({ ...base, endpoint: env.AWS_ENDPOINT_URL_DYNAMODB }),
    s3: new S3Client({
      ...base,
      endpoint: env.AWS_ENDPOINT_URL_S3,
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
    }),
    ses: new SESv2Client({ ...base, endpoint: env.AWS_ENDPOINT_URL_SESV2 }),
  };
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

describe('the local emulators', () => {
  it('data under a data directory survives a restart: table and objects', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'emulators-'));
    dirs.push(dataDir);
    const first = await startEmulators({ dataDir });
    const c1 = clients(first.env);
    await ensureTable(c1.dynamodb, 'visits-table');
    await ensureBuckets(c1.s3, ['documents-bucket']);
    await DynamoDBDocumentClient.from(c1.dynamodb).send(
      new PutCommand({ TableName: 'visits-table', Item: { PK: 'VISIT#1', SK: 'VISIT', title: 'Thanh Hóa' } }),
    );
    await c1.s3.send(new PutObjectCommand({ Bucket: 'documents-bucket', Key: 'a/b.txt', Body: 'Quảng Nam' }));
    await first.stop();

    const second = await startEmulators({ dataDir });
    const c2 = clients(second.env);
    await ensureTable(c2.dynamodb, 'visits-table');
    await ensureBuckets(c2.s3, ['documents-bucket']);
    const item = await DynamoDBDocumentClient.from(c2.dynamodb).send(
      new GetCommand({ TableName: 'visits-table', Key: { PK: 'VISIT#1', SK: 'VISIT' } }),
    );
    const object = await c2.s3.send(new GetObjectCommand({ Bucket: 'documents-bucket', Key: 'a/b.txt' }));
    const text = await object.Body?.transformToString();
    await second.stop();

    expect(item.Item?.title).toBe('Thanh Hóa');
    expect(text).toBe('Quảng Nam');
  });

  it('stop closes every port, even with SDK connections still open', async () => {
    const emulators = await startEmulators();
    const c = clients(emulators.env);
    await ensureTable(c.dynamodb, 'visits-table');
    await ensureBuckets(c.s3, ['documents-bucket']);
    const ports = Object.values(emulators.endpoints).map((e) => Number(new URL(e).port));

    await emulators.stop();

    expect(await Promise.all(ports.map(portIsFree))).toEqual([true, true, true]);
  });

  it('the outbox lists sent mail and can be emptied', async () => {
    const emulators = await startEmulators();
    const { ses } = clients(emulators.env);
    await clearSentMail(emulators.endpoints.ses);
    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'no-reply@visits.example',
        Destination: { ToAddresses: ['a@x.example'] },
        Content: { Simple: { Subject: { Data: 'Xin chào' }, Body: { Text: { Data: 'Nội dung' } } } },
      }),
    );

    const listed = await listSentMail(emulators.endpoints.ses);
    await clearSentMail(emulators.endpoints.ses);
    const afterClear = await listSentMail(emulators.endpoints.ses);
    await emulators.stop();

    expect(listed).toMatchObject([{ to: ['a@x.example'], subject: 'Xin chào', text: 'Nội dung' }]);
    expect(afterClear).toEqual([]);
  });
});
