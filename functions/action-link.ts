/**
 * GET /actions/{token} (the owner's action item, and the button; changes nothing) and POST /actions/{token} (marks
 * it done with the owner's note, once: of two posts one answers 200, the other 409). The link is the credential: no
 * sign-in, no CSRF token.
 */
import { appClock } from '#adapters/clock.ts';
import { actionStore } from '#adapters/dynamodb-action-store.ts';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { linkKeys } from '#adapters/link-keys.ts';
import { submitForm } from '#commons/forms.ts';
import { json, parseBody } from '#commons/http.ts';
import { logger } from '#commons/logger.ts';
import { http } from '#commons/routes.ts';
import { vietnamDate } from '#domain/clock.ts';
import { ActionStateError } from '#domain/errors.ts';
import { assertStatus, markDone, resolveActionLink } from '#domain/follow-up/answers.ts';
import { type ActionItem, actionView } from '#domain/follow-up/items.ts';
import { loadVisit } from '#domain/lifecycle.ts';
import { actionDonePage, actionLinkPage } from '#templates/pages/actions.ts';

/** The item the link stands for, with its visit; its visit keys the logs from here on. */
async function linked(token: string) {
  const item = await resolveActionLink({ actions: actionStore(), links: linkKeys() }, token);
  logger.appendKeys({ visitId: item.visitId });
  return { item, visit: await loadVisit(visitStore(), item.visitId), today: vietnamDate(appClock.now()) };
}

const deps = () => ({ actions: actionStore(), store: visitStore(), clock: appClock });
const owner = (item: ActionItem) => ({
  email: item.ownerEmail ?? '',
  name: item.ownerName ?? item.owner,
  via: 'link' as const,
});

export const handler = http('actionLink', {
  'GET /actions/{token}': async (req) => {
    const link = await linked(req.params.token);
    if (req.wantsJson) {
      assertStatus(link.item, 'open');
      return json(200, actionView(link.item, appClock));
    }
    if (link.item.status === 'done')
      return req.page(actionDonePage(req.viewer, { ...link, justNow: false }), 409);
    return req.page(
      actionLinkPage(req.viewer, {
        ...link,
        token: req.params.token,
        state: { lang: req.lang, values: {}, errors: {} },
      }),
    );
  },

  'POST /actions/{token}': async (req) => {
    if (req.wantsJson) {
      const { item } = await linked(req.params.token);
      const done = await markDone(deps(), item, parseBody(req.event), owner(item));
      logger.info('action done through its link', { actionId: item.id });
      return json(200, actionView(done, appClock));
    }
    const link = await linked(req.params.token);
    const render = (values: Record<string, unknown>, errors: Record<string, string>) =>
      actionLinkPage(req.viewer, {
        ...link,
        token: req.params.token,
        state: { lang: req.lang, values, errors },
      });
    try {
      const outcome = await submitForm(req.event, { rows: {}, csrf: false, render }, (input) =>
        markDone(deps(), link.item, input, owner(link.item)),
      );
      if ('page' in outcome) return outcome.page;
      logger.info('action done through its link', { actionId: link.item.id });
      return req.page(actionDonePage(req.viewer, { ...link, item: outcome.done, justNow: true }));
    } catch (e) {
      if (!(e instanceof ActionStateError)) throw e;
      const fresh = (await actionStore().getAction(link.item.visitId, link.item.id)) ?? link.item;
      return req.page(actionDonePage(req.viewer, { ...link, item: fresh, justNow: false }), 409);
    }
  },
});
