/**
 * The local AWS emulators: dynalite (DynamoDB), s3rver (S3) and aws-ses-v2-local (SES v2), each on its own
 * port on 127.0.0.1 (the Secrets Manager stand-in for the link keys is aws-stand-ins.ts). Handlers reach them
 * through the SDK's standard endpoint variables in `env`, so no code
 * path knows it runs locally. With `dataDir`, DynamoDB and S3 keep their data on disk across restarts; without
 * it, DynamoDB lives in memory and S3 in a fresh temporary directory that `stop()` removes.
 *
 * aws-ses-v2-local keeps sent mail in memory, module-wide: every SES emulator in one process shares one outbox.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Config as SesConfig } from 'aws-ses-v2-local';
import { closeServer, listen } from '#infra/local/http.ts';
import { createStops } from '#infra/local/stops.ts';
import { TABLE } from '#infra/table.ts';
import { LOCAL_REGION } from '#workflows/local-arns.ts';

const require = createRequire(import.meta.url);

/** dynalite ships no types: the part used here. */
type Dynalite = (options: { path?: string; createTableMs?: number; deleteTableMs?: number }) => Server;

/** s3rver ships no types: the part used here. */
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  httpServer?: Server;
}
type S3rverClass = new (options: {
  address: string;
  port: number;
  directory: string;
  silent: boolean;
  resetOnClose?: boolean;
}) => S3rverInstance;

type SesServer = (config?: Partial<SesConfig>) => Promise<Server>;

export interface EmulatorOptions {
  /** where DynamoDB (dataDir/dynamodb) and S3 (dataDir/s3) keep their data; in memory / temporary otherwise */
  dataDir?: string;
  /** fixed ports; 0 or absent picks a free one */
  ports?: { dynamodb?: number; s3?: number; ses?: number };
}

