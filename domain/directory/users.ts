/**
 * The people who sign in: a user per email, with roles, an agency, and whether they are disabled. The directory's
 * user record decides every request (the token only proves the email). Who may grant what: an admin grants staff,
 * secretary, auditor or admin in its own agency; only a directory-admin grants directory-admin, or acts for another
 * agency; any other grant is refused (403).
 */
import * as z from 'zod/mini';
import { ForbiddenError, type Reason, ValidationError } from '#domain/errors.ts';

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

const roleList = () => z.array(z.string().check(z.trim())).check(z.minLength(1), z.maxLength(ROLES.length));

const newUserSchema = z.object({
  email: z.string().check(z.trim(), z.toLowerCase(), z.maxLength(254), z.email()),
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)),
  roles: roleList(),
  agencyId: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)),
});

function rolesReason(roles: readonly string[]): Reason | undefined {
  const unknown = roles.find((r) => !isRole(r));
  return unknown === undefined
    ? undefined
    : { vi: `không có vai trò "${unknown}"`, en: `has no role "${unknown}"` };
}

/** A form posts one role as a string and several as an array. */
function asRoles(value: unknown): unknown {
  return typeof value === 'string' ? [value] : value;
}

/** Checks a new user: an address, a name, one or more known roles, an agency id (the caller checks it exists). */
export function validateNewUser(input: Record<string, unknown>): Omit<Identity, 'roles'> & { roles: Role[] } {
  const parsed = z.safeParse(newUserSchema, { ...input, roles: asRoles(input.roles) });
  const fields: Record<string, Reason> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = String(issue.path[0] ?? 'input');
      fields[path] ??=
        issue.code === 'invalid_format'
          ? { vi: 'không phải địa chỉ email hợp lệ', en: 'is not a valid email address' }
          : { vi: 'bắt buộc nhập', en: 'is required' };
    }
    throw new ValidationError(fields);
  }
  const roles = rolesReason(parsed.data.roles);
  if (roles) throw new ValidationError({ roles });
  return {
    ...parsed.data,
    email: emailKey(parsed.data.email),
    roles: [...new Set(parsed.data.roles)] as Role[],
  };
}

/** Checks a change of roles or of the disabled flag: at least one of them, each of the right type. */
export function validateUserChange(input: Record<string, unknown>): { roles?: Role[]; disabled?: boolean } {
  const out: { roles?: Role[]; disabled?: boolean } = {};
  if (input.roles !== undefined) {
    const roles = asRoles(input.roles);
    if (!Array.isArray(roles) || roles.length === 0 || roles.some((r) => typeof r !== 'string'))
      throw new ValidationError({ roles: { vi: 'cần ít nhất một vai trò', en: 'needs at least one role' } });
    const unknown = rolesReason(roles as string[]);
    if (unknown) throw new ValidationError({ roles: unknown });
    out.roles = [...new Set(roles as Role[])];
  }
  if (input.disabled !== undefined) {
    const d = input.disabled;
    if (d === true || d === 'true' || d === 'on') out.disabled = true;
    else if (d === false || d === 'false' || d === '') out.disabled = false;
    else
      throw new ValidationError({
        disabled: { vi: 'chỉ nhận true hoặc false', en: 'must be true or false' },
      });
  }
  if (out.roles === undefined && out.disabled === undefined)
    throw new ValidationError({ roles: { vi: 'không có gì để thay đổi', en: 'nothing to change' } });
  return out;
}
