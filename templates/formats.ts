/** The format a body's documents are issued in: the Party's for a Party body, the state's for a state body. */
import type { Agency } from '#domain/agencies.ts';
import { DECREE30 } from './decree30.ts';
import type { DocumentFormat } from './doc-format.ts';
import { HD36 } from './hd36.ts';

export function formatOf(issuer: Pick<Agency, 'kind'>): DocumentFormat {
  return issuer.kind === 'party' ? HD36 : DECREE30;
}
