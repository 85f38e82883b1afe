/** GET /agencies: the agencies in force today, with their approvers, for the forms (from the directory's index). */
import { appClock } from '#adapters/clock.ts';
import { json } from '#commons/http.ts';
import { http } from '#commons/routes.ts';
import { vietnamDate } from '#domain/clock.ts';
import { inForceOn } from '#domain/directory/versions.ts';

export const handler = http('listAgencies', {
  'GET /agencies': {
    needs: () => ({ index: true }),
    handle: async ({ directory }) => {
      const inForce = inForceOn(await directory.agencies(), vietnamDate(appClock.now()));
      return json(
        200,
        [...inForce.values()].map((a) => ({
          id: a.id,
          name: a.name,
          kind: a.kind,
          province: a.province,
          code: a.code,
          approvers: a.approvalChain.map((s) => ({
            name: s.approver.name,
            position: s.approver.position,
            email: s.approver.email,
          })),
        })),
      );
    },
  },
});
