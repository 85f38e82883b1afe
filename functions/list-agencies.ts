/** GET /agencies: the configured agencies and their approvers, for the forms. */
import { json } from '#commons/http.ts';
import { http } from '#commons/routes.ts';
import { listAgencies } from '#domain/agencies.ts';

export const handler = http('listAgencies', {
  'GET /agencies': async () =>
    json(
      200,
      listAgencies().map((a) => ({
        id: a.id,
        name: a.name,
        province: a.province,
        code: a.code,
        approvers: a.approvalChain.map((s) => ({
          name: s.approver.name,
          position: s.approver.position,
          email: s.approver.email,
        })),
      })),
    ),
});
