/**
 * The users of an agency (its admins, any directory-admin): list, add (the directory's record, then the user pool's
 * user with its agency and groups, invited by mail), change roles, disable or enable (the directory first: it holds
 * from the very next request; then the pool, which ends the user's sessions). The only function that calls the
 * user pool's admin APIs. 403 for a grant the caller may not make, 422 for removing an agency's last admin.
 */
import { appClock } from '#adapters/clock.ts';
import { userPool } from '#adapters/cognito-user-pool.ts';
import { directory } from '#adapters/dynamodb-directory.ts';
import { readPost } from '#commons/csrf.ts';
import { fieldMessages, json, type Result, redirect } from '#commons/http.ts';
import type { Identity } from '#commons/identity.ts';
import { type HttpRequest, http } from '#commons/routes.ts';
import { vietnamDate } from '#domain/clock.ts';
import { loadAgency } from '#domain/directory/agency-admin.ts';
import { addUser, changeUser, listUsers } from '#domain/directory/user-admin.ts';
import { type DirectoryUser, emailKey, ROLES, type Role } from '#domain/directory/users.ts';
import { currentVersion } from '#domain/directory/versions.ts';
import { MalformedRequestError, ValidationError } from '#domain/errors.ts';
import { usersPage } from '#templates/pages/directory.ts';

const ADMINS = ['admin', 'directory-admin'] as const;

const deps = () => ({ directory: directory(), userPool: userPool(), clock: appClock });

/** What a user looks like in the contract. */
function userBody(u: DirectoryUser) {
  return {
    email: u.email,
    name: u.name,
    roles: u.roles,
    agencyId: u.agencyId,
    disabled: u.disabled,
    ...(u.bouncedAt ? { bouncedAt: u.bouncedAt } : {}),
  };
}

/** The roles a user may grant: a directory-admin all of them, an admin all but directory-admin. */
function grantable(user: Identity): Role[] {
  return ROLES.filter((r) => r !== 'directory-admin' || user.roles.includes('directory-admin'));
}

/** The users page of an agency, with the add form's values and errors. */
async function page(
  req: HttpRequest<string, Identity>,
  agencyId: string,
  form: { values: Record<string, unknown>; errors: Record<string, string> } = { values: {}, errors: {} },
  notice?: string,
): Promise<string> {
  const record = await loadAgency(directory(), agencyId);
  const current = currentVersion(record.versions, vietnamDate(appClock.now()));
  return usersPage(req.viewer, {
    agencyId,
    agencyName: current ? (req.lang === 'vi' ? current.name : current.nameEn) : agencyId,
    users: await listUsers(deps(), req.user, agencyId),
    form: { lang: req.lang, ...form },
    grantable: grantable(req.user),
    ...(notice ? { notice } : {}),
  });
}

function agencyOf(req: HttpRequest<string, Identity>): string {
  const id = req.event.queryStringParameters?.agencyId?.trim() || req.user.agencyId;
  if (!id) throw new MalformedRequestError();
  return id;
}

async function change(
  req: HttpRequest<'PATCH /directory/users/{email}', Identity>,
  fromForm: boolean,
): Promise<Result> {
  const email = emailKey(decodeURIComponent(req.params.email));
  const body = readPost(req.event);
  // a form's roles boxes: none ticked posts no roles at all, which is a change to none
  const input = fromForm && body.disabled === undefined && body.roles === undefined ? { roles: [] } : body;
  try {
    const user = await changeUser(deps(), req.user, email, input);
    if (req.wantsJson) return json(200, userBody(user));
    return redirect(`/directory/users?agencyId=${encodeURIComponent(user.agencyId)}`);
  } catch (error) {
    if (!(error instanceof ValidationError) || req.wantsJson) throw error;
    const target = await directory().user(email);
    const messages = Object.values(fieldMessages(error, req.lang));
    return req.page(
      await page(req, target?.agencyId ?? req.user.agencyId, undefined, messages.join(' ')),
      422,
    );
  }
}

export const handler = http('userAdmin', {
  'GET /directory/users': {
    roles: ADMINS,
    handle: async (req) => {
      const agencyId = agencyOf(req);
      if (req.wantsJson) return json(200, (await listUsers(deps(), req.user, agencyId)).map(userBody));
      return req.page(await page(req, agencyId));
    },
  },

  'POST /directory/users': {
    roles: ADMINS,
    handle: async (req) => {
      const body = readPost(req.event);
      try {
        const user = await addUser(deps(), req.user, body);
        if (req.wantsJson) return json(201, userBody(user));
        return redirect(`/directory/users?agencyId=${encodeURIComponent(user.agencyId)}`);
      } catch (error) {
        if (!(error instanceof ValidationError) || req.wantsJson) throw error;
        const agencyId =
          typeof body.agencyId === 'string' && body.agencyId ? body.agencyId : req.user.agencyId;
        return req.page(
          await page(req, agencyId, { values: body, errors: fieldMessages(error, req.lang) }),
          422,
        );
      }
    },
  },

  'PATCH /directory/users/{email}': { roles: ADMINS, handle: (req) => change(req, false) },
  'POST /directory/users/{email}': {
    roles: ADMINS,
    handle: (req) => change(req as unknown as HttpRequest<'PATCH /directory/users/{email}', Identity>, true),
  },
});
