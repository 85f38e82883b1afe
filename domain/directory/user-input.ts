/**
 * What a person types to add a user or change one, checked: an address, a name, known roles, an agency; a change of
 * roles or of the disabled flag. Apart from users.ts so that reading who signs in (every request) carries no zod.
 */
import * as z from 'zod/mini';
import { type Reason, ValidationError } from '#domain/errors.ts';
import { emailKey, type Identity, isRole, ROLES, type Role } from './users.ts';

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
