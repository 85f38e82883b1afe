/**
 * Adding, changing and disabling users. The directory's user record decides every request, so it is written first
 * (a disable holds from the next request); the sign-in service (Cognito in AWS) follows: the user created with its
 * agency and invited by mail, its groups mirroring the roles, disabled with its sessions ended. Every step is
 * idempotent, so a retry completes what a crash interrupted.
 *
 * "An agency keeps at least one admin" without transactions: the agency's record lists its admins, always a subset
 * of the real ones — a user leaves the list (refused when it is the last) before losing the role, and joins it
 * after gaining the role — so a crash between the two steps errs on the safe side.
 */
import type { Clock } from '#domain/clock.ts';
import { AlreadyExistsError, ForbiddenError, UserNotFoundError, ValidationError } from '#domain/errors.ts';
import type { DirectoryStore, UserPool } from '#domain/ports.ts';
import { loadAgency } from './agency-admin.ts';
import { validateNewUser, validateUserChange } from './user-input.ts';
import {
  assertMayGrant,
  type DirectoryUser,
  emailKey,
  type Identity,
  mayManageUsers,
  type Role,
} from './users.ts';

export interface UserAdminDeps {
  directory: DirectoryStore;
  userPool: UserPool;
  clock: Clock;
}

/** The users of an agency (its admins, any directory-admin). */
export async function listUsers(
  deps: Pick<UserAdminDeps, 'directory'>,
  actor: Identity,
  agencyId: string,
): Promise<DirectoryUser[]> {
  if (!mayManageUsers(actor, agencyId)) throw new ForbiddenError();
  return deps.directory.users(agencyId);
}

/** Adds a user: the directory's record, then the admins list, then the sign-in service's user and its groups. */
export async function addUser(
  deps: UserAdminDeps,
  actor: Identity,
  body: Record<string, unknown>,
): Promise<DirectoryUser> {
  const input = validateNewUser(body);
  assertMayGrant(actor, input.agencyId, input.roles);
  if (!(await deps.directory.agency(input.agencyId)))
    throw new ValidationError({
      agencyId: { vi: 'không có trong danh sách cơ quan', en: 'is not an agency of the directory' },
    });
  const now = deps.clock.now().toISOString();
  const user: DirectoryUser = { ...input, disabled: false, createdAt: now, updatedAt: now };
  let stored = user;
  if (!(await deps.directory.createUser(user))) {
    const existing = await deps.directory.user(user.email);
    const same =
      existing &&
      existing.agencyId === user.agencyId &&
      existing.name === user.name &&
      [...existing.roles].sort().join() === [...user.roles].sort().join();
    // the same user again is a retry: it completes the steps after the record
    if (!existing || !same)
      throw new AlreadyExistsError({
        vi: `Đã có người dùng ${user.email}`,
        en: `${user.email} exists already`,
      });
    stored = existing;
  }
  if (stored.roles.includes('admin')) await deps.directory.addAdmin(stored.agencyId, stored.email);
  await deps.userPool.createUser({ email: stored.email, name: stored.name, agencyId: stored.agencyId });
  await deps.userPool.setGroups(stored.email, stored.roles);
  return stored;
}

/**
 * Changes a user's roles or disables (or enables) them. 422 naming the field when it would leave the agency with
 * no admin; 403 for a grant the actor may not make.
 */
export async function changeUser(
  deps: UserAdminDeps,
  actor: Identity,
  email: string,
  body: Record<string, unknown>,
): Promise<DirectoryUser> {
  const user = await deps.directory.user(emailKey(email));
  if (!user) throw new UserNotFoundError();
  const change = validateUserChange(body);
  const roles = change.roles ?? [...user.roles];
  const disabled = change.disabled ?? user.disabled;
  const touched = new Set<Role>([
    ...roles.filter((r) => !user.roles.includes(r)),
    ...user.roles.filter((r) => !roles.includes(r)),
  ]);
  // disabling a user counts as taking away every role they hold
  if (disabled && !user.disabled) for (const r of user.roles) touched.add(r);
  assertMayGrant(actor, user.agencyId, [...touched]);
  const wasAdmin = user.roles.includes('admin') && !user.disabled;
  const isAdmin = roles.includes('admin') && !disabled;
  if (wasAdmin && !isAdmin) {
    await loadAgency(deps.directory, user.agencyId);
    if (!(await deps.directory.removeAdmin(user.agencyId, user.email))) {
      const field = change.disabled ? 'disabled' : 'roles';
      throw new ValidationError({
        [field]: {
          vi: 'cơ quan phải còn ít nhất một quản trị viên (admin)',
          en: 'the agency must keep at least one admin',
        },
      });
    }
  }
  const updated =
    (await deps.directory.updateUser(user.email, {
      roles,
      disabled,
      updatedAt: deps.clock.now().toISOString(),
    })) ?? user;
  if (isAdmin) await deps.directory.addAdmin(user.agencyId, user.email);
  if (disabled) await deps.userPool.disableUser(user.email);
  else {
    if (user.disabled) await deps.userPool.enableUser(user.email);
    await deps.userPool.setGroups(user.email, roles);
  }
  return updated;
}
