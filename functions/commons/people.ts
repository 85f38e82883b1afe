/**
 * The names of the people a visit's trail mentions (who acted, to whom a notice went), so that pages show names
 * and not addresses: the requester, the people of the visit's two agencies (in any of their versions), and
 * anyone else as the directory knows them. An address known nowhere stands for itself.
 */
import { peopleOf } from '#domain/agencies.ts';
import type { DirectoryReader, VisitEvent } from '#domain/ports.ts';
import type { Visit } from '#domain/visit.ts';
import type { Named } from '#templates/pages/labels.ts';

/** Every address an event carries: its actor, and the addresses among its data (a notice's recipients). */
function addressesOf(events: readonly VisitEvent[]): Set<string> {
  const out = new Set<string>();
  const take = (v: unknown) => {
    if (typeof v === 'string' && v.includes('@')) out.add(v.toLowerCase());
    else if (Array.isArray(v)) v.forEach(take);
  };
  for (const e of events) {
    take(e.actor);
    for (const v of Object.values(e.data ?? {})) take(v);
  }
  return out;
}

/** The names of the people `events` mention, for the visit's pages. */
export async function trailNames(
  directory: DirectoryReader,
  visit: Visit | undefined,
  events: readonly VisitEvent[],
): Promise<Named[]> {
  const known = new Map<string, string>();
  if (visit) {
    known.set(visit.owner.email.toLowerCase(), visit.owner.name);
    // every version's people: a name follows its address whatever version named it
    const records = await Promise.all(
      [visit.request.hostAgencyId, visit.request.visitingAgencyId].map((id) => directory.agency(id)),
    );
    for (const p of records.flatMap((r) => r?.versions.flatMap(peopleOf) ?? []))
      if (!known.has(p.email.toLowerCase())) known.set(p.email.toLowerCase(), p.name);
  }
  const unknown = [...addressesOf(events)].filter((a) => !known.has(a));
  const users = await Promise.all(unknown.map((a) => directory.user(a)));
  for (const u of users) if (u) known.set(u.email.toLowerCase(), u.name);
  return [...known].map(([email, name]) => ({ email, name }));
}
