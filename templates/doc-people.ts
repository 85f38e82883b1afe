/**
 * Who plays which part for the host agency, read from its configured approval chain: the chair (the head), the
 * deputy who presents, the office that receives the delegation; and in whose right a signer signs.
 */
import type { Agency, Person } from '#domain/agencies.ts';

const same = (a: string, b: string): boolean =>
  a.trim().toLocaleLowerCase('vi') === b.trim().toLocaleLowerCase('vi');

export interface HostPeople {
  chair: Person;
  deputy: Person;
  office: Person;
  /** everyone in the chain and the office, chair first, each once */
  all: Person[];
}

export function hostPeople(agency: Agency): HostPeople {
  const seen = new Set<string>();
  const chain: Person[] = [];
  for (const step of agency.approvalChain) {
    for (const p of [step.approver, step.deputy]) {
      if (p && !seen.has(p.email)) {
        seen.add(p.email);
        chain.push(p);
      }
    }
  }
  const last = agency.approvalChain.at(-1)?.approver;
  const chair = chain.find((p) => same(p.position, agency.headTitle)) ?? last ?? agency.secretary;
  const others = chain.filter((p) => p !== chair);
  const deputy = others.find((p) => /^phó /i.test(p.position.trim())) ?? others[0] ?? chair;
  const office = others.find((p) => p !== deputy) ?? agency.secretary;
  return { chair, deputy, office, all: [chair, ...others, ...(others.includes(office) ? [] : [office])] };
}

export interface Signer {
  name: string;
  position: string;
  /** an authority line written out, which wins over the one the format would write ("" for none) */
  authority?: string;
}

/**
 * In whose right a signer signs: `own` for the head (no authority mark), `deputy` for a deputy head (K/T, KT.),
 * `byOrder` for anyone else (T/L, TL.).
 */
export type SigningRight = 'own' | 'deputy' | 'byOrder';

export function signingRight(signer: Signer, agency: Agency): SigningRight {
  if (same(signer.position, agency.headTitle)) return 'own';
  return /^phó /i.test(signer.position.trim()) ? 'deputy' : 'byOrder';
}

/** The default signer of a programme: the last approver of the host's chain. */
export function defaultSigner(agency: Agency): Signer {
  const p = agency.approvalChain.at(-1)?.approver ?? hostPeople(agency).chair;
  return { name: p.name, position: p.position };
}
