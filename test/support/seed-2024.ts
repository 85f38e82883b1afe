/**
 * The 2024 visit (its agencies' 2024 names) as the documents' and mails' tests render it: on the seed date unless a
 * test gives another, as those tests always have.
 */
import type { MinutesRecord, VisitRequest } from '#domain/visit.ts';
import { SEED_DATE, visit2024Minutes, visit2024Request } from '#infra/local/seed-visit.ts';

export function seedRequest(startDate = SEED_DATE, endDate = startDate): VisitRequest {
  return visit2024Request(startDate, endDate);
}

export function seedMinutes(date = SEED_DATE): MinutesRecord {
  return visit2024Minutes(date);
}
