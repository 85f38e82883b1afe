/**
 * The organisation's agencies, provinces and working calendar (the HTTP contract's "The organisation"): read by
 * anyone signed in; changed by a directory-admin, or an agency's own admin for its entry and chain. A new version
 * takes `If-Match` with the agency's revision (its ETag): 428 without, 409 when stale. Pages for the admins, JSON
 * on request; every form works without JavaScript.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { appClock } from '#adapters/clock.ts';
import { directory } from '#adapters/dynamodb-directory.ts';
import { readPost } from '#commons/csrf.ts';
import { fieldMessages, json, type Result, redirect } from '#commons/http.ts';
import type { Identity } from '#commons/identity.ts';
import { type HttpRequest, http } from '#commons/routes.ts';
import type { AgencyVersion } from '#domain/agencies.ts';
import { isCalendarDate, vietnamDate } from '#domain/clock.ts';
import {
  createAgency,
  loadAgency,
  putAgencyVersion,
  putCalendarYear,
  recordSuccession,
} from '#domain/directory/agency-admin.ts';
import { shippedYear } from '#domain/directory/calendar.ts';
import { provincesOn } from '#domain/directory/provinces.ts';
import { type AgencyRecord, currentVersion, versionOn } from '#domain/directory/versions.ts';
import { ForbiddenError, ValidationError } from '#domain/errors.ts';
import { agencyView, calendarPage, directoryHomePage } from '#templates/pages/directory.ts';
import { t } from '#templates/pages/layout.ts';

const ADMINS = ['admin', 'directory-admin'] as const;
const DIRECTORY_ADMIN = ['directory-admin'] as const;

const today = () => vietnamDate(appClock.now());
const deps = () => ({ directory: directory(), clock: appClock });

/** `?asOf=` (default today); 422 naming it when it is not a real date. */
function asOf(event: APIGatewayProxyEventV2): string {
  const value = event.queryStringParameters?.asOf?.trim();
  if (!value) return today();
  if (!isCalendarDate(value))
    throw new ValidationError({
      asOf: { vi: 'một ngày có thật, dạng YYYY-MM-DD', en: 'a real date, YYYY-MM-DD' },
    });
  return value;
}

function yearOf(text: string | undefined): number {
  const year = Number(text ?? new Date(appClock.now()).getUTCFullYear());
  if (!Number.isInteger(year) || year < 2000 || year > 2100)
    throw new ValidationError({ year: { vi: 'từ 2000 đến 2100', en: 'from 2000 to 2100' } });
  return year;
}

const etag = (record: Pick<AgencyRecord, 'revision'>) => ({ etag: `"${record.revision}"` });

/** An agency as GET answers it: its current version, the history, and its revision. */
function agencyBody(record: AgencyRecord) {
  const current = currentVersion(record.versions, today()) as AgencyVersion;
  return {
    ...current,
    revision: record.revision,
    predecessors: record.predecessors,
    versions: record.versions,
  };
}

function mayAdminister(user: Identity, id: string): boolean {
  return user.roles.includes('directory-admin') || (user.roles.includes('admin') && user.agencyId === id);
}

/** A new version, from JSON (If-Match) or the agency page's form (the revision it was shown with). */
async function newVersion(req: HttpRequest<'PUT /directory/agencies/{id}', Identity>, fromForm: boolean) {
  const { id } = req.params;
  const body = readPost(req.event);
  const { revision, ...fields } = body;
  const ifMatch = fromForm
    ? typeof revision === 'string'
      ? revision
      : undefined
    : req.event.headers['if-match'];
  try {
    const { record, version } = await putAgencyVersion(deps(), req.user, id, fields, ifMatch);
    if (!fromForm && req.wantsJson)
      return json(200, { id, version: version.version, revision: record.revision }, etag(record));
    return redirect(`/directory/agencies/${encodeURIComponent(id)}?saved=${record.revision}`);
  } catch (error) {
    if (!(error instanceof ValidationError) || req.wantsJson || !fromForm) throw error;
    const record = await loadAgency(directory(), id);
    return req.page(
      agencyView(
        req.viewer,
        req.user,
        record,
        today(),
        { form: fields },
        { form: fieldMessages(error, req.lang) },
      ),
      422,
    );
  }
}

async function succession(
  req: HttpRequest<'POST /directory/agencies/{id}/successor', Identity>,
): Promise<Result> {
  const { id } = req.params;
  const body = readPost(req.event);
  try {
    const record = await recordSuccession(deps(), req.user, id, body);
    if (req.wantsJson) return json(200, agencyBody(record), etag(record));
    return redirect(`/directory/agencies/${encodeURIComponent(id)}`);
  } catch (error) {
    if (!(error instanceof ValidationError) || req.wantsJson) throw error;
    const record = await loadAgency(directory(), id);
    return req.page(
      agencyView(
        req.viewer,
        req.user,
        record,
        today(),
        { succession: body },
        { succession: fieldMessages(error, req.lang) },
      ),
      422,
    );
  }
}

