/**
 * The minutes of the working session (Biên bản, type code BB), in the host's format: when, where and between whom;
 * I. attendance of both sides, the chair and the note-taker; II. the proceedings in the order recorded; III. the
 * chair's conclusions; IV. the assignments; the closing time, that the minutes were read out and agreed and in how
 * many copies; the note-taker's and the chair's signatures, and the recipients.
 */
import type { Agency } from '#domain/agencies.ts';
import type { MinutesRecord, VisitRequest } from '#domain/visit.ts';
import {
  AFTER_TABLE,
  docContext,
  documentModel,
  frontMatter,
  listEnds,
  partHeading,
  recipients,
  renderingNote,
  summaryOf,
} from './doc-context.ts';
import { columnFor, dashList, grid, para, pt } from './doc-format.ts';
import type { Block, DocumentModel } from './doc-model.ts';
import { cleanDeep, endSentence, lines, oneLine } from './doc-text.ts';
import { renderDocx } from './docx.ts';
import { clockTime, dayAndDateInline, longDate, shortDate, vietnamTime } from './words/dates.ts';

export interface MinutesDocInput {
  request: VisitRequest;
  minutes: MinutesRecord;
  host: Agency;
  visiting: Agency;
  number: number;
  version: number;
}

/** Two originals: one for each side. */
const COPIES = 2;

function safeShortDate(iso: string, lang: 'vi' | 'en'): string {
  try {
    return shortDate(iso, lang);
  } catch {
    return iso;
  }
}

/** The minutes as a model, from their input (cleaned here). */
export function minutesModel(raw: MinutesDocInput): DocumentModel {
  const input = cleanDeep(raw);
  const { request, minutes, host } = input;
  const c = docContext(request, host, input.visiting);
  const W = c.words;
  const F = c.formatWords;
  const start = vietnamTime(minutes.startedAt);
  const end = vietnamTime(minutes.endedAt);
  const summary = summaryOf(c, W.minutesSummary(c.delegation));
  const front = frontMatter(
    c,
    'minutes',
    input.number,
    c.format.datedMinutes ? start.date : undefined,
    summary,
  );
  const person = (p: { name: string; position: string }) => W.Comrade(oneLine(p.name), oneLine(p.position));
  const leader = oneLine(request.members[0]?.name ?? '');

  const body: Block[] = [
    ...renderingNote(c, [
      minutes.place,
      ...minutes.items.flatMap((i) => [i.heading, i.content]),
      ...minutes.conclusions,
      ...minutes.actions.map((a) => a.task),
    ]),
  ];
  body.push(
    para(
      'body',
      c.typed(
        endSentence(
          W.opening(
            clockTime(start.hour, start.minute, c.lang),
            dayAndDateInline(start.date, c.lang),
            oneLine(minutes.place),
            c.hostName,
            c.delegation,
            oneLine(request.title),
          ),
        ),
      ),
    ),
  );

  const heading = (title: string) => partHeading(body, title);

  // I. attendance: the delegation, then the host; the chair and the note-taker
  heading(W.minutesParts.attendees);
  const sides = [
    { title: W.side(c.delegation), people: minutes.attendees.filter((a) => a.side === 'visiting') },
    { title: W.side(c.hostName), people: minutes.attendees.filter((a) => a.side === 'host') },
  ];
  sides.forEach((side, i) => {
    body.push(para('item', c.text(`${i + 1}. ${side.title}`)));
    if (side.people.length === 0) return;
    const items = side.people.map(
      (p) => person(p) + (oneLine(p.name) === leader ? `, ${W.programme.leaderRole}` : ''),
    );
    body.push(dashList(listEnds(items).map((t) => [c.typed(t)])));
  });
  body.push(
    para('body', [
      c.text(F.minutesRoles.chair),
      c.typed(endSentence(W.comrade(oneLine(minutes.chair.name), oneLine(minutes.chair.position)))),
    ]),
  );
  body.push(
    para('body', [
      c.text(F.minutesRoles.secretary),
      c.typed(endSentence(W.comrade(oneLine(minutes.secretary.name), oneLine(minutes.secretary.position)))),
    ]),
  );

  // II. the proceedings, in the order recorded
  heading(W.minutesParts.proceedings);
  minutes.items.forEach((item, i) => {
    body.push(para('item', c.typed(`${i + 1}. ${oneLine(item.heading)}`)));
    for (const l of lines(item.content)) body.push(para('body', c.typed(l)));
  });

  // III. the chair's conclusions
  const conclusions = minutes.conclusions.flatMap(lines);
  if (conclusions.length > 0) {
    heading(W.minutesParts.conclusions);
    body.push(dashList(listEnds(conclusions).map((t) => [c.typed(t)])));
  }

  // IV. the assignments
  if (minutes.actions.length > 0) {
    heading(W.minutesParts.actions);
    const dues = minutes.actions.map((a) => safeShortDate(a.due, c.lang));
    const no = columnFor(c.format.styles, [W.colNo, String(minutes.actions.length)], true);
    const due = columnFor(c.format.styles, [W.colDue, ...dues], true);
    const owner = pt(
      Math.max(columnFor(c.format.styles, [W.colOwner], true), (c.format.textWidth - no - due) * 0.36),
    );
    body.push(
      grid(
        [no, pt(c.format.textWidth - no - due - owner), owner, due],
        [W.colNo, W.colTask, W.colOwner, W.colDue],
        minutes.actions.map((a, i) => ({
          cells: [String(i + 1), c.typed(oneLine(a.task)), c.typed(oneLine(a.owner)), dues[i] ?? ''],
        })),
        ['cellCenter', 'cell', 'cell', 'cellCenter'],
      ),
    );
  }

  const endTime = clockTime(end.hour, end.minute, c.lang);
  body.push(
    para(
      'body',
      c.text(
        end.date === start.date ? W.endedSameDay(endTime) : W.endedOn(endTime, longDate(end.date, c.lang)),
      ),
      { keepNext: true, ...(body.at(-1)?.kind === 'table' ? { spaceBefore: AFTER_TABLE } : {}) },
    ),
    para('body', c.text(endSentence(W.readAndAgreed(COPIES), c.formatWords.endMark)), { keepNext: true }),
  );

  const signatures = [
    c.format.signature({
      role: 'secretary',
      position: F.minutesSigners.secretary,
      name: oneLine(minutes.secretary.name),
    }),
    c.format.signature({
      role: 'chair',
      position: F.minutesSigners.chair,
      name: oneLine(minutes.chair.name),
    }),
  ];
  return documentModel(c, 'minutes', front, {
    date: start.date,
    timestamp: isoSeconds(minutes.endedAt),
    version: input.version,
    body,
    closing: c.format.closing(signatures, recipients(c, 'minutes')),
    annexes: [],
  });
}

const isoSeconds = (iso: string): string => {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? '2000-01-01T00:00:00Z' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
};

/** The minutes as a DOCX package; the same input always gives the same bytes. */
export function buildMinutes(input: MinutesDocInput): Promise<Uint8Array> {
  return renderDocx(minutesModel(input));
}
