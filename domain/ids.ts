import { createHash, randomBytes } from 'node:crypto';
import { vietnamDate } from './clock.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function visitIdFrom(now: Date, bytes: Uint8Array): string {
  const day = vietnamDate(now).replaceAll('-', '');
  let tail = '';
  for (const b of bytes.subarray(0, 10)) tail += ALPHABET[b % 32];
  return `${day}-${tail}`;
}

/** A visit id: the Vietnam date it was made and 10 random characters, e.g. 20260801-7K3QX9M2PA (execution-name safe). */
export function newVisitId(now: Date): string {
  return visitIdFrom(now, randomBytes(10));
}

/**
 * The visit id a submission with an idempotency key gets: the same owner sending the same key the same day gets
 * the same id, so a double click or a client's retry finds the visit its first attempt made.
 */
export function keyedVisitId(now: Date, owner: string, key: string): string {
  return visitIdFrom(now, createHash('sha256').update(`${owner.toLowerCase()}\n${key}`).digest());
}

/** What an idempotency key may be: a form's hidden key or a client's `Idempotency-Key` header. */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,100}$/;

export const VISIT_ID = /^\d{8}-[0-9A-Z]{10}$/;

/**
 * What a document id may be: a lowercase slug such as `agenda-v2`, `minutes-v1` or `manifest` (the drafting steps
 * make `<kind>-v<version>`); anything else names no document.
 */
export const DOCUMENT_ID = /^[a-z][a-z0-9-]{0,63}$/;

/**
 * What an approval id may be: `<kind>-<round>-<step>-<role>` as a wait makes it, with `-s<n>` after a reschedule
 * (approvalIdFor) and `-m<n>` once moved to a substitute or reassigned (movedApprovalId).
 */
export const APPROVAL_ID = /^[A-Za-z]{1,32}-\d{1,6}-\d{1,4}-[A-Za-z]{1,32}(-s\d{1,4})?(-m\d{1,4})?$/;

/** An agency id: lowercase letters, digits and single hyphens, at most 64 characters, e.g. btgdvtu-da-nang. */
export const AGENCY_ID = /^(?=.{1,64}$)[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * A substitution's id: 12 hex digits of the hash of who stands in for whom and when, so the same substitution set
 * again (a retry) has the same id.
 */
export function substituteId(absentEmail: string, substituteEmail: string, from: string, to: string): string {
  return createHash('sha256')
    .update([absentEmail, substituteEmail, from, to].join('\n'))
    .digest('hex')
    .slice(0, 12);
}

/** What a substitution's id may be (substituteId). */
/** An action item of a visit, by its place in the minutes: a1, a2 … */
export const ACTION_ID = /^a[1-9]\d{0,3}$/;

export const SUBSTITUTE_ID = /^[0-9a-f]{12}$/;
