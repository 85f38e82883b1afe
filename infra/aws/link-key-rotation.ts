/**
 * Secrets Manager rotation for the link HMAC key set `{"current":"kN","keys":{"kN":"<base64>",...}}`.
 * createSecret adds a fresh 256-bit key under the next id and makes it current, keeping the newest previous keys
 * so links signed with them still verify until they expire; the other steps follow the standard protocol.
 */
import { randomBytes } from 'node:crypto';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerRotationEvent } from 'aws-lambda';

export interface LinkKeySet {
  current: string;
  keys: Record<string, string>;
}

/** How many keys a set holds after a rotation: the new one and the newest previous ones. */
export const KEYS_KEPT = 3;
const KEY_BYTES = 32;

/** Reads a stored key set; the bootstrap placeholder and anything unexpected read as an empty set. */
export function parseKeySet(text: string | undefined): LinkKeySet {
  const value: unknown = text ? JSON.parse(text) : {};
  if (typeof value !== 'object' || value === null) return { current: '', keys: {} };
  const { current, keys } = value as { current?: unknown; keys?: unknown };
  const valid: Record<string, string> = {};
  if (typeof keys === 'object' && keys !== null) {
    for (const [id, key] of Object.entries(keys)) {
      if (/^k\d+$/.test(id) && typeof key === 'string') valid[id] = key;
    }
  }
  return { current: typeof current === 'string' ? current : '', keys: valid };
}

/** The set after adding `newKey` under the next id, made current, keeping at most `kept` keys. */
export function rotateKeySet(previous: LinkKeySet, newKey: string, kept = KEYS_KEPT): LinkKeySet {
  const ids = Object.keys(previous.keys).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  const last = ids.at(-1);
  const nextId = `k${last ? Number(last.slice(1)) + 1 : 1}`;
  const keys: Record<string, string> = {};
  for (const id of kept > 1 ? ids.slice(-(kept - 1)) : []) keys[id] = previous.keys[id]!;
  keys[nextId] = newKey;
  return { current: nextId, keys };
}

/** A set is usable when its current id names a key of the right length. */
export function assertUsable(set: LinkKeySet): void {
  const key = set.keys[set.current];
  if (!key || Buffer.from(key, 'base64').length !== KEY_BYTES) {
    throw new Error(`link key set has no usable current key (current: "${set.current}")`);
  }
}

const client = new SecretsManagerClient({});

export const handler = async (event: SecretsManagerRotationEvent): Promise<void> => {
  const { SecretId, ClientRequestToken: token, Step } = event;
  const described = await client.send(new DescribeSecretCommand({ SecretId }));
  const stages = described.VersionIdsToStages?.[token];
  if (!stages) throw new Error('rotation token is not a version of this secret');
  if (stages.includes('AWSCURRENT')) return;
  if (!stages.includes('AWSPENDING')) throw new Error('rotation token is not pending');

  switch (Step) {
    case 'createSecret': {
      try {
        await client.send(
          new GetSecretValueCommand({ SecretId, VersionId: token, VersionStage: 'AWSPENDING' }),
        );
        return;
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
      }
      const current = await client.send(new GetSecretValueCommand({ SecretId, VersionStage: 'AWSCURRENT' }));
      const next = rotateKeySet(parseKeySet(current.SecretString), randomBytes(KEY_BYTES).toString('base64'));
      await client.send(
        new PutSecretValueCommand({
          SecretId,
          ClientRequestToken: token,
          SecretString: JSON.stringify(next),
          VersionStages: ['AWSPENDING'],
        }),
      );
      return;
    }
    case 'setSecret':
      // The key lives only in this secret: there is no other system to update.
      return;
    case 'testSecret': {
      const pending = await client.send(
        new GetSecretValueCommand({ SecretId, VersionId: token, VersionStage: 'AWSPENDING' }),
      );
      assertUsable(parseKeySet(pending.SecretString));
      return;
    }
    case 'finishSecret': {
      const currentVersion = Object.entries(described.VersionIdsToStages ?? {}).find(([, s]) =>
        s.includes('AWSCURRENT'),
      )?.[0];
      await client.send(
        new UpdateSecretVersionStageCommand({
          SecretId,
          VersionStage: 'AWSCURRENT',
          MoveToVersionId: token,
          ...(currentVersion ? { RemoveFromVersionId: currentVersion } : {}),
        }),
      );
      return;
    }
    default:
      throw new Error(`unknown rotation step "${String(Step)}"`);
  }
};
