/**
 * The one name a document goes by when it leaves the system: the file a download saves and a mail attaches, and
 * the name an archive download records. What it is, its number, its revision and its format:
 * ChuongTrinh-05-CTr-BTGTU-v2.docx (the editable copy), ChuongTrinh-05-CTr-BTGTU-v2.pdf (the issued PDF/A of the
 * same revision), BienBan-05-BB-BTGTU-v1.docx, BaoCao-03-BC-BTGTU-v1.docx; the archive's manifest is
 * BanKe-<visit id>.json.
 */
import { FILE_TYPES } from './lifecycle.ts';
import type { DocumentFormat } from './visit.ts';

export interface NamedDocument {
  kind: 'agenda' | 'minutes' | 'report' | 'manifest';
  /** the number line, e.g. "05/CTr-BTGTU" (a manifest has none) */
  number?: string;
  /** the revision (a manifest has none) */
  version?: number;
  /** the document's format (absent: the DOCX; a manifest is JSON) */
  format?: DocumentFormat;
}

const PREFIX: Record<NamedDocument['kind'], string> = {
  agenda: 'ChuongTrinh',
  minutes: 'BienBan',
  report: 'BaoCao',
  manifest: 'BanKe',
};

/** The file name of a document of the visit `visitId` (named by the visit where it has no number). */
export function documentFilename(doc: NamedDocument, visitId: string): string {
  const number = (doc.number ?? '').replace(/[/\\]/g, '-').replace(/[^\p{L}\p{N}._-]/gu, '');
  const version = doc.version ? `-v${doc.version}` : '';
  const ext = doc.kind === 'manifest' ? 'json' : FILE_TYPES[doc.format ?? 'docx'].extension;
  return `${PREFIX[doc.kind]}-${number || visitId}${version}.${ext}`;
}
