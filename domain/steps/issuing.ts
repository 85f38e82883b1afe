/**
 * Issuing a document, which Decide does when the chain's last approver approves the agenda and when the chair
 * signs the minutes off: the version drafted last gets its PDF/A copy, drawn from the same input as its DOCX, signed
 * by the issuing (host) agency's signer with the signing time and the signer's place shown on it, stored beside the
 * DOCX (the editable copy) and recorded. An agency without a signer here gets its PDF unsigned and marked so, and
 * the visit goes on. Idempotent: a retried step finds the PDF it recorded and issues nothing twice.
 */
import { vietnamDate, vietnamIso, vietnamYear } from '#domain/clock.ts';
import { DomainError, SignerUnavailableError } from '#domain/errors.ts';
import { agenciesOf, type Deps, FILE_TYPES, SYSTEM } from '#domain/lifecycle.ts';
import type { SignatureStamp, Signer } from '#domain/ports.ts';
import { type DocumentKind, type DocumentRecord, documentId, type Visit } from '#domain/visit.ts';
import type { RenderAgenda } from './draft-agenda.ts';
import type { RenderMinutes } from './draft-minutes.ts';

/** The document to draw: the same input its DOCX was drafted from. */
export type IssuedDocument =
  | { kind: 'agenda'; input: Parameters<RenderAgenda>[0] }
  | { kind: 'minutes'; input: Parameters<RenderMinutes>[0] };

/**
 * Draws the PDF/A copy: with a stamp, the signature's place and an empty signature field for `SealPdf` to fill;
 * without, the note that the copy is unsigned.
 */
export type RenderIssuedPdf = (document: IssuedDocument, stamp?: SignatureStamp) => Promise<Uint8Array>;

/** Signs a PDF drawn with a stamp (a PAdES signature whose value the signer makes). */
export type SealPdf = (pdf: Uint8Array, signer: Signer) => Promise<Uint8Array>;

export type IssueDeps = Pick<
  Deps,
  'store' | 'documents' | 'clock' | 'directory' | 'signerFor' | 'renderPdf' | 'sealPdf'
>;

/** The issued PDF of the document drafted as `version`, made once. */
export async function issuePdf(
  deps: IssueDeps,
  visit: Visit,
  kind: Exclude<DocumentKind, 'report'>,
  version: number,
): Promise<DocumentRecord> {
  const id = documentId(kind, version, 'pdf');
  const issued = await deps.store.getDocument(visit.id, id);
  if (issued) return issued;
  const draft = await deps.store.getDocument(visit.id, documentId(kind, version));
  if (!draft)
    throw new DomainError('DOCUMENT_MISSING', 500, {
      vi: 'Chưa có bản dự thảo để ban hành',
      en: `No drafted ${kind} v${version} to issue`,
    });
  const drafted = new Date(draft.createdAt);
  // the agencies as the DOCX was drafted with them: the issuing body valid on the document's date
  const { host, visiting } = await agenciesOf(deps, visit, drafted);
  // the number allocated when the document was drafted (the same docId always gets the same number)
  const number = await deps.store.documentNumber(visit.id, kind, host.id, kind, vietnamYear(drafted));
  const document: IssuedDocument =
    kind === 'agenda'
      ? {
          kind,
          input: { request: visit.request, host, visiting, number, issuedOn: vietnamDate(drafted), version },
        }
      : {
          kind,
          input: {
            request: visit.request,
            minutes: requireMinutes(visit),
            host,
            visiting,
            number,
            version,
          },
        };

  // a PDF date has whole seconds: the stamp shows the time the signature dictionary claims
  const now = new Date(Math.floor(deps.clock.now().getTime() / 1000) * 1000);
  const signed = await sign(deps, deps.signerFor(host), document, now);
  const { bytes, ...signature } = signed;

  const key = `visits/${visit.id}/${documentId(kind, version)}.${FILE_TYPES.pdf.extension}`;
  const put = await deps.documents.put(key, bytes, FILE_TYPES.pdf.contentType);
  const record: DocumentRecord = {
    id,
    kind,
    version,
    number: draft.number,
    key: put.key,
    sha256: put.sha256,
    size: put.size,
    templateVersion: draft.templateVersion,
    createdAt: now.toISOString(),
    format: 'pdf',
    ...signature,
  };
  await deps.store.putDocument(visit.id, record);
  await deps.store.appendEvent(visit.id, {
    type: 'DOCUMENT_ISSUED',
    actor: SYSTEM,
    data: { documentId: id, number: record.number, sha256: record.sha256, ...signature },
  });
  return record;
}

type Signature = Pick<DocumentRecord, 'signed' | 'signedAt' | 'licensed' | 'unsignedReason'>;

/** The PDF drawn and signed, or drawn unsigned (no signer, or one configured wrongly) with the reason. */
async function sign(
  deps: IssueDeps,
  choice: ReturnType<IssueDeps['signerFor']>,
  document: IssuedDocument,
  now: Date,
): Promise<Signature & { bytes: Uint8Array }> {
  let unsigned = choice.unsigned ?? '';
  if (choice.signer) {
    try {
      const { licensed = false } = await choice.signer.certificates();
      const bytes = await deps.sealPdf(
        await deps.renderPdf(document, { signedAt: now, licensed }),
        choice.signer,
      );
      return { bytes, signed: true, signedAt: vietnamIso(now), licensed };
    } catch (e) {
      if (!(e instanceof SignerUnavailableError)) throw e;
      unsigned = e.text.en;
    }
  }
  return { bytes: await deps.renderPdf(document), signed: false, unsignedReason: unsigned };
}

function requireMinutes(visit: Visit) {
  if (!visit.minutes)
    throw new DomainError('MINUTES_MISSING', 500, { vi: 'Chưa có biên bản', en: 'No minutes recorded' });
  return visit.minutes;
}
