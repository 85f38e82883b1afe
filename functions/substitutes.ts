/**
 * Out-of-office substitutes of an agency (its admins, any directory-admin): set one — the absent person's open
 * agenda approvals move to the substitute with a new link each, the old links answering 410 — or end one early.
 */
import { appClock } from '#adapters/clock.ts';
import { directory } from '#adapters/dynamodb-directory.ts';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { requirePublicUrl } from '#adapters/env.ts';
import { linkKeys } from '#adapters/link-keys.ts';
import { documentStore } from '#adapters/s3-document-store.ts';
import { mailer } from '#adapters/ses-mailer.ts';
import { readPost } from '#commons/csrf.ts';
import { fieldMessages, json, redirect } from '#commons/http.ts';
import { http } from '#commons/routes.ts';
import { endSubstitute, setSubstitute } from '#domain/actions/set-substitute.ts';
import { vietnamDate } from '#domain/clock.ts';
import { loadAgency } from '#domain/directory/agency-admin.ts';
import { ValidationError } from '#domain/errors.ts';
import { noticeComposer } from '#templates/mail.ts';
import { agencyView } from '#templates/pages/directory.ts';

const ADMINS = ['admin', 'directory-admin'] as const;

/** Read once at start-up: a missing variable fails the first invocation with its name. */
const publicUrl = requirePublicUrl();
const compose = noticeComposer(publicUrl);

const deps = () => ({
  store: visitStore(),
  directory: directory(),
  clock: appClock,
  mailer: mailer(),
  compose,
  documents: documentStore(),
  links: linkKeys(),
  publicUrl,
});

const agencyPage = (id: string) => `/directory/agencies/${encodeURIComponent(id)}`;

export const handler = http('substitutes', {
  'POST /directory/agencies/{id}/substitutes': {
    roles: ADMINS,
    handle: async (req) => {
      const { id } = req.params;
      try {
        const { substitute, moved } = await setSubstitute(deps(), req.user, id, readPost(req.event));
        if (req.wantsJson) return json(201, { id: substitute.id, moved });
        return redirect(agencyPage(id));
      } catch (error) {
        if (!(error instanceof ValidationError) || req.wantsJson) throw error;
        const record = await loadAgency(directory(), id);
        const body = readPost(req.event);
        return req.page(
          agencyView(
            req.viewer,
            req.user,
            record,
            vietnamDate(appClock.now()),
            { sub: body },
            {
              sub: fieldMessages(error, req.lang),
            },
          ),
          422,
        );
      }
    },
  },

  'DELETE /directory/agencies/{id}/substitutes/{sid}': {
    roles: ADMINS,
    handle: async (req) => {
      readPost(req.event);
      await endSubstitute(deps(), req.user, req.params.id, req.params.sid);
      return { statusCode: 204, body: '' };
    },
  },

  'POST /directory/agencies/{id}/substitutes/{sid}/end': {
    roles: ADMINS,
    handle: async (req) => {
      readPost(req.event);
      await endSubstitute(deps(), req.user, req.params.id, req.params.sid);
      if (req.wantsJson) return { statusCode: 204, body: '' };
      return redirect(agencyPage(req.params.id));
    },
  },
});
