import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A visit id: the Vietnam date it was made and 10 random characters, e.g. 20260801-7K3QX9M2PA (execution-name safe). */
export function newVisitId(now: Date): string {
  const day = new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');
  const bytes = randomBytes(10);
  let tail = '';
  for (const b of bytes) tail += ALPHABET[b % 32];
  return `${day}-${tail}`;
}

export const VISIT_ID = /^\d{8}-[0-9A-Z]{10}$/;
