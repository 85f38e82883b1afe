/**
 * Who plays which part for the host agency, read from its configured approval chain: the chair (the head), the
 * deputy who presents, the office that receives the delegation; and how a signer's authority is written.
 */
import type { Agency, Person } from '#domain/agencies.ts';
import type { Language } from '#domain/visit.ts';
import { LABELS, positionName, upper } from './i18n-docs.ts';

const same = (a: string, b: string): boolean =>
  a.trim().toLocaleLowerCase('vi') === b.trim().toLocaleLowerCase('vi');

export interface HostPeople {
  chair: Person;
  deputy: Person;
  office: Person;
  /** everyone in the chain, chair first, each once */
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
  return { chair, deputy, office, all: [chair, ...others] };
}

export interface Signer {
  name: string;
  position: string;
  authority?: string;
}

/**
 * The authority line for a signer: none for the head; "KT. <HEAD>" for a deputy head; "TL. <HEAD>" for anyone
 * else. An explicit authority (even empty) wins.
 */
export function signerLines(
  signer: Signer,
  agency: Agency,
  lang: Language,
): { authority?: string; position: string; name: string } {
  const head = upper(positionName(agency.headTitle, lang));
  const position = upper(positionName(signer.position, lang));
  let authority = signer.authority;
  if (authority === undefined) {
    if (same(signer.position, agency.headTitle)) authority = '';
    else if (/^phó /i.test(signer.position.trim())) authority = LABELS[lang].authority.deputy(head);
    else authority = LABELS[lang].authority.byOrder(head);
  }
  return { ...(authority ? { authority } : {}), position, name: signer.name };
}

/** The default signer of a programme: the last approver of the host's chain. */
export function defaultSigner(agency: Agency): Signer {
  const p = agency.approvalChain.at(-1)?.approver ?? hostPeople(agency).chair;
  return { name: p.name, position: p.position };
}
