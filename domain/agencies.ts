/**
 * Configured agencies: kind (Party or state body: it decides the format of the agency's documents), name, province
 * and seat, the code used in document numbers, the approval chain (ordered steps, each an approver and an optional
 * deputy) and the secretary. Loaded from agencies.json in the repository; who approves is configured here, never
 * chosen by the requester.
 */
import data from './agencies.json' with { type: 'json' };

export interface Person {
  name: string;
  /** the position as the person signs, without the body's name, e.g. "Phó Trưởng ban" */
  position: string;
  email: string;
  /**
   * the position as a list of participants writes it, with the body and the other offices that matter, e.g.
   * "Trưởng ban Tuyên giáo Tỉnh ủy, Phó Trưởng ban Chỉ đạo 35 tỉnh Quảng Nam"; `position` when absent
   */
  fullPosition?: string;
}

/** A Party body (a Party committee and its commissions) or a state body: Party bodies issue documents in the Party's format, state bodies in the state's. */
export type AgencyKind = 'party' | 'state';

export interface ApprovalStep {
  approver: Person;
  deputy?: Person;
}

/**
 * The signer an agency's issued documents are signed with; where its key is comes from the environment:
 * - `test`: the local test CA's signer (its certificate says it is for testing: integrity only, no legal force);
 * - `kms`: the stage's KMS signing key, with the certificate the stage holds for it;
 * - `csc`: a licensed CA's remote signing service (Cloud Signature Consortium API v2): the service, the agency's
 *   credential there, and the secret that holds the login and PIN for it.
 * An agency without one issues its PDFs unsigned, marked so.
 */
export type SignerRef =
  | { kind: 'test' }
  | { kind: 'kms' }
  | { kind: 'csc'; serviceUrl: string; credentialId: string; secretId: string };

export interface Agency {
  id: string;
  kind: AgencyKind;
  /** e.g. "Ban Tuyên giáo Tỉnh ủy Quảng Nam" */
  name: string;
  nameEn: string;
  /** the governing body printed above the agency in a document header, e.g. "Tỉnh ủy Quảng Nam" */
  parentName: string;
  /** the agency as printed under its parent, e.g. "Ban Tuyên giáo" */
  shortName: string;
  province: string;
  /** the code in document numbers, e.g. BTGTU in "05-CTr/BTGTU", SNV in "05/CTr-SNV" */
  code: string;
  /** the place written on the date line: the administrative unit where the body sits, as named then */
  seat: string;
  /** the head's title, e.g. "Trưởng ban" (used for "KT. TRƯỞNG BAN") */
  headTitle: string;
  approvalChain: ApprovalStep[];
  secretary: Person;
  signer?: SignerRef;
}

const AGENCIES: readonly Agency[] = data.agencies as Agency[];
const BY_ID = new Map(AGENCIES.map((a) => [a.id, a]));

export function listAgencies(): readonly Agency[] {
  return AGENCIES;
}

export function findAgency(id: string): Agency | undefined {
  return BY_ID.get(id);
}

/** Every address that may approve for an agency: the chain's approvers and deputies. */
export function approverEmails(agency: Agency): Set<string> {
  const out = new Set<string>();
  for (const step of agency.approvalChain) {
    out.add(step.approver.email.toLowerCase());
    if (step.deputy) out.add(step.deputy.email.toLowerCase());
  }
  return out;
}
