/**
 * An agency as a document, a notice or a page sees it on one date: kind (Party or state body: it decides the format
 * of the agency's documents), names, province and seat as valid then, the code of its number series, the approval
 * chain (ordered steps, each an approver and an optional deputy) and the secretary. The directory keeps every agency
 * as a history of such versions (domain/directory/versions.ts); who approves is configured there, never chosen by
 * the requester.
 */

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

/** A Party body (a Party committee and its commissions) or a state body: each issues documents in its own format. */
export type AgencyKind = 'party' | 'state';
export const AGENCY_KINDS: readonly AgencyKind[] = ['party', 'state'];

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
  /** the province's name at the time, e.g. "Quảng Nam" until 30 June 2025 */
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

/** One version of an agency in the directory: the agency as it was from `validFrom` to `validTo` (inclusive). */
export interface AgencyVersion extends Agency {
  /** 1, 2, 3 … in the order they were made */
  version: number;
  /** YYYY-MM-DD */
  validFrom: string;
  /** YYYY-MM-DD, inclusive; absent while the version holds */
  validTo?: string;
  /** the agency that took over from the day after `validTo` (a succession) */
  successorId?: string;
}

/** Every address that may approve for an agency: the chain's approvers and deputies. */
export function approverEmails(agency: Pick<Agency, 'approvalChain'>): Set<string> {
  const out = new Set<string>();
  for (const step of agency.approvalChain) {
    out.add(step.approver.email.toLowerCase());
    if (step.deputy) out.add(step.deputy.email.toLowerCase());
  }
  return out;
}

/** The people a version names: the chain's approvers and deputies, then the secretary. */
export function peopleOf(agency: Pick<Agency, 'approvalChain' | 'secretary'>): Person[] {
  return [
    ...agency.approvalChain.flatMap((s) => (s.deputy ? [s.approver, s.deputy] : [s.approver])),
    agency.secretary,
  ];
}
