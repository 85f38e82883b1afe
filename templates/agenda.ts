/**
 * The work programme (Chương trình làm việc, type code CTr) for a visit: what, when, where, who, the programme
 * table (the proposed items, or one modelled on the usual working session), the signer and recipients, and the
 * delegation's members as an annex.
 */
import type { Agency } from '#domain/agencies.ts';
import type { AgendaItemInput, Language, VisitRequest } from '#domain/visit.ts';
import {
  AFTER_TABLE,
  cleanDeep,
  closingTable,
  endSentence,
  type GridRow,
  gridTableXml,
  headingXml,
  labelled,
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
import { defaultSigner, type HostPeople, hostPeople, signerLines } from './doc-people.ts';
import {
  addDays,
  agencyHeading,
  agencyName,
  daysBetween,
  LABELS,
  longDate,
  pad2,
  placeName,
  positionName,
} from './i18n-docs.ts';

export interface AgendaDocInput {
  request: VisitRequest;
  host: Agency;
  visiting: Agency;
  number: number;
  /** YYYY-MM-DD, Vietnam date */
  issuedOn: string;
  version: number;
  signer?: { name: string; position: string; authority?: string };
}

export interface ProgrammeDay {
  date: string;
  items: AgendaItemInput[];
}

const toMinutes = (hhmm: string): number => {
  const m = /^(\d{1,2}):(\d{2})/.exec(hhmm.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
};
const hhmm = (minutes: number): string => `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;

/** The proposed items by day: a start earlier than the previous item's begins the next day. */
export function groupByDay(items: AgendaItemInput[], startDate: string): ProgrammeDay[] {
  const days: ProgrammeDay[] = [];
  let previous = Number.NEGATIVE_INFINITY;
  for (const item of items) {
    const start = toMinutes(item.start);
    if (days.length === 0 || start < previous)
      days.push({ date: addDays(startDate, days.length), items: [] });
    days.at(-1)?.items.push(item);
    if (!Number.isNaN(start)) previous = start;
  }
  return days;
}

/** A programme modelled on the usual working session, from 08:00, one presentation per topic. */
export function modelProgramme(
  request: VisitRequest,
  host: Agency,
  people: HostPeople,
  lang: Language,
): ProgrammeDay[] {
  const L = LABELS[lang];
  const P = L.programme1;
  const who = (p: { name: string; position: string }) => L.person(p.name, positionName(p.position, lang));
  const leader = request.members[0];
  const leaderText = leader
    ? L.person(leader.name, lang === 'en' ? 'head of delegation' : 'Trưởng đoàn')
    : P.delegation;
  const chair = who(people.chair);
  let clock = 8 * 60;
  const items: AgendaItemInput[] = [];
  const add = (length: number, content: string, presenter: string) => {
    items.push({ start: hhmm(clock), end: hhmm(clock + length), content, presenter });
    clock += length;
  };
  add(15, P.reception, who(people.office));
  add(15, P.opening, chair);
  const topicLength = request.topics.length > 6 ? 15 : 20;
  for (const topic of request.topics) add(topicLength, P.topic(topic), who(people.deputy));
  add(30, P.discussion, P.bothSides);
  add(15, P.leaderSpeech, leaderText);
  add(10, P.souvenir, P.bothSides);
  add(10, P.conclusion, chair);
  add(5, P.closing, chair);
  const days: ProgrammeDay[] = [{ date: request.startDate, items }];
  const extra = Math.max(0, daysBetween(request.startDate, request.endDate));
  for (let d = 1; d <= extra; d++) {
    const dayItems: AgendaItemInput[] = [
      { start: '08:00', end: '11:00', content: P.fieldTrip, presenter: who(people.deputy) },
      {
        start: '14:00',
        end: '16:30',
        content: P.fieldTripAfternoon,
        presenter: P.office(agencyName(host, lang)),
      },
    ];
    if (d === extra) dayItems.push({ start: '16:30', end: '17:00', content: P.departure, presenter: chair });
    days.push({ date: addDays(request.startDate, d), items: dayItems });
  }
  return days;
}

const PROGRAMME_COLUMNS = [1900, 4500, TEXT_WIDTH - 1900 - 4500];
const MEMBER_COLUMNS = [850, 3300, TEXT_WIDTH - 850 - 3300];

export function formatNumber(number: number, typeCode: string, agencyCode: string): string {
  return `${pad2(number)}/${typeCode}-${agencyCode}`;
}

/** The programme's body and title, from input already cleaned (see {@link cleanDeep}). */
export async function agendaBlocks(input: AgendaDocInput): Promise<{ blocks: Part[]; title: string }> {
  const { request, host, visiting } = input;
  const lang: Language = request.language === 'en' ? 'en' : 'vi';
  const L = LABELS[lang];
  const heading = agencyHeading(host, lang);
  const number = formatNumber(input.number, 'CTr', host.code);
  const hostName = agencyName(host, lang);
  const visitingName = agencyName(visiting, lang);
  const people = hostPeople(host);
  const summary = L.agendaSummary(visitingName);
  const dateLine = `${placeName(host, lang)}, ${longDate(input.issuedOn, lang)}`;

  const blocks: Part[] = [
    await headingXml(
      {
        parent: heading.parent,
        agency: heading.agency,
        numberLine: `${L.numberPrefix}${number}`,
        nationalTitle: L.nationalTitle,
        motto: L.motto,
        dateLine,
      },
      L.agendaType,
      summary,
    ),
  ];

  let section = 0;
  const numbered = (label: string) => `${++section}. ${label}`;

  blocks.push(labelled(numbered(L.subject), endSentence(oneLine(request.title))));
  const purpose = lines(request.purpose);
  if (purpose.length > 0) {
    blocks.push(labelled(L.purpose, purpose[0] ?? ''));
    for (const p of purpose.slice(1)) blocks.push(para(p));
  }
  const multiDay = request.endDate > request.startDate;
  blocks.push(
    labelled(
      numbered(L.time),
      multiDay ? L.dateRange(request.startDate, request.endDate) : L.singleDate(request.startDate),
    ),
  );
  blocks.push(labelled(numbered(L.place), endSentence(oneLine(request.place))));

  blocks.push(para([run(numbered(L.participants), { bold: true })], { keepNext: true }));
  const leader = request.members[0];
  blocks.push(
    para(
      leader
        ? [
            run(`a) ${L.delegationOf(visitingName)}: `, { italics: true }),
            run(
              L.leaderLine(
                L.comrade(oneLine(leader.name), oneLine(leader.position)),
                request.members.length - 1,
              ),
            ),
          ]
        : [run(`a) ${L.delegationOf(visitingName)}.`, { italics: true })],
    ),
  );
  blocks.push(para([run(`b) ${L.hostSide(hostName)}:`, { italics: true })], { keepNext: true }));
  people.all.forEach((p, i) => {
    const last = i === people.all.length - 1;
    const text = L.comrade(p.name, positionName(p.position, lang)) + (i === 0 ? L.chairSuffix : '');
    blocks.push(para(`- ${text}${last ? '.' : ';'}`));
  });

  if (request.topics.length > 0) {
    blocks.push(para([run(numbered(L.topics), { bold: true })], { keepNext: true }));
    request.topics.forEach((t, i) => {
      blocks.push(para(`- ${oneLine(t)}${i === request.topics.length - 1 ? '.' : ';'}`));
    });
  }

  blocks.push(para([run(numbered(L.programme), { bold: true })], { keepNext: true }));
  const days =
    request.agenda.length > 0
      ? groupByDay(request.agenda, request.startDate)
      : modelProgramme(request, host, people, lang);
  const rows: GridRow[] = [];
  for (const day of days) {
    if (days.length > 1 || multiDay) rows.push({ group: L.day(day.date) });
    for (const item of day.items) {
      const time = [oneLine(item.start), oneLine(item.end)].filter((t) => t.length > 0).join(' - ');
      rows.push({
        cells: [time, lines(item.content), lines(item.presenter)],
      });
    }
  }
  blocks.push(
    await gridTableXml(PROGRAMME_COLUMNS, [L.colTime, L.colContent, L.colPresenter], rows, [
      S.cellCenter,
      S.cell,
      S.cell,
    ]),
  );

  blocks.push(
    labelled(numbered(L.organisation), L.organisationText(hostName), S.body, AFTER_TABLE),
    para(
      L.contact(
        oneLine(request.contact.name),
        oneLine(request.contact.phone),
        oneLine(request.contact.email),
      ),
    ),
  );

  const signer = signerLines(input.signer ?? defaultSigner(host), host, lang);
  blocks.push(
    para([], { style: S.plain, spacingAfter: 0 }),
    closingTable(
      recipientsBlock(L.recipients, [...L.recipientsAgenda(visitingName), L.archive]),
      signerBlock(signer),
    ),
  );

  if (request.members.length > 0) {
    const annexNote = L.annexNote(number, longDate(input.issuedOn, lang), hostName);
    blocks.push(
      para([run(L.annex, { bold: true })], { style: S.summary, pageBreakBefore: true }),
      para([run(L.annexTitle)], { style: S.summary }),
      para([run(annexNote, { italics: true, bold: false })], { style: S.summary, spacingAfter: 240 }),
      await gridTableXml(
        MEMBER_COLUMNS,
        [L.colNo, L.colName, L.colPosition],
        request.members.map((m, i) => ({ cells: [String(i + 1), oneLine(m.name), oneLine(m.position)] })),
        [S.cellCenter, S.cell, S.cell],
      ),
    );
  }
  return { blocks, title: `${L.agendaType} ${number} - ${summary}` };
}

/** The programme as a DOCX package; the same input always gives the same bytes. */
export async function buildAgenda(input: AgendaDocInput): Promise<Uint8Array> {
  await loadShell();
  const clean = cleanDeep(input);
  const { blocks, title } = await agendaBlocks(clean);
  return packDocument(blocks, {
    title,
    creator: agencyName(clean.host, clean.request.language === 'en' ? 'en' : 'vi'),
    revision: Math.max(1, Math.trunc(clean.version)),
    date: `${clean.issuedOn}T00:00:00Z`,
  });
}
