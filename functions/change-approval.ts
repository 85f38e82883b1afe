/**
 * One open approval of a visit, changed: GET/POST /visits/{id}/approvals/{approvalId}/reassign (an admin of the
 * host agency hands an agenda approval to another person of the host agency: a new link, the old one 410) and
 * POST /visits/{id}/approvals/{approvalId}/resend (the requester or a host admin has the same link mailed again;
 * 429 with Retry-After within the resend window). Each once per idempotency key.
 */
import { appClock } from '#adapters/clock.ts';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { requireEnv } from '#adapters/env.ts';
import { linkKeys } from '#adapters/link-keys.ts';
import { documentStore } from '#adapters/s3-document-store.ts';
import { mailer } from '#adapters/ses-mailer.ts';
import { CHANGERS, changeInput, onceForKey, visitToChange } from '#commons/changes.ts';
import { readPost } from '#commons/csrf.ts';
import { submitForm } from '#commons/forms.ts';
import { json, redirect } from '#commons/http.ts';
import { logger } from '#commons/logger.ts';
import { http } from '#commons/routes.ts';
import { reassignApproval } from '#domain/actions/reassign-approval.ts';
import { resendLink } from '#domain/actions/resend-link.ts';
import { assertChangeable, assertMayChange } from '#domain/actions/visit-changes.ts';
import { type Person, peopleOf } from '#domain/agencies.ts';
import type { Identity } from '#domain/directory/users.ts';
import { LinkNotFoundError } from '#domain/errors.ts';
import { agenciesOf } from '#domain/lifecycle.ts';
import type { DirectoryReader, RequestResult } from '#domain/ports.ts';
import type { Visit } from '#domain/visit.ts';
import { ENV } from '#functions/manifest.ts';
import { composeNotice } from '#templates/mail.ts';
import type { Viewer } from '#templates/pages/layout.ts';
import { reassignPage } from '#templates/pages/visit-changes.ts';

/** Read once at start-up: a missing variable fails the first invocation with its name. */
const publicUrl = requireEnv(ENV.publicUrl).replace(/\/$/, '');

const deps = (directory: DirectoryReader) => ({
  store: visitStore(),
  directory,
  clock: appClock,
  mailer: mailer(),
  compose: composeNotice,
  documents: documentStore(),
  links: linkKeys(),
  publicUrl,
});

/** The people of the host agency an approval may go to: its chain, its secretary, its enabled users. */
async function hostPeople(visit: Visit, directory: DirectoryReader): Promise<Person[]> {
  const { host } = await agenciesOf({ directory }, visit, appClock.now());
  const people = new Map<string, Person>();
  for (const p of peopleOf(host)) people.set(p.email.toLowerCase(), p);
  for (const u of await directory.users(host.id))
    if (!u.disabled && !people.has(u.email))
      people.set(u.email, { name: u.name, position: '', email: u.email });
  return [...people.values()];
}

/** The reassignment form of an open agenda approval. */
async function formOf(viewer: Viewer, visit: Visit, approvalId: string, directory: DirectoryReader) {
  const approval = await visitStore().getApproval(visit.id, approvalId);
  if (!approval) throw new LinkNotFoundError();
  const people = await hostPeople(visit, directory);
  return (values: Record<string, unknown>, errors: Record<string, string>) =>
    reassignPage(viewer, visit, approval, people, { lang: viewer.lang, values, errors });
}

function reassign(
  req: { event: Parameters<typeof onceForKey>[0]; directory: DirectoryReader; user: Identity },
  visitId: string,
  approvalId: string,
  body: Record<string, unknown>,
): Promise<RequestResult> {
  const keyed = { visitId, actor: req.user.email, change: `reassign ${approvalId}` };
  return onceForKey(req.event, body, keyed, async () => {
    const moved = await reassignApproval(
      deps(req.directory),
      visitId,
      approvalId,
      changeInput(body),
      req.user,
    );
    return {
      statusCode: 200,
      body: {
        visitId,
        approvalId,
        reassignedTo: { approvalId: moved.id, name: moved.person.name, email: moved.person.email },
      },
    };
  });
}

export const handler = http('changeApproval', {
  'GET /visits/{id}/approvals/{approvalId}/reassign': {
    roles: CHANGERS,
    handle: async (req) => {
      const visit = await visitToChange(req.params.id, req.user);
      assertMayChange(visit, req.user, 'reassign');
      assertChangeable(visit, appClock.now());
      const render = await formOf(req.viewer, visit, req.params.approvalId, req.directory);
      const people = await hostPeople(visit, req.directory);
      return req.answer(
        200,
        {
          visitId: visit.id,
          approvalId: req.params.approvalId,
          people: people.map(({ name, email }) => ({ name, email })),
        },
        () => render({}, {}),
      );
    },
  },

  'POST /visits/{id}/approvals/{approvalId}/reassign': {
    roles: CHANGERS,
    handle: async (req) => {
      const visit = await visitToChange(req.params.id, req.user);
      const { approvalId } = req.params;
      if (req.wantsJson) {
        const result = await reassign(req, visit.id, approvalId, readPost(req.event));
        logger.info('approval reassigned');
        return json(result.statusCode, result.body);
      }
      const render = await formOf(req.viewer, visit, approvalId, req.directory);
      const outcome = await submitForm(req.event, { rows: {}, render }, (input) =>
        reassign(req, visit.id, approvalId, input),
      );
      if ('page' in outcome) return outcome.page;
      logger.info('approval reassigned');
      return redirect(`/visits/${encodeURIComponent(visit.id)}`);
    },
  },

  'POST /visits/{id}/approvals/{approvalId}/resend': {
    roles: CHANGERS,
    handle: async (req) => {
      const visit = await visitToChange(req.params.id, req.user);
      const { approvalId } = req.params;
      const body = readPost(req.event);
      const keyed = { visitId: visit.id, actor: req.user.email, change: `resend ${approvalId}` };
      const result = await onceForKey(req.event, body, keyed, async () => {
        const sent = await resendLink(deps(req.directory), visit.id, approvalId, req.user);
        return {
          statusCode: 202,
          body: { visitId: visit.id, approvalId, to: sent.person.name, mailedAt: sent.mailedAt },
        };
      });
      logger.info('link sent again');
      if (req.wantsJson) return json(result.statusCode, result.body);
      return redirect(`/visits/${encodeURIComponent(visit.id)}`);
    },
  },
});
