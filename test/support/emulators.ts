/**
 * Emulators for one vitest file: `useEmulators()` starts the DynamoDB, S3 and SES emulators and the Secrets
 * Manager stand-in (the link keys) on free ports before the file's tests, points process.env at them (the SDK's
 * endpoint variables, TABLE_NAME, DOCUMENTS_BUCKET, ARCHIVE_BUCKET, LINK_KEY_SECRET_ID), creates a table and both
 * buckets under fresh names, and stops everything afterwards. The returned object is filled in by beforeAll:
 * read it inside tests and hooks.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { ENV } from '#functions/manifest.ts';
import { type AwsStandIns, LOCAL_LINK_KEY_SECRET_ID, startAwsStandIns } from '#infra/local/aws-stand-ins.ts';
import { type Emulators, ensureBuckets, ensureTable, startEmulators } from '#infra/local/emulators.ts';

export interface EmulatorContext {
  endpoints: Emulators['endpoints'];
  env: Record<string, string>;
  tableName: string;
  documentsBucket: string;
  archiveBucket: string;
  dynamodb: DynamoDBClient;
  /** removes undefined values, as the adapters' own client does */
  doc: DynamoDBDocumentClient;
  s3: S3Client;
  ses: SESv2Client;
  secrets: SecretsManagerClient;
  /** LINK_KEY_SECRET_ID */
  linkKeySecretId: string;
  /** replaces the link key set the stand-in serves (a rotation), e.g. `{"current":"k2","keys":{…}}` */
  setLinkKeys(value: string): void;
}

export function useEmulators(opts: { dataDir?: string } = {}): EmulatorContext {
  const ctx = {} as EmulatorContext;
  let emulators: Emulators | undefined;
  let standIns: AwsStandIns | undefined;
  let keysDir: string | undefined;
  const saved = new Map<string, string | undefined>();

  beforeAll(async () => {
    emulators = await startEmulators({ dataDir: opts.dataDir });
    const linkKeysDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'link-keys-'));
    if (!opts.dataDir) keysDir = linkKeysDir;
    standIns = await startAwsStandIns({ dataDir: linkKeysDir, linkKeySecretId: LOCAL_LINK_KEY_SECRET_ID });
    const suffix = randomUUID().slice(0, 8);
    const names = {
      [ENV.table]: `visits-${suffix}`,
      [ENV.documentsBucket]: `documents-${suffix}`,
      [ENV.archiveBucket]: `archive-${suffix}`,
    };
    const env = {
      ...emulators.env,
      ...standIns.env,
      [ENV.linkKeySecret]: LOCAL_LINK_KEY_SECRET_ID,
      ...names,
    };
    for (const [k, v] of Object.entries(env)) {
      saved.set(k, process.env[k]);
      process.env[k] = v;
    }
    const dynamodb = new DynamoDBClient({});
    const s3 = new S3Client({ forcePathStyle: true });
    await ensureTable(dynamodb, names[ENV.table] as string);
    await ensureBuckets(s3, [names[ENV.documentsBucket] as string, names[ENV.archiveBucket] as string]);
    Object.assign(ctx, {
      endpoints: emulators.endpoints,
      env,
      tableName: names[ENV.table],
      documentsBucket: names[ENV.documentsBucket],
      archiveBucket: names[ENV.archiveBucket],
      dynamodb,
      doc: DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } }),
      s3,
      ses: new SESv2Client({}),
      secrets: new SecretsManagerClient({}),
      linkKeySecretId: LOCAL_LINK_KEY_SECRET_ID,
      setLinkKeys: (value: string) => writeFileSync(join(linkKeysDir, 'link-keys.json'), value),
    } satisfies EmulatorContext);
  });

  afterAll(async () => {
    ctx.dynamodb?.destroy();
    ctx.s3?.destroy();
    ctx.ses?.destroy();
    ctx.secrets?.destroy();
    await standIns?.stop();
    await emulators?.stop();
    if (keysDir) rmSync(keysDir, { recursive: true, force: true });
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  return ctx;
}
