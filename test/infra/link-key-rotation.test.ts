/**
 * The link key's rotation: the key-set arithmetic, and the rotation function run step by step against the local
 * Secrets Manager stand-in over the real SDK, as Secrets Manager would drive it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  RotateSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerRotationEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertUsable,
  handler,
  KEYS_KEPT,
  type LinkKeySet,
  parseKeySet,
  rotateKeySet,
} from '#infra/aws/link-key-rotation.ts';
import { type AwsStandIns, LOCAL_LINK_KEY_SECRET_ID, startAwsStandIns } from '#infra/local/aws-stand-ins.ts';

const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');
const SecretId = LOCAL_LINK_KEY_SECRET_ID;
let dataDir: string;
let standIns: AwsStandIns;
let secrets: SecretsManagerClient;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ev-rotation-'));
  standIns = await startAwsStandIns({ dataDir });
  Object.assign(process.env, standIns.env, {
    AWS_REGION: 'ap-southeast-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  });
  // the function's client reads the endpoint variable when it first sends
  secrets = new SecretsManagerClient({});
});

afterAll(async () => {
  secrets?.destroy();
  await standIns?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function step(Step: SecretsManagerRotationEvent['Step'], token: string): SecretsManagerRotationEvent {
  return { Step, SecretId, ClientRequestToken: token };
}

async function current(): Promise<LinkKeySet> {
  const out = await secrets.send(new GetSecretValueCommand({ SecretId }));
  return parseKeySet(out.SecretString);
}

async function stages(): Promise<Record<string, string[]>> {
  return (await secrets.send(new DescribeSecretCommand({ SecretId }))).VersionIdsToStages ?? {};
}

describe('the link key set', () => {
  it('starts at k1 from the placeholder the secret is created with', () => {
    const set = rotateKeySet(parseKeySet('{"current":"","keys":{},"bootstrap":"xyz"}'), key(1));
    expect(set).toEqual({ current: 'k1', keys: { k1: key(1) } });
  });

  it('adds the next key id and makes it current, keeping older keys so their links still verify', () => {
    const set = rotateKeySet({ current: 'k2', keys: { k1: key(1), k2: key(2) } }, key(3));
    expect(set).toEqual({ current: 'k3', keys: { k1: key(1), k2: key(2), k3: key(3) } });
  });

  it(`keeps only the newest ${KEYS_KEPT} keys, numbering past k9 correctly`, () => {
    let set: LinkKeySet = { current: '', keys: {} };
    for (let i = 1; i <= 11; i++) set = rotateKeySet(set, key(i));
    expect(set.current).toBe('k11');
    expect(Object.keys(set.keys)).toEqual(['k9', 'k10', 'k11']);
  });

  it('keeps just the new key when asked to keep one', () => {
    expect(rotateKeySet({ current: 'k1', keys: { k1: key(1) } }, key(2), 1)).toEqual({
      current: 'k2',
      keys: { k2: key(2) },
    });
  });

  it('is unusable when the current id names no 256-bit key', () => {
    expect(() => assertUsable({ current: 'k1', keys: {} })).toThrow(/no usable current key/);
    expect(() => assertUsable({ current: 'k1', keys: { k1: 'c2hvcnQ=' } })).toThrow(/no usable current key/);
    expect(() => assertUsable({ current: 'k1', keys: { k1: key(1) } })).not.toThrow();
  });
});

describe('the rotation function, driven as Secrets Manager drives it', () => {
  it('adds the next key and makes it current, keeping the old one so links signed with it still verify', async () => {
    const before = await current();
    expect(before.current).toBe('k1');
    await secrets.send(new RotateSecretCommand({ SecretId, ClientRequestToken: 'rotation-0002' }));
    for (const name of ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const)
      await handler(step(name, 'rotation-0002'));

    const after = await current();
    expect(after.current).toBe('k2');
    expect(after.keys.k1).toBe(before.keys.k1);
    expect(() => assertUsable(after)).not.toThrow();
    // what the local runtime's handlers read is the rotated set
    expect(parseKeySet(readFileSync(join(dataDir, 'link-keys.json'), 'utf8'))).toEqual(after);
    expect((await stages())['rotation-0002']).toEqual(['AWSCURRENT']);
  });

  it('makes no second key when createSecret is retried', async () => {
    await secrets.send(new RotateSecretCommand({ SecretId, ClientRequestToken: 'rotation-0003' }));
    await handler(step('createSecret', 'rotation-0003'));
    const first = await secrets.send(
      new GetSecretValueCommand({ SecretId, VersionId: 'rotation-0003', VersionStage: 'AWSPENDING' }),
    );
    await handler(step('createSecret', 'rotation-0003'));
    const again = await secrets.send(
      new GetSecretValueCommand({ SecretId, VersionId: 'rotation-0003', VersionStage: 'AWSPENDING' }),
    );
    expect(again.SecretString).toBe(first.SecretString);
    expect(parseKeySet(first.SecretString).current).toBe('k3');
  });

  it(`keeps at most ${KEYS_KEPT} keys across rotations`, async () => {
    for (const name of ['testSecret', 'finishSecret'] as const) await handler(step(name, 'rotation-0003'));
    await secrets.send(new RotateSecretCommand({ SecretId, ClientRequestToken: 'rotation-0004' }));
    for (const name of ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const)
      await handler(step(name, 'rotation-0004'));
    expect(Object.keys((await current()).keys)).toEqual(['k2', 'k3', 'k4']);
  });

  it('refuses, on testSecret, a pending version without a usable current key, and leaves the key as it was', async () => {
    const before = await current();
    await secrets.send(new RotateSecretCommand({ SecretId, ClientRequestToken: 'rotation-bad' }));
    await secrets.send(
      new PutSecretValueCommand({
        SecretId,
        ClientRequestToken: 'rotation-bad',
        SecretString: '{"current":"k9","keys":{"k1":"x"}}',
        VersionStages: ['AWSPENDING'],
      }),
    );
    await expect(handler(step('testSecret', 'rotation-bad'))).rejects.toThrow(/no usable current key/);
    expect(await current()).toEqual(before);
  });

  it('does nothing for a version that is already current', async () => {
    const before = await current();
    await handler(step('finishSecret', 'rotation-0004'));
    expect(await current()).toEqual(before);
  });

  it('refuses a token that is not a version of the secret', async () => {
    await expect(handler(step('createSecret', 'rotation-unknown'))).rejects.toThrow(/not a version/);
  });
});
