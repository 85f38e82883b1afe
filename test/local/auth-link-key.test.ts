import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AwsStandIns,
  ensureLinkKeys,
  LOCAL_LINK_KEY_SECRET_ID,
  startAwsStandIns,
} from '#infra/local/aws-stand-ins.ts';

let dataDir: string;
let standIns: AwsStandIns;
let client: SecretsManagerClient;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ev-link-key-'));
  standIns = await startAwsStandIns({ dataDir });
  // the handlers' way: the SDK's standard endpoint variable, no endpoint in code
  Object.assign(process.env, standIns.env, {
    AWS_REGION: 'ap-southeast-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  });
  client = new SecretsManagerClient({});
});

afterAll(async () => {
  client.destroy();
  await standIns.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('Secrets Manager stand-in for the approval-link key', () => {
  it('generates the key file once: a current key id and 32 random bytes', () => {
    const keys = JSON.parse(readFileSync(join(dataDir, 'link-keys.json'), 'utf8')) as {
      current: string;
      keys: Record<string, string>;
    };
    expect(keys.current).toBe('k1');
    expect(Buffer.from(keys.keys.k1 ?? '', 'base64')).toHaveLength(32);
    expect(ensureLinkKeys(dataDir)).toEqual(keys);
  });

  it('answers GetSecretValue through the SDK with the key file as the secret string', async () => {
    const out = await client.send(new GetSecretValueCommand({ SecretId: LOCAL_LINK_KEY_SECRET_ID }));
    expect(out.Name).toBe(LOCAL_LINK_KEY_SECRET_ID);
    expect(out.VersionStages).toEqual(['AWSCURRENT']);
    expect(JSON.parse(out.SecretString ?? '')).toEqual(ensureLinkKeys(dataDir));
    // the ARN names the same secret
    const byArn = await client.send(new GetSecretValueCommand({ SecretId: out.ARN }));
    expect(byArn.SecretString).toBe(out.SecretString);
  });

  it('serves a rotated key file without a restart', async () => {
    const file = join(dataDir, 'link-keys.json');
    const before = JSON.parse(readFileSync(file, 'utf8')) as { keys: Record<string, string> };
    const rotated = { current: 'k2', keys: { ...before.keys, k2: Buffer.alloc(32, 9).toString('base64') } };
    writeFileSync(file, JSON.stringify(rotated));
    const out = await client.send(new GetSecretValueCommand({ SecretId: LOCAL_LINK_KEY_SECRET_ID }));
    expect(JSON.parse(out.SecretString ?? '')).toEqual(rotated);
  });

  it('answers ResourceNotFoundException for an unknown secret', async () => {
    await expect(
      client.send(new GetSecretValueCommand({ SecretId: 'no-such-secret' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});
