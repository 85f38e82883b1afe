/**
 * The user pool adapter over the real SDK against cognito-local (the local runtime's Cognito): a user created
 * with its agency and name and invited by mail, its groups following its roles, disabled and enabled, each call
 * idempotent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminListGroupsForUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserPool } from '#adapters/cognito-user-pool.ts';
import type { UserPool } from '#domain/ports.ts';
import {
  type CognitoEmulator,
  ensurePool,
  poolHasUser,
  startCognitoEmulator,
} from '#infra/local/cognito-emulator.ts';

let dataDir: string;
let emulator: CognitoEmulator;
let client: CognitoIdentityProviderClient;
let poolId: string;
let pool: UserPool;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ev-cognito-'));
  emulator = await startCognitoEmulator({ dataDir });
  client = new CognitoIdentityProviderClient({
    endpoint: emulator.endpoint,
    region: 'ap-southeast-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  poolId = await ensurePool(client, 'https://visits.example');
  pool = createUserPool(client, poolId);
});

afterAll(async () => {
  client?.destroy();
  await emulator?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const groupsOf = async (email: string) => {
  const username = (await poolHasUser(client, poolId, email))?.Username ?? email;
  const { Groups = [] } = await client.send(
    new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: username }),
  );
  return Groups.map((g) => g.GroupName).sort();
};

describe('the user pool', () => {
  it('creates a user with its agency and name, invited by mail once, however often it is asked', async () => {
    const email = 'ngoc.pt@btgdvtu.danang.example';
    await pool.createUser({ email, name: 'Phạm Thị Ngọc', agencyId: 'btgdvtu-da-nang' });
    await pool.createUser({ email, name: 'Phạm Thị Ngọc', agencyId: 'btgdvtu-da-nang' });

    const user = await poolHasUser(client, poolId, email);
    const attributes = Object.fromEntries((user?.UserAttributes ?? []).map((a) => [a.Name, a.Value]));
    expect(attributes).toMatchObject({
      email,
      email_verified: 'true',
      name: 'Phạm Thị Ngọc',
      'custom:agencyId': 'btgdvtu-da-nang',
    });
    // the emulator sends it without the pool's template; the stack's test holds the template
    expect(emulator.invitations.filter((m) => m.to === email)).toHaveLength(1);
  });

  it('sets the groups to the roles: adds what is missing, removes what is no longer held', async () => {
    const email = 'duy.ha@btgdvtu.danang.example';
    await pool.createUser({ email, name: 'Hồ Anh Duy', agencyId: 'btgdvtu-da-nang' });

    await pool.setGroups(email, ['staff', 'admin']);
    expect(await groupsOf(email)).toEqual(['admin', 'staff']);
    await pool.setGroups(email, ['staff', 'secretary']);
    expect(await groupsOf(email)).toEqual(['secretary', 'staff']);
  });

  it('disables a user and ends their sessions, enables them again; a user it never had is no error', async () => {
    const email = 'thao.vtt@btgdvtu.danang.example';
    await pool.createUser({ email, name: 'Võ Thị Thanh Thảo', agencyId: 'btgdvtu-da-nang' });

    await pool.disableUser(email);
    expect((await poolHasUser(client, poolId, email))?.Enabled).toBe(false);
    await pool.enableUser(email);
    expect((await poolHasUser(client, poolId, email))?.Enabled).toBe(true);
    await expect(pool.disableUser('never@x.example')).resolves.toBeUndefined();
  });
});
