/**
 * Who is a person of an agency: the one question the follow-up of action items asks of the organisation (an
 * action's owner must be a person of one of the visit's two agencies, and their mail greets them by name). A
 * person of an agency is an approver, deputy or secretary in its configuration, or a user of it.
 *
 * `People` is the port; `configuredPeople` answers it from the configured agencies and a list of users, which is
 * all the organisation there is until the directory keeps agencies, their versions and their users.
 */
import type { Agency } from './agencies.ts';

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

/** A user of an agency, as a user store lists them. */
export interface AgencyUser {
  email: string;
  name: string;
  agencyId: string;
  disabled?: boolean;
}

/** People answered from the agencies' approvers, deputies and secretary, and the enabled users given. */
export function configuredPeople(agencies: readonly Agency[], users: readonly AgencyUser[]): People {
  const byAgency = new Map<string, Map<string, PersonOfAgency>>();
  const add = (agencyId: string, p: { email: string; name: string }) => {
    const email = p.email.trim().toLowerCase();
    const people = byAgency.get(agencyId) ?? new Map<string, PersonOfAgency>();
    if (!people.has(email)) people.set(email, { name: p.name, email, agencyId });
    byAgency.set(agencyId, people);
  };
  for (const a of agencies) {
    for (const step of a.approvalChain) {
      add(a.id, step.approver);
      if (step.deputy) add(a.id, step.deputy);
    }
    add(a.id, a.secretary);
  }
  for (const u of users) if (!u.disabled) add(u.agencyId, u);
  return {
    async personOf(email, agencyIds) {
      const wanted = email.trim().toLowerCase();
      for (const id of agencyIds) {
        const found = byAgency.get(id)?.get(wanted);
        if (found) return { ...found };
      }
      return undefined;
    },
  };
}
