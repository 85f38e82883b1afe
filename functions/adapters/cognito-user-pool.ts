/**
 * UserPool on Cognito (the local runtime serves the same API from an emulator): a user created with its agency and
 * name, invited by the pool's own mail (through SES, in Vietnamese: the pool's configuration), its groups mirroring
 * its roles (for the console's sake: the directory decides, never the groups), disabled with every session ended.
 * Each call is idempotent, so a retried step completes what a crash interrupted.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { ROLES } from '#domain/directory/users.ts';
import type { UserPool } from '#domain/ports.ts';
import { ENV } from '#functions/manifest.ts';
import { lazy, requireEnv } from './env.ts';

const named = (err: unknown, ...names: string[]) => names.includes((err as { name?: string })?.name ?? '');

export function createUserPool(client: CognitoIdentityProviderClient, userPoolId: string): UserPool {
  const base = { UserPoolId: userPoolId };
  return {
    async createUser({ email, name, agencyId }) {
      try {
        await client.send(
          new AdminCreateUserCommand({
            ...base,
            Username: email,
            UserAttributes: [
              { Name: 'email', Value: email },
              { Name: 'email_verified', Value: 'true' },
              { Name: 'name', Value: name },
              { Name: 'custom:agencyId', Value: agencyId },
            ],
            DesiredDeliveryMediums: ['EMAIL'],
          }),
        );
      } catch (err) {
        // created by an earlier attempt: that user stands (and was invited then)
        if (!named(err, 'UsernameExistsException')) throw err;
      }
    },

    async setGroups(email, roles) {
      // the pool's own user name (the email is an alias of it), under which group membership is kept
      const { Username } = await client.send(new AdminGetUserCommand({ ...base, Username: email }));
      const username = Username ?? email;
      const { Groups = [] } = await client.send(
        new AdminListGroupsForUserCommand({ ...base, Username: username, Limit: 60 }),
      );
      const held = new Set(Groups.map((g) => g.GroupName ?? ''));
      for (const role of ROLES) {
        if (roles.includes(role) && !held.has(role))
          await client.send(new AdminAddUserToGroupCommand({ ...base, Username: username, GroupName: role }));
        if (!roles.includes(role) && held.has(role))
          await client.send(
            new AdminRemoveUserFromGroupCommand({ ...base, Username: username, GroupName: role }),
          );
      }
    },

    async disableUser(email) {
      try {
        await client.send(new AdminDisableUserCommand({ ...base, Username: email }));
        await client.send(new AdminUserGlobalSignOutCommand({ ...base, Username: email }));
      } catch (err) {
        // a user the pool never had has no session to end
        if (!named(err, 'UserNotFoundException')) throw err;
      }
    },

    async enableUser(email) {
      await client.send(new AdminEnableUserCommand({ ...base, Username: email }));
    },
  };
}

/** The user pool named by USER_POOL_ID, with one client for the process, made on first use. */
export const userPool = lazy(() =>
  createUserPool(new CognitoIdentityProviderClient({}), requireEnv(ENV.userPoolId)),
);
