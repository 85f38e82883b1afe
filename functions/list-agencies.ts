/** GET /agencies: the configured agencies and their approvers, for the forms. */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { httpErrors, json, type Result } from '#commons/http.ts';
import { requireUser } from '#commons/identity.ts';
import { listAgencies } from '#domain/agencies.ts';

export const handler = middy<APIGatewayProxyEventV2, Result>()
  .use(httpErrors())
  .use(requireUser())
  .handler(async () =>
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
  );