export interface Emulators {
  endpoints: { dynamodb: string; s3: string; ses: string };
  /** the variables an AWS SDK client (and so every handler) needs to reach the emulators */
  env: Record<string, string>;
  /** closes every server (dropping open connections) and the DynamoDB store */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

export async function startEmulators(opts: EmulatorOptions = {}): Promise<Emulators> {
  const stops = createStops('the emulators');
  const stop = () => stops.stopAll();

  try {
    // DynamoDB
    const dynalite = require('dynalite') as Dynalite;
    let dynamoPath: string | undefined;
    if (opts.dataDir) {
      dynamoPath = join(opts.dataDir, 'dynamodb');
      mkdirSync(dynamoPath, { recursive: true });
    }
    const dynamo = dynalite({ path: dynamoPath, createTableMs: 50, deleteTableMs: 50 });
    const dynamoPort = (await listen(dynamo, opts.ports?.dynamodb ?? 0, HOST)).port;
    stops.push(() => closeServer(dynamo, (cb) => dynamo.close(cb)));

    // S3
    const S3rver = require('s3rver') as S3rverClass;
    let s3Dir: string;
    if (opts.dataDir) {
      s3Dir = join(opts.dataDir, 's3');
      mkdirSync(s3Dir, { recursive: true });
    } else {
      s3Dir = mkdtempSync(join(tmpdir(), 's3-'));
      const dir = s3Dir;
      stops.push(async () => rmSync(dir, { recursive: true, force: true }));
    }
    const s3 = new S3rver({ address: HOST, port: opts.ports?.s3 ?? 0, directory: s3Dir, silent: true });
    const s3Address = await s3.run();
    stops.push(async () => {
      s3.httpServer?.closeAllConnections();
      const closing = s3.close();
      s3.httpServer?.closeAllConnections();
      await closing;
    });

    // SES v2
    const sesServer = (require('aws-ses-v2-local') as { default: SesServer }).default;
    const ses = await sesServer({ host: HOST, port: opts.ports?.ses ?? 0 });
    stops.push(() => closeServer(ses, (cb) => ses.close(cb)));
    const sesPort = (ses.address() as AddressInfo).port;

    const endpoints = {
      dynamodb: `http://${HOST}:${dynamoPort}`,
      s3: `http://${HOST}:${s3Address.port}`,
      ses: `http://${HOST}:${sesPort}`,
    };
    const env: Record<string, string> = {
      AWS_REGION: LOCAL_REGION,
      // s3rver accepts only this access key id (it checks the expiry of presigned URLs, not SigV4 signatures);
      // the other emulators accept any
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
      AWS_ENDPOINT_URL_S3: endpoints.s3,
      AWS_ENDPOINT_URL_SESV2: endpoints.ses,
      // s3rver corrupts streamed (aws-chunked) uploads: compute checksums only where an operation requires one
      AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
      AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
      // s3rver serves buckets by path. The SDK already picks path style for an IP-literal endpoint; this makes it
      // explicit for a host name too, and is read by the adapters' S3 client factory (unset in AWS)
      AWS_S3_FORCE_PATH_STYLE: 'true',
    };
    return { endpoints, env, stop };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}

/**
 * Creates the table from TABLE (all keys strings, every index projecting all attributes, on-demand) unless it
 * exists, then waits until it is ACTIVE.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const keys = new Set<string>([TABLE.partitionKey, TABLE.sortKey]);
  for (const index of TABLE.indexes) {
    keys.add(index.partitionKey);
    keys.add(index.sortKey);
  }
  const attributes: AttributeDefinition[] = [...keys].map((name) => ({
    AttributeName: name,
    AttributeType: 'S',
  }));
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: attributes,
        KeySchema: [
          { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: TABLE.indexes.map((index) => ({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
      }),
    );
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
  }
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
      const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === 'ACTIVE');
      if (Table?.TableStatus === 'ACTIVE' && indexesActive) return;
    } catch (err) {
      if (!(err instanceof ResourceNotFoundException)) throw err;
    }
    if (Date.now() > deadline) throw new Error(`table ${tableName} did not become ACTIVE within 30 s`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Creates each bucket unless it exists. */
export async function ensureBuckets(client: S3Client, names: readonly string[]): Promise<void> {
  for (const name of names) {
    try {
      await client.send(new HeadBucketCommand({ Bucket: name }));
      continue;
    } catch (err) {
      const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status !== 404) throw err;
    }
    try {
      await client.send(new CreateBucketCommand({ Bucket: name }));
    } catch (err) {
      const name_ = (err as { name?: string }).name;
      if (name_ !== 'BucketAlreadyOwnedByYou' && name_ !== 'BucketAlreadyExists') throw err;
    }
  }
}

/** One mail as the SES emulator stored it. */
export interface SentMail {
  messageId: string;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  text?: string;
  html?: string;
  attachments: { filename?: string; contentType: string; size: number /** base64 */; content: string }[];
  /** when it was sent, epoch seconds (the emulator's resolution) */
  at: number;
}

interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  attachments: { filename?: string; contentType: string; size: number; content: string }[];
  at: number;
}

/** A parsed Raw message lists its recipients as one "a, b" text; plain addresses are split apart again. */
function addresses(list: string[]): string[] {
  return list.flatMap((a) => (a.includes('"') || a.includes('<') ? [a] : a.split(/,\s*/).filter(Boolean)));
}

/**
 * The mail the SES emulator has accepted, oldest first (Simple and Raw alike; a Raw message is parsed, so its
 * subject is decoded and its attachments are listed). `since` is epoch seconds.
 */
export async function listSentMail(sesEndpoint: string, opts: { since?: number } = {}): Promise<SentMail[]> {
  const url = new URL('/store', sesEndpoint);
  if (opts.since !== undefined) url.searchParams.set('since', String(Math.floor(opts.since)));
  const res = await fetch(url);
  if (!res.ok) throw new Error(`the SES emulator answered ${res.status} to GET /store`);
  const body = (await res.json()) as { emails: StoredEmail[] };
  return body.emails.map((e) => ({
    messageId: e.messageId,
    from: e.from,
    to: addresses(e.destination.to),
    cc: addresses(e.destination.cc),
    bcc: addresses(e.destination.bcc),
    subject: e.subject,
    text: e.body.text,
    html: e.body.html,
    attachments: e.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      size: a.size,
      content: a.content,
    })),
    at: e.at,
  }));
}

/** Empties the SES emulator's outbox. */
export async function clearSentMail(sesEndpoint: string): Promise<void> {
  const res = await fetch(new URL('/clear-store', sesEndpoint), { method: 'POST' });
  if (!res.ok) throw new Error(`the SES emulator answered ${res.status} to POST /clear-store`);
}
