/**
 * Who is a person of an agency (the `People` port, domain/people.ts), for now from the repository's own data: the
 * configured agencies' approvers, deputies and secretaries, and the seeded users. When the directory keeps the
 * agencies and their users, this is where it answers instead (a person of an agency: an approver, deputy or
 * secretary in its current version, or an enabled user of it).
 */
import { listAgencies } from '#domain/agencies.ts';
import { configuredPeople } from '#domain/people.ts';
import seeded from '#infra/local/users.json' with { type: 'json' };
import { lazy } from './env.ts';

export const people = lazy(() => configuredPeople(listAgencies(), seeded.users));