async function calendarChange(req: HttpRequest<'PUT /directory/calendar/{year}', Identity>): Promise<Result> {
  const year = yearOf(req.params.year);
  const body = readPost(req.event);
  try {
    const stored = await putCalendarYear(deps(), req.user, year, body);
    if (req.wantsJson) return json(200, stored);
    return redirect(`/directory/calendar?year=${year}`);
  } catch (error) {
    if (!(error instanceof ValidationError) || req.wantsJson) throw error;
    const current = (await directory().calendarYear(year)) ?? shippedYear(year);
    return req.page(
      calendarPage(req.viewer, {
        year,
        calendar: current,
        canEdit: true,
        form: { lang: req.lang, values: body, errors: fieldMessages(error, req.lang) },
      }),
      422,
    );
  }
}

const indexed = () => ({ index: true });
const theAgency = (event: APIGatewayProxyEventV2) => ({ agencies: [event.pathParameters?.id ?? ''] });

export const handler = http('directory', {
  'GET /directory': {
    roles: ADMINS,
    needs: indexed,
    handle: async (req) => {
      const day = today();
      const agencies = (await req.directory.agencies())
        .map((e) => currentVersion(e.versions, day))
        .filter((v): v is AgencyVersion => v !== undefined)
        .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
      return req.answer(200, agencies, () =>
        directoryHomePage(req.viewer, {
          agencies,
          today: day,
          isDirectoryAdmin: req.user.roles.includes('directory-admin'),
        }),
      );
    },
  },

  'GET /directory/agencies': {
    needs: indexed,
    handle: async (req) => {
      const date = asOf(req.event);
      const valid = (await req.directory.agencies())
        .map((e) => versionOn(e.versions, date))
        .filter((v): v is AgencyVersion => v !== undefined);
      if (!req.wantsJson) return redirect('/directory');
      return json(200, valid);
    },
  },

  'POST /directory/agencies': {
    roles: DIRECTORY_ADMIN,
    handle: async (req) => {
      const record = await createAgency(deps(), req.user, readPost(req.event));
      if (!req.wantsJson) return redirect(`/directory/agencies/${encodeURIComponent(record.id)}`);
      return json(201, { id: record.id, version: 1, revision: record.revision }, etag(record));
    },
  },

  'GET /directory/agencies/{id}': {
    needs: theAgency,
    handle: async (req) => {
      const record = await loadAgency(req.directory, req.params.id);
      if (req.wantsJson) return json(200, agencyBody(record), etag(record));
      if (!mayAdminister(req.user, record.id)) throw new ForbiddenError();
      const saved = req.event.queryStringParameters?.saved;
      return req.page(
        agencyView(
          req.viewer,
          req.user,
          record,
          today(),
          {},
          {},
          saved ? t(req.lang, `Đã lưu (phiên bản dữ liệu ${saved})`, `Saved (revision ${saved})`) : undefined,
        ),
      );
    },
  },

  'PUT /directory/agencies/{id}': { roles: ADMINS, handle: (req) => newVersion(req, false) },
  'POST /directory/agencies/{id}': {
    roles: ADMINS,
    handle: (req) =>
      newVersion(req as unknown as HttpRequest<'PUT /directory/agencies/{id}', Identity>, true),
  },

  'POST /directory/agencies/{id}/successor': { roles: DIRECTORY_ADMIN, handle: succession },

  'GET /directory/provinces': async (req) => {
    const provinces = provincesOn(asOf(req.event)).map(({ id: _id, successorId: _s, ...p }) => p);
    return json(200, provinces);
  },

  'GET /directory/calendar': {
    needs: (event) => ({
      calendar: [Number(event.queryStringParameters?.year ?? appClock.now().getUTCFullYear())],
    }),
    handle: async (req) => {
      const year = yearOf(req.event.queryStringParameters?.year);
      const stored = await req.directory.calendarYear(year);
      const calendar = stored ?? { year, holidays: [], workdays: [] };
      return req.answer(200, calendar, () =>
        calendarPage(req.viewer, {
          year,
          calendar: stored,
          canEdit: req.user.roles.includes('directory-admin'),
        }),
      );
    },
  },

  'PUT /directory/calendar/{year}': { roles: DIRECTORY_ADMIN, handle: calendarChange },
  'POST /directory/calendar/{year}': {
    roles: DIRECTORY_ADMIN,
    handle: (req) =>
      calendarChange(req as unknown as HttpRequest<'PUT /directory/calendar/{year}', Identity>),
  },
});
