/**
 * Who is a person of an agency: the one question the follow-up of action items asks of the organisation (an
 * action's owner must be a person of one of the visit's two agencies, and their mail greets them by name). A
 * person of an agency is an approver, deputy or secretary in the version that acts for it today, or one of its
 * enabled users: the directory decides (`personOf` in directory/substitutes.ts).
 */
import { type Clock, vietnamDate } from './clock.ts';
import { personOf } from './directory/substitutes.ts';
import { emailKey } from './directory/users.ts';
import { issuerOn } from './directory/versions.ts';
import type { DirectoryReader } from './ports.ts';

export interface PersonOfAgency {
  name: string;
  /** lower case */
  email: string;
  agencyId: string;
}

export interface People {
  /** The person with this email in the first of `agencyIds` that has them; undefined when none has. */
  personOf(email: string, agencyIds: readonly string[]): Promise<PersonOfAgency | undefined>;
}

/** People as the directory knows them on the application clock's date (an agency merged away answers for its successor). */
export function directoryPeople(directory: DirectoryReader, clock: Clock): People {
  return {
    async personOf(email, agencyIds) {
      const date = vietnamDate(clock.now());
      for (const id of agencyIds) {
        const version = await issuerOn((a) => directory.agency(a), id, date);
        if (!version) continue;
        const found = personOf(version, await directory.users(version.id), email);
        if (found) return { name: found.name, email: emailKey(found.email), agencyId: version.id };
      }
      return undefined;
    },
  };
}
