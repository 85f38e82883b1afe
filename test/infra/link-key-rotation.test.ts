import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerRotationEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  assertUsable,
  handler,
  KEYS_KEPT,
  type LinkKeySet,
  parseKeySet,
  rotateKeySet,
} from '#infra/aws/link-key-rotation.ts';

const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');
const secrets = mockClient(SecretsManagerClient);
const SecretId = 'arn:aws:secretsmanager:ap-southeast-1:111122223333:secret:link-key';

function step(Step: SecretsManagerRotationEvent['Step'], token = 'v2'): SecretsManagerRotationEvent {
  return { Step, SecretId, ClientRequestToken: token };
}

beforeEach(() => {
  secrets.reset();
  secrets.on(DescribeSecretCommand).resolves({
    RotationEnabled: true,
    VersionIdsToStages: { v1: ['AWSCURRENT'], v2: ['AWSPENDING'] },
  });
});

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

describe('the rotation function', () => {
  it('stores the next key set as the pending version on createSecret', async () => {
    secrets
      .on(GetSecretValueCommand, { SecretId, VersionId: 'v2', VersionStage: 'AWSPENDING' })
      .rejects(new ResourceNotFoundException({ message: 'no pending value', $metadata: {} }));
    secrets
      .on(GetSecretValueCommand, { SecretId, VersionStage: 'AWSCURRENT' })
      .resolves({ SecretString: JSON.stringify({ current: 'k1', keys: { k1: key(1) } }) });
    secrets.on(PutSecretValueCommand).resolves({});

    await handler(step('createSecret'));

    const put = secrets.commandCalls(PutSecretValueCommand)[0]?.args[0].input;
    expect(put).toMatchObject({ SecretId, ClientRequestToken: 'v2', VersionStages: ['AWSPENDING'] });
    const stored = parseKeySet(put?.SecretString);
    expect(stored.current).toBe('k2');
    expect(stored.keys.k1).toBe(key(1));
    expect(() => assertUsable(stored)).not.toThrow();
  });

  it('does not create a second key when createSecret is retried', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: '{"current":"k2","keys":{}}' });

    await handler(step('createSecret'));

    expect(secrets.commandCalls(PutSecretValueCommand)).toHaveLength(0);
  });

  it('refuses a pending version without a usable current key on testSecret', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: '{"current":"k2","keys":{"k1":"x"}}' });

    await expect(handler(step('testSecret'))).rejects.toThrow(/no usable current key/);
  });

  it('moves AWSCURRENT to the pending version on finishSecret', async () => {
    secrets.on(UpdateSecretVersionStageCommand).resolves({});

    await handler(step('finishSecret'));

    expect(secrets.commandCalls(UpdateSecretVersionStageCommand)[0]?.args[0].input).toEqual({
      SecretId,
      VersionStage: 'AWSCURRENT',
      MoveToVersionId: 'v2',
      RemoveFromVersionId: 'v1',
    });
  });

  it('does nothing for a version that is already current', async () => {
    await handler(step('finishSecret', 'v1'));

    expect(secrets.commandCalls(UpdateSecretVersionStageCommand)).toHaveLength(0);
  });

  it('refuses a token that is not a version of the secret', async () => {
    await expect(handler(step('createSecret', 'v9'))).rejects.toThrow(/not a version/);
  });
});
