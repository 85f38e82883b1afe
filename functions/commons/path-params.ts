/**
 * The shape of every path parameter, checked by the HTTP wrapper before a route reads it: a value of any other
 * shape names nothing that exists, so it answers that route's 404 at once and never becomes a key (DynamoDB refuses
 * a key over 2,048 bytes with a 500-worthy ValidationException). A parameter is known by the first segment of its
 * route and its name (`visits.id`, `archive.visitId`), so one name can mean different ids under different
 * prefixes; a parameter not listed here gets the generic bound.
 */
import {
  ActionNotFoundError,
  DirectoryNotFoundError,
  DocumentNotFoundError,
  DomainError,
  LinkNotFoundError,
  NotArchivedError,
  SubstituteNotFoundError,
  UserNotFoundError,
  VisitNotFoundError,
} from '#domain/errors.ts';
import { ACTION_ID, AGENCY_ID, APPROVAL_ID, DOCUMENT_ID, SUBSTITUTE_ID, VISIT_ID } from '#domain/ids.ts';
import { LINK_TOKEN } from '#domain/links.ts';

export interface ParamShape {
  shape: RegExp;
  /** what a value of another shape answers */
  missing: () => DomainError;
}

const notFound = () => new DomainError('NOT_FOUND', 404, { vi: 'Không tìm thấy', en: 'Not found' });

/** Any parameter not listed: printable, no separators, short enough for any key. */
export const GENERIC_PARAM: ParamShape = { shape: /^[^\s/\\\p{Cc}]{1,200}$/u, missing: notFound };

const visit: ParamShape = { shape: VISIT_ID, missing: () => new VisitNotFoundError() };
const link: ParamShape = { shape: LINK_TOKEN, missing: () => new LinkNotFoundError() };
const archived: ParamShape = { shape: VISIT_ID, missing: () => new NotArchivedError() };

/**
 * A user's address as a path carries it: the ASCII an address may hold, `@` and the like possibly percent-escaped
 * (only ASCII escapes, so decoding it cannot fail), no longer than 254 characters escaped three to one.
 */
const EMAIL_IN_PATH = /^(?:[A-Za-z0-9._+'@-]|%[0-7][0-9A-Fa-f]){3,762}$/;

export const PATH_PARAMS: Readonly<Record<string, ParamShape>> = {
  'visits.id': visit,
  'visits.docId': { shape: DOCUMENT_ID, missing: () => new DocumentNotFoundError() },
  'visits.approvalId': { shape: APPROVAL_ID, missing: notFound },
  'visits.token': link,
  'visits.actionId': { shape: ACTION_ID, missing: () => new ActionNotFoundError() },
  'actions.token': { shape: LINK_TOKEN, missing: () => new LinkNotFoundError() },
  'approve.token': link,
  'archive.visitId': archived,
  'archive.docId': { shape: DOCUMENT_ID, missing: () => new NotArchivedError() },
  'static.file': { shape: /^[a-z0-9][a-z0-9.-]{0,63}$/, missing: notFound },
  'directory.id': { shape: AGENCY_ID, missing: () => new DirectoryNotFoundError() },
  'directory.sid': {
    shape: SUBSTITUTE_ID,
    missing: () => new SubstituteNotFoundError(),
  },
  'directory.email': {
    shape: EMAIL_IN_PATH,
    missing: () => new UserNotFoundError(),
  },
};

/** The shape of parameter `name` on the route `path` (API Gateway syntax: /visits/{id}). */
export function paramShape(path: string, name: string): ParamShape {
  const prefix = path.split('/')[1] ?? '';
  return PATH_PARAMS[`${prefix}.${name}`] ?? GENERIC_PARAM;
}
