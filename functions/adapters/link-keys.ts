/**
 * The link-signing keys from Secrets Manager: a secret `{"current":"k1","keys":{"k1":"<base64>",…}}`. New links
 * are signed with the current key; a link names its key id, so links signed before a rotation verify until they
 * expire. The secret is read at most every five minutes, and again (at most every 30 s) when a link names a key
 * id not seen yet, so a rotation is picked up without waiting.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ENV } from '#functions/manifest.ts';
import { lazy, requireEnv } from './env.ts';

export const CACHE_MS = 5 * 60_000;
const UNKNOWN_ID_REFRESH_MS = 30_000;
const MIN_KEY_BYTES = 32;

interface KeySet {
  current: string;
  keys: Map<string, Buffer>;
  readAt: number;
}

export interface LinkKeySource {
  current(): Promise<{ id: string; key: Buffer }>;
  get(id: string): Promise<Buffer | undefined>;
}

function parse(secretId: string, text: string | undefined, now: number): KeySet {
  const bad = (why: string) => new Error(`the secret ${secretId} is not a link key set: ${why}`);
  if (!text) throw bad('it has no string value');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw bad('it is not JSON');
  }
  const { current, keys } = (value ?? {}) as { current?: unknown; keys?: unknown };
  if (typeof current !== 'string' || !keys || typeof keys !== 'object')
    throw bad('it needs "current" and "keys"');
  const map = new Map<string, Buffer>();
  for (const [id, b64] of Object.entries(keys)) {
    if (typeof b64 !== 'string') throw bad(`key ${id} is not a base64 string`);
    const key = Buffer.from(b64, 'base64');
    if (key.length < MIN_KEY_BYTES) throw bad(`key ${id} is shorter than ${MIN_KEY_BYTES} bytes`);
    map.set(id, key);
  }
  if (!map.has(current)) throw bad(`the current key ${current} is not among the keys`);
  return { current, keys: map, readAt: now };
}

export function createLinkKeys(
  sm: SecretsManagerClient,
  secretId: string,
  opts: { now?: () => number } = {},
): LinkKeySource {
  const now = opts.now ?? Date.now;
  let cached: KeySet | undefined;
  let loading: Promise<KeySet> | undefined;

  const load = (): Promise<KeySet> => {
    loading ??= sm
      .send(new GetSecretValueCommand({ SecretId: secretId }))
      .then((out) => {
        cached = parse(secretId, out.SecretString, now());
        return cached;
      })
      .finally(() => {
        loading = undefined;
      });
    return loading;
  };

  const keySet = async (): Promise<KeySet> => (cached && now() - cached.readAt < CACHE_MS ? cached : load());

  return {
    async current() {
      const set = await keySet();
      return { id: set.current, key: set.keys.get(set.current) as Buffer };
    },
    async get(id) {
      let set = await keySet();
      if (!set.keys.has(id) && now() - set.readAt >= UNKNOWN_ID_REFRESH_MS) set = await load();
      return set.keys.get(id);
    },
  };
}

/** The keys in LINK_KEY_SECRET_ID, with one client for the process. */
export const linkKeys = lazy(() =>
  createLinkKeys(new SecretsManagerClient({}), requireEnv(ENV.linkKeySecret)),
);
