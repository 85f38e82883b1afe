/**
 * The people who sign in: a user per email, with roles, an agency, and whether they are disabled. The directory's
 * user record decides every request (the token only proves the email). Who may grant what: an admin grants staff,
 * secretary, auditor or admin in its own agency; only a directory-admin grants directory-admin, or acts for another
 * agency; any other grant is refused (403).
 */
import { ForbiddenError } from '#domain/errors.ts';

export const ROLES = ['staff', 'secretary', 'auditor', 'admin', 'directory-admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** The signed-in person acting, as the directory knows them. */
export interface Identity {
  email: string;
  name: string;
  roles: readonly Role[];
  agencyId: string;
}

export interface DirectoryUser extends Identity {
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
  /** when mail to the address last bounced (the address needs fixing) */
  bouncedAt?: string;
}

/** An address as the directory keys it: trimmed, lower case, NFC. */
export function emailKey(email: string): string {
  return email.normalize('NFC').trim().toLowerCase();
}

/** Whether `actor` may act on the users of `agencyId` at all (list, add, change). */
export function mayManageUsers(actor: Pick<Identity, 'roles' | 'agencyId'>, agencyId: string): boolean {
  if (actor.roles.includes('directory-admin')) return true;
  return actor.roles.includes('admin') && actor.agencyId === agencyId;
}

/** Throws ForbiddenError (403) unless `actor` may give (or take away) each of `roles` in `agencyId`. */
export function assertMayGrant(
  actor: Pick<Identity, 'roles' | 'agencyId'>,
  agencyId: string,
  roles: readonly Role[],
): void {
  if (!mayManageUsers(actor, agencyId)) throw new ForbiddenError();
  if (roles.includes('directory-admin') && !actor.roles.includes('directory-admin'))
    throw new ForbiddenError();
}
