/**
 * The follow-up report (Báo cáo kết quả thực hiện, type code BC), in the host's format: the minutes it follows up
 * (their number and the session's date, between whom and on what) and the day it reports as of; I. the results:
 * the tally, then each action with its owner, due date and result (done on which day, with the note; open;
 * overdue); II. what is left, when anything is, and that it is followed until done; the signature beside the
 * recipients, as a programme's.
 */

import { vietnamDate } from '#domain/clock.ts';
import type { ActionItem } from '#domain/follow-up/items.ts';
import type { ReportInput } from '#domain/follow-up/report.ts';
import {
  AFTER_TABLE,
  docContext,
  documentModel,
  frontMatter,
  issuerSignature,
  listEnds,
  partHeading,
  recipients,
  renderingNote,
  summaryOf,
} from './doc-context.ts';
import { columnFor, dashList, grid, para, pt } from './doc-format.ts';
import type { Block, DocumentModel } from './doc-model.ts';
import { defaultSigner } from './doc-people.ts';
import { cleanDeep, endSentence, lines, oneLine } from './doc-text.ts';
import { renderDocx } from './docx.ts';
import { longDate, shortDate } from './words/dates.ts';
import { REPORT_WORDS } from './words/report.ts';

export type ReportDocInput = ReportInput;

type Result = 'done' | 'open' | 'overdue';

function resultOf(item: ActionItem, asOf: string): Result {
  if (item.status === 'done') return 'done';
  return item.due < asOf ? 'overdue' : 'open';
}

/** The report as a model, from its input (cleaned here). */
export function reportModel(raw: ReportDocInput): DocumentModel {
  const input = cleanDeep(raw);
  const { request, host } = input;
  const c = docContext(request, host, input.visiting);
  const W = REPORT_WORDS[c.lang];
  const summary = summaryOf(c, W.summary(c.delegation));
  const front = frontMatter(c, 'report', input.number, input.issuedOn, summary);
  const items = input.items.map((i) => ({ ...i, result: resultOf(i, input.issuedOn) }));
  const count = (r: Result) => items.filter((i) => i.result === r).length;

  const body: Block[] = renderingNote(c, [
    request.title,
    ...items.flatMap((i) => [i.task, i.owner, i.note ?? '']),
  ]);
  body.push(
    para(
      'body',
      c.typed(
        W.opening({
          minutesNumber: input.minutes.number,
          minutesDate: longDate(input.minutes.date, c.lang),
          host: c.hostName,
          delegation: c.delegation,
          title: oneLine(request.title),
          asOf: longDate(input.issuedOn, c.lang),
        }),
      ),
    ),
  );

  // I. the results: the tally, then each action
  partHeading(body, W.parts.results);
  body.push(
    para(
      'body',
      c.text(
        endSentence(W.tally(items.length, count('done'), count('open') + count('overdue'), count('overdue'))),
      ),
      { keepNext: true },
    ),
  );
  const dues = items.map((i) => shortDate(i.due, c.lang));
  const styles = c.format.styles;
  const no = columnFor(styles, [c.words.colNo, String(items.length)], true);
  const due = columnFor(styles, [c.words.colDue, ...dues], true);
  const rest = c.format.textWidth - no - due;
  const owner = pt(Math.max(columnFor(styles, [c.words.colOwner], true), rest * 0.22));
  const result = pt(Math.max(columnFor(styles, [W.colResult], true), rest * 0.27));
  body.push(
    grid(
      [no, pt(rest - owner - result), owner, due, result],
      [c.words.colNo, c.words.colTask, c.words.colOwner, c.words.colDue, W.colResult],
      items.map((i, n) => ({
        cells: [
          String(n + 1),
          c.typed(oneLine(i.task)),
          c.typed(oneLine(i.owner)),
          dues[n] ?? '',
          i.result === 'done'
            ? [
                c.text(W.doneOn(i.doneAt ? shortDate(vietnamDate(new Date(i.doneAt)), c.lang) : '')),
                ...lines(i.note ?? '').map((l) => c.typed(l)),
              ]
            : c.text(i.result === 'overdue' ? W.overdue : W.open),
        ],
      })),
      ['cellCenter', 'cell', 'cell', 'cellCenter', 'cell'],
    ),
  );

  // II. what is left, followed until done; or that nothing is
  const left = items.filter((i) => i.result !== 'done');
  const end = c.formatWords.endMark;
  if (left.length > 0) {
    partHeading(body, W.parts.pending);
    body.push(para('body', c.text(W.pendingIntro), { keepNext: true }));
    body.push(
      dashList(
        listEnds(
          left.map((i) => W.pendingItem(oneLine(i.task), shortDate(i.due, c.lang), i.result === 'overdue')),
        ).map((t) => [c.typed(t)]),
      ),
    );
    body.push(para('body', c.text(endSentence(W.followUp, end)), { keepNext: true }));
  } else {
    body.push(
      para('body', c.text(endSentence(W.allDone, end)), { keepNext: true, spaceBefore: AFTER_TABLE }),
    );
  }

  return documentModel(c, 'report', front, {
    date: input.issuedOn,
    timestamp: `${input.issuedOn}T00:00:00Z`,
    version: input.version,
    body,
    closing: c.format.closing([issuerSignature(c, defaultSigner(host))], recipients(c, 'report')),
    annexes: [],
  });
}

/** The report as a DOCX package; the same input always gives the same bytes. */
export function buildReport(input: ReportDocInput): Promise<Uint8Array> {
  return renderDocx(reportModel(input));
}
