/**
 * The minutes of the working session (Biên bản làm việc, type code BB; Decree 30 Sample 1.9): no place-and-date
 * line, start time and place, attendees of both sides, chair and secretary, the proceedings in the order recorded,
 * conclusions, assignments, the closing time, and the signatures of the secretary and the chair.
 */
import type { Agency } from '#domain/agencies.ts';
import type { Language, MinutesRecord, VisitRequest } from '#domain/visit.ts';
import { formatNumber } from './agenda.ts';
import {
  AFTER_TABLE,
  cleanDeep,
  endSentence,
  gridTableXml,
  headingXml,
  labelled,
  layoutTable,
  lines,
  loadShell,
  oneLine,
  type Part,
  packDocument,
  para,
  recipientsBlock,
  run,
  S,
  signerBlock,
  TEXT_WIDTH,
} from './decree30.ts';
import {
  agencyHeading,
  agencyName,
  clockTime,
  LABELS,
  longDate,
  parseDate,
  vietnamTime,
} from './i18n-docs.ts';

export interface MinutesDocInput {
  request: VisitRequest;
  minutes: MinutesRecord;
  host: Agency;
  visiting: Agency;
  number: number;
  version: number;
}

const ACTION_COLUMNS = [700, 4100, 3100, TEXT_WIDTH - 700 - 4100 - 3100];

function dueDate(iso: string, lang: Language): string {
  try {
    const { year, month, day } = parseDate(iso);
    return lang === 'en'
      ? longDate(iso, lang)
      : `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`;
  } catch {
    return iso;
  }
}

/** The minutes' body, title and date, from input already cleaned (see {@link cleanDeep}). */
export async function minutesBlocks(
  input: MinutesDocInput,
): Promise<{ blocks: Part[]; title: string; date: string }> {
  const { request, minutes, host, visiting } = input;
  const lang: Language = request.language === 'en' ? 'en' : 'vi';
  const L = LABELS[lang];
  const heading = agencyHeading(host, lang);
  const number = formatNumber(input.number, 'BB', host.code);
  const hostName = agencyName(host, lang);
  const visitingName = agencyName(visiting, lang);
  const summary = L.minutesSummary(visitingName);
  const start = vietnamTime(minutes.startedAt);
  const end = vietnamTime(minutes.endedAt);

  const blocks: Part[] = [
    await headingXml(
      {
        parent: heading.parent,
        agency: heading.agency,
        numberLine: `${L.numberPrefix}${number}`,
        nationalTitle: L.nationalTitle,
        motto: L.motto,
      },
      L.minutesType,
      summary,
    ),
  ];

  blocks.push(
    labelled(L.startedAt, `${clockTime(start.hour, start.minute, lang)}, ${longDate(start.date, lang)}.`),
    labelled(L.place, endSentence(oneLine(minutes.place))),
    labelled(L.subject, endSentence(oneLine(request.title))),
    para([run(L.attendees, { bold: true })], { keepNext: true }),
  );
  for (const side of ['host', 'visiting'] as const) {
    const people = minutes.attendees.filter((a) => a.side === side);
    const label = side === 'host' ? L.hostSide(hostName) : L.delegationOf(visitingName);
    blocks.push(
      para([run(`${side === 'host' ? 'a' : 'b'}) ${label}:`, { italics: true })], { keepNext: true }),
    );
    people.forEach((p, i) => {
      const end = i === people.length - 1 ? '.' : ';';
      blocks.push(para(`- ${L.comrade(oneLine(p.name), oneLine(p.position))}${end}`));
    });
  }
  blocks.push(
    labelled(L.chair, `${L.comrade(oneLine(minutes.chair.name), oneLine(minutes.chair.position))}.`),
    labelled(
      L.secretary,
      `${L.comrade(oneLine(minutes.secretary.name), oneLine(minutes.secretary.position))}.`,
    ),
    para([run(L.sessionContent, { bold: true })], { keepNext: true }),
  );
  minutes.items.forEach((item, i) => {
    blocks.push(para([run(`${i + 1}. ${oneLine(item.heading)}`, { bold: true })], { keepNext: true }));
    for (const l of lines(item.content)) blocks.push(para(l));
  });
  if (minutes.conclusions.length > 0) {
    blocks.push(para([run(L.conclusions, { bold: true })], { keepNext: true }));
    for (const c of minutes.conclusions) for (const l of lines(c)) blocks.push(para(`- ${l}`));
  }
  if (minutes.actions.length > 0) {
    blocks.push(para([run(L.actions, { bold: true })], { keepNext: true }));
    blocks.push(
      await gridTableXml(
        ACTION_COLUMNS,
        [L.colNo, L.colTask, L.colOwner, L.colDue],
        minutes.actions.map((a, i) => ({
          cells: [String(i + 1), oneLine(a.task), oneLine(a.owner), dueDate(a.due, lang)],
        })),
        [S.cellCenter, S.cell, S.cell, S.cellCenter],
      ),
    );
  }
  const endTime = clockTime(end.hour, end.minute, lang);
  blocks.push(
    para(end.date === start.date ? L.endedSameDay(endTime) : L.endedOn(endTime, longDate(end.date, lang)), {
      spacingBefore: AFTER_TABLE,
    }),
  );
  const half = Math.round(TEXT_WIDTH / 2);
  blocks.push(
    para([], { style: S.plain, spacingAfter: 0 }),
    layoutTable(
      [half, TEXT_WIDTH - half],
      [
        [
          signerBlock({ position: L.secretarySign, name: oneLine(minutes.secretary.name) }),
          signerBlock({ position: L.chairSign, name: oneLine(minutes.chair.name) }),
        ],
      ],
      { cantSplit: true },
    ),
    ...recipientsBlock(L.recipients, [...L.recipientsMinutes(visitingName), L.archiveTail], 360),
  );
  return { blocks, title: `${L.minutesType} ${number} - ${summary}`, date: minutes.endedAt };
}

/** The minutes as a DOCX package; the same input always gives the same bytes. */
export async function buildMinutes(input: MinutesDocInput): Promise<Uint8Array> {
  await loadShell();
  const clean = cleanDeep(input);
  const { blocks, title, date } = await minutesBlocks(clean);
  const ms = Date.parse(date);
  return packDocument(blocks, {
    title,
    creator: agencyName(clean.host, clean.request.language === 'en' ? 'en' : 'vi'),
    revision: Math.max(1, Math.trunc(clean.version)),
    date: Number.isNaN(ms) ? '2000-01-01T00:00:00Z' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  });
}
