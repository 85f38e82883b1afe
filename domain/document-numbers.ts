/**
 * How a document's number and code are written, the one way the documents print them and the visit records them.
 * The type codes are the same in both formats: Chương trình CTr, Biên bản BB (Decree 30/2020/NĐ-CP Appendix III;
 * HD 36-HD/VPTW §II.1.3, which fixes "CTr"). The order and the signs differ by the issuing body's kind:
 * - a state body writes the number, "/", the type code, "-", the body's code: 05/CTr-SNV (Decree 30, Appendix I §II.3);
 * - a Party body writes the number, "-", the type code, "/", the body's code: 05-CTr/BTGTU (HD 36-HD/VPTW §II.1.3).
 * Numbers below 10 take a leading zero in both.
 */
import type { Agency } from './agencies.ts';
import type { DocumentKind } from './visit.ts';

export const TYPE_CODES: Record<DocumentKind, string> = { agenda: 'CTr', minutes: 'BB' };

/** "05-CTr/BTGTU" for a Party body, "05/CTr-SNV" for a state body. */
export function documentNumberText(
  n: number,
  kind: DocumentKind,
  issuer: Pick<Agency, 'kind' | 'code'>,
): string {
  const number = String(n).padStart(2, '0');
  const type = TYPE_CODES[kind];
  return issuer.kind === 'party' ? `${number}-${type}/${issuer.code}` : `${number}/${type}-${issuer.code}`;
}
