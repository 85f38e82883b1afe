/**
 * The auditors' routes: GET /archive (search), /archive/{visitId} (record and event trail),
 * /archive/{visitId}/download (logged, then 302 to a URL valid at most 5 minutes) and /archive/{visitId}/verify.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { visitStore } from '#adapters/dynamodb-visit-store.ts';
import { archiveStore } from '#adapters/s3-document-store.ts';
import { httpErrors, json, type Result, redirect } from '#commons/http.ts';
import { type IdentityContext, requireUser } from '#commons/identity.ts';
import { logger } from '#commons/logger.ts';
import { pathParam } from '#commons/routes.ts';
import { verifyArchive } from '#domain/archive.ts';
import { DomainError, ValidationError } from '#domain/errors.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function notArchived(): DomainError {
  return new DomainError('NOT_ARCHIVED', 404, { vi: 'Không có hồ sơ lưu trữ', en: 'No archived record' });
}

export const handler = middy<APIGatewayProxyEventV2, Result, Error, IdentityContext>()
  .use(httpErrors({ report: (error) => logger.error('archive failed', { error: error as Error }) }))
  .use(requireUser({ roles: ['auditor'] }))
  .handler(async (event, context) => {
    const store = visitStore();
    if (event.routeKey === 'GET /archive') {
      const q = event.queryStringParameters ?? {};
      const fields: Record<string, { vi: string; en: string }> = {};
      for (const k of ['from', 'to'] as const)
        if (q[k] && !DATE.test(q[k] ?? ''))
          fields[k] = {
            vi: `${k === 'from' ? 'Từ ngày' : 'Đến ngày'}: theo dạng YYYY-MM-DD`,
            en: `${k}: as YYYY-MM-DD`,
          };
      if (Object.keys(fields).length) throw new ValidationError(fields);
      const page = await store.queryArchive({
        ...(q.from ? { from: q.from } : {}),
        ...(q.to ? { to: q.to } : {}),
        ...(q.province ? { province: q.province } : {}),
        ...(q.agencyId ? { agencyId: q.agencyId } : {}),
        ...(q.cursor ? { cursor: q.cursor } : {}),
        limit: 20,
      });
      return json(200, {
        items: page.items.map((e) => ({
          visitId: e.visitId,
          title: e.title,
          hostAgency: e.hostAgency,
          visitingAgency: e.visitingAgency,
          date: e.date,
          archivedAt: e.archivedAt,
          sha256: e.sha256,
        })),
        ...(page.cursor ? { cursor: page.cursor } : {}),
      });
    }
    const visitId = pathParam(event, 'visitId');
    const entry = await store.getArchiveEntry(visitId);
    if (!entry) throw notArchived();
    switch (event.routeKey) {
      case 'GET /archive/{visitId}/download': {
        const minutes = entry.documents?.find((d) => d.kind === 'minutes');
        if (!minutes) throw notArchived();
        await store.appendEvent(visitId, {
          type: 'DOWNLOADED',
          actor: context.user.email,
          data: { key: minutes.key },
        });
        const filename = `BienBan-${(minutes.number ?? '').replace('/', '-')}-${entry.date}.docx`;
        return redirect(
          await archiveStore().downloadUrl(minutes.key, { filename, expiresSeconds: 300 }),
          302,
        );
      }
      case 'GET /archive/{visitId}/verify':
        return json(200, await verifyArchive({ store, archive: archiveStore() }, visitId));
      default: {
        const events = await store.listEvents(visitId);
        return json(200, {
          ...entry,
          events: events.map((e) => ({ seq: e.seq, at: e.at, type: e.type, actor: e.actor, hash: e.hash })),
        });
      }
    }
  });
