import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CACHE_MS, createLinkKeys } from '#adapters/link-keys.ts';
import { useEmulators } from '../support/emulators.ts';

const env = useEmulators();
const keySet = (current: string, keys: Record<string, Buffer>) =>
  JSON.stringify({
    current,
    keys: Object.fromEntries(Object.entries(keys).map(([id, k]) => [id, k.toString('base64')])),
  });

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('link keys', () => {
  it('the generated local key set has a current key of 32 bytes', async () => {
    const keys = createLinkKeys(env.secrets, env.linkKeySecretId);

    const { id, key } = await keys.current();

    expect(id).toBe('k1');
    expect(key).toHaveLength(32);
    expect((await keys.get('k1'))?.equals(key)).toBe(true);
  });

  it('a rotation shows after five minutes, and the older key still verifies', async () => {
    const [k1, k2] = [randomBytes(32), randomBytes(32)];
    env.setLinkKeys(keySet('k1', { k1 }));
    const clock = manualClock();
    const keys = createLinkKeys(env.secrets, env.linkKeySecretId, clock);
    await keys.current();

    env.setLinkKeys(keySet('k2', { k1, k2 }));
    const before = await keys.current();
    clock.advance(CACHE_MS);
    const after = await keys.current();

    expect(before.id).toBe('k1');
    expect(after).toEqual({ id: 'k2', key: k2 });
    expect((await keys.get('k1'))?.equals(k1)).toBe(true);
  });

  it('a key id not seen yet is looked up again, at most every 30 seconds', async () => {
    const [k1, k2] = [randomBytes(32), randomBytes(32)];
    env.setLinkKeys(keySet('k1', { k1 }));
    const clock = manualClock();
    const keys = createLinkKeys(env.secrets, env.linkKeySecretId, clock);
    await keys.current();
    env.setLinkKeys(keySet('k2', { k1, k2 }));

    const tooSoon = await keys.get('k2');
    clock.advance(30_000);
    const later = await keys.get('k2');

    expect(tooSoon).toBeUndefined();
    expect(later?.equals(k2)).toBe(true);
  });

  it('an unknown key id answers undefined', async () => {
    env.setLinkKeys(keySet('k1', { k1: randomBytes(32) }));
    const keys = createLinkKeys(env.secrets, env.linkKeySecretId);

    expect(await keys.get('forged')).toBeUndefined();
  });

  it('a secret that is not a key set is reported by name', async () => {
    env.setLinkKeys(JSON.stringify({ current: 'k9', keys: { k1: randomBytes(32).toString('base64') } }));

    const current = createLinkKeys(env.secrets, env.linkKeySecretId).current();

    await expect(current).rejects.toThrow(new RegExp(`${env.linkKeySecretId}.*k9`));
  });

  it('a key shorter than 32 bytes is refused', async () => {
    env.setLinkKeys(keySet('k1', { k1: randomBytes(16) }));

    await expect(createLinkKeys(env.secrets, env.linkKeySecretId).current()).rejects.toThrow(/32 bytes/);
  });

  it('a secret that does not exist fails with the service error', async () => {
    await expect(createLinkKeys(env.secrets, 'missing').current()).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });
});
