/**
 * The follow-up report (Báo cáo kết quả thực hiện, type code BC): the host agency reports, in its own format, what
 * became of each action the archived minutes assigned. The host secretary issues it whenever asked; each report is
 * a document of its own (kind `report`, `report-v1`, `report-v2` …), numbered from the agency's report counter
 * like its other documents, stored beside the visit and recorded in the chain (REPORT_ISSUED).
 */
import type { Agency } from '#domain/agencies.ts';
import { vietnamDate, vietnamYear } from '#domain/clock.ts';
import { documentNumberText } from '#domain/document-numbers.ts';
import { NotAwaitingError } from '#domain/errors.ts';
import { agenciesOf, type Deps, loadVisit } from '#domain/lifecycle.ts';
import { storeDocument } from '#domain/steps/drafting.ts';
import type { DocumentRecord, VisitRequest } from '#domain/visit.ts';
import type { ActionItem } from './items.ts';

export interface ReportInput {
  request: VisitRequest;
  host: Agency;
  visiting: Agency;
  /** the archived minutes the report follows up: their number line and the session's date (YYYY-MM-DD) */
  minutes: { number: string; date: string };
  items: readonly ActionItem[];
  number: number;
  /** YYYY-MM-DD, Vietnam date: the report's date, and the day the statuses are reported as of */
  issuedOn: string;
  version: number;
}

export type RenderReport = (input: ReportInput) => Promise<Uint8Array>;

const notArchived = () =>
  new NotAwaitingError({
    vi: 'Biên bản của chuyến công tác chưa được lưu trữ: chưa có nhiệm vụ để báo cáo',
    en: 'The minutes of this visit are not archived yet: there are no action items to report on',
  });

/** Issues the next report on the visit's action items; answers its record. */
export async function issueReport(
  deps: Pick<Deps, 'store' | 'actions' | 'documents' | 'clock' | 'directory'>,
  visitId: string,
  render: RenderReport,
  templateVersion: string,
  by: string,
): Promise<DocumentRecord> {
  const visit = await loadVisit(deps.store, visitId);
  if (visit.status !== 'ARCHIVED' || !visit.minutes) throw notArchived();
  const now = deps.clock.now();
  // the agencies as they act on the report's date (a successor reports for an agency merged into it)
  const { host, visiting } = await agenciesOf(deps, visit, now);
  const [documents, items] = await Promise.all([
    deps.store.listDocuments(visitId),
    deps.actions.listActions(visitId),
  ]);
  const minutesDoc = documents.filter((d) => d.kind === 'minutes').sort((a, b) => b.version - a.version)[0];
  const version = documents.filter((d) => d.kind === 'report').length + 1;
  const id = `report-v${version}`;
  const n = await deps.store.documentNumber(visitId, id, host.id, 'report', vietnamYear(now));
  const issuedOn = vietnamDate(now);
  const bytes = await render({
    request: visit.request,
    host,
    visiting,
    minutes: { number: minutesDoc?.number ?? '', date: vietnamDate(new Date(visit.minutes.startedAt)) },
    items,
    number: n,
    issuedOn,
    version,
  });
  const record = await storeDocument(
    deps,
    visit,
    'report',
    version,
    documentNumberText(n, 'report', host),
    templateVersion,
    bytes,
  );
  // a concurrent issue of the same version keeps the record stored first
  const stored = (await deps.store.getDocument(visitId, id)) ?? record;
  if (stored.sha256 === record.sha256)
    await deps.store.appendEvent(visitId, {
      type: 'REPORT_ISSUED',
      actor: by,
      data: { documentId: stored.id, number: stored.number, sha256: stored.sha256 },
    });
  return stored;
}
