/**
 * The issued PDF of a document: its model built from the same input as its DOCX (so both follow the same format's
 * rules), drawn as PDF/A, with the issuing agency's seal on the signature that issues it: the head of the agency
 * signing a programme, the chair signing minutes.
 */
import type { RenderIssuedPdf } from '#domain/steps/issuing.ts';
import { agendaModel } from '#templates/agenda.ts';
import type { Signature } from '#templates/doc-model.ts';
import { minutesModel } from '#templates/minutes.ts';
import { renderPdf } from './render.ts';

const SEAL_ON: Record<'agenda' | 'minutes', Signature['role']> = { agenda: 'issuer', minutes: 'chair' };

export const renderIssuedPdf: RenderIssuedPdf = (document, stamp) =>
  renderPdf(document.kind === 'agenda' ? agendaModel(document.input) : minutesModel(document.input), {
    on: SEAL_ON[document.kind],
    ...(stamp ? { stamp } : {}),
  });
