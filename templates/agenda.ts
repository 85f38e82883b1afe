/**
 * The work programme (Chương trình, type code CTr) for a visit, in the host's format: I. purpose and requirements,
 * II. time and place, III. participants, IV. the programme (the proposed items, or one modelled on the usual
 * working session, the delegation's statement first), V. organisation with the contacts of both sides; the
 * signature beside the recipients; the delegation's members as an annex.
 */
import type { Agency } from '#domain/agencies.ts';
import type { AgendaItemInput, Member, VisitRequest } from '#domain/visit.ts';
import {
  type DocContext,
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
import { columnFor, dashList, type GridRow, grid, para, pt } from './doc-format.ts';
import type { Annex, Block, DocumentModel, Table } from './doc-model.ts';
import { defaultSigner, type HostPeople, hostPeople, type Signer } from './doc-people.ts';
import { cleanDeep, endSentence, firstLetter, lines, NBSP, oneLine } from './doc-text.ts';
import { renderDocx } from './docx.ts';
import {
  addDays,
  clockTime,
  dayAndDate,
  dayAndDateInline,
  daysBetween,
  hhmm,
  longDate,
  minutesOf,
} from './words/dates.ts';
import { bodyWord, fullPositionName } from './words/documents.ts';

export interface AgendaDocInput {
  request: VisitRequest;
  host: Agency;
  visiting: Agency;
  number: number;
  /** YYYY-MM-DD, Vietnam date */
  issuedOn: string;
  version: number;
  signer?: Signer;
}

export interface ProgrammeDay {
  date: string;
  items: AgendaItemInput[];
}

/**
 * The proposed items by day: an item that names its day goes on that day; one that does not follows the item
 * before it, on the next day when it starts earlier than that one. Days come in date order.
 */
export function groupByDay(items: AgendaItemInput[], startDate: string): ProgrammeDay[] {
  const days = new Map<string, AgendaItemInput[]>();
  let current = startDate;
  let previous = Number.NEGATIVE_INFINITY;
  for (const item of items) {
    const start = minutesOf(item.start);
    if (item.date && item.date !== current) {
      current = item.date;
      previous = Number.NEGATIVE_INFINITY;
    } else if (!item.date && days.size > 0 && start < previous) {
      current = addDays(current, 1);
    }
    const day = days.get(current) ?? [];
    day.push(item);
    days.set(current, day);
    if (!Number.isNaN(start)) previous = start;
  }
  return [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, dayItems]) => ({ date, items: dayItems }));
}

/**
 * A programme modelled on the usual working session, from 08:00: the opening, the head of delegation's statement of
 * purpose, the host's briefing on the topics asked for (20 minutes a topic), discussion, souvenirs, the chair's
 * conclusion and the end; on further days a field visit.
 */
export function modelProgramme(c: DocContext, request: VisitRequest, people: HostPeople): ProgrammeDay[] {
  const P = c.words.programme;
  const byName = (name: string) => c.text(P.byName(name));
  const leader = request.members[0];
  let clock = 8 * 60;
  const items: AgendaItemInput[] = [];
  const add = (length: number, content: string, presenter: string) => {
    items.push({ start: hhmm(clock), end: length > 0 ? hhmm(clock + length) : '', content, presenter });
    clock += length;
  };
  add(15, P.introduction, byName(people.office.name));
  add(15, P.leaderStatement, leader ? byName(oneLine(leader.name)) : P.leaderRole);
  add(Math.max(1, request.topics.length) * 20, P.hostBriefing(c.hostName), byName(people.deputy.name));
  add(30, P.discussion, P.bothSides);
  add(10, P.souvenir, P.bothSides);
  add(15, P.conclusion, byName(people.chair.name));
  add(0, P.end, '');
  const days: ProgrammeDay[] = [{ date: request.startDate, items }];
  const extra = Math.max(0, daysBetween(request.startDate, request.endDate));
  for (let d = 1; d <= extra; d++) {
    const dayItems: AgendaItemInput[] = [
      { start: '08:00', end: '11:00', content: P.fieldTrip, presenter: byName(people.deputy.name) },
      { start: '14:00', end: '16:30', content: P.fieldTripAfternoon, presenter: byName(people.office.name) },
    ];
    if (d === extra)
      dayItems.push({
        start: '16:30',
        end: '17:00',
        content: P.departure,
        presenter: byName(people.chair.name),
      });
    days.push({ date: addDays(request.startDate, d), items: dayItems });
  }
  return days;
}

/**
 * The programme table: the time column as wide as its longest time, the presenter's as its longest line up to 40 %
 * of the rest, the content the rest. The heading and the first rows stay with the part's heading.
 */
function programmeTable(c: DocContext, days: ProgrammeDay[], multiDay: boolean): Table {
  const W = c.words;
  const rows: GridRow[] = [];
  const times: string[] = [];
  const presenters: string[] = [];
  for (const day of days) {
    if (days.length > 1 || multiDay) rows.push({ group: dayAndDate(day.date, c.lang) });
    for (const item of day.items) {
      const time = [oneLine(item.start), oneLine(item.end)].filter(Boolean).join(`${NBSP}-${NBSP}`);
      const presenter = lines(item.presenter);
      times.push(time);
      presenters.push(...presenter);
      rows.push({
        cells: [time, lines(item.content).map((l) => c.typed(l)), presenter.map((l) => c.typed(l))],
      });
    }
  }
  const width = c.format.textWidth;
  const measure = (texts: string[], bold = false) => columnFor(c.format.styles, texts, bold);
  const time = measure([...times, W.colTime], true);
  const presenter = pt(
    Math.min(Math.max(measure(presenters), measure([W.colPresenter], true)), (width - time) * 0.4),
  );
  return grid(
    [time, pt(width - time - presenter), presenter],
    [W.colTime, W.colContent, W.colPresenter],
    rows,
    ['cellCenter', 'cell', 'cell'],
  );
}

/** The members' annex: the number as wide as its heading, the name as its longest, the position the rest. */
function membersAnnex(c: DocContext, members: Member[], number: string, issuedOn: string): Annex {
  const W = c.words;
  const measure = (texts: string[], bold = false) => columnFor(c.format.styles, texts, bold);
  const no = measure([W.colNo, String(members.length)], true);
  const name = pt(
    Math.min(
      Math.max(measure(members.map((m) => m.name)), measure([W.colName], true)),
      c.format.textWidth * 0.4,
    ),
  );
  return {
    blocks: [
      para('annexTitle', W.annexLabel),
      para('annexTitle', W.annexTitle),
      para('annexNote', c.text(W.annexNote(number, longDate(issuedOn, c.lang), c.hostName))),
      grid(
        [no, name, pt(c.format.textWidth - no - name)],
        [W.colNo, W.colName, W.colPosition],
        members.map((m, i) => ({ cells: [String(i + 1), c.typed(m.name), c.typed(m.position)] })),
        ['cellCenter', 'cell', 'cell'],
      ),
    ],
  };
}

/** I. Purpose and requirements: the purpose as given, the topics asked for, what the session must be. */
function purposePart(c: DocContext, body: Block[], request: VisitRequest, topics: string[]): void {
  const W = c.words;
  partHeading(body, W.agendaParts.purpose);
  for (const p of lines(request.purpose)) body.push(para('body', c.typed(endSentence(p))));
  if (topics.length > 0) {
    body.push(para('body', W.topicsIntro, { keepNext: true }));
    body.push(dashList(listEnds(topics).map((t) => [c.typed(t)])));
  }
  body.push(para('body', c.text(endSentence(W.requirement))));
}

/** II. Time and place: from the first item's time on a one-day visit, from day to day on a longer one. */
function timePlacePart(c: DocContext, body: Block[], request: VisitRequest, days: ProgrammeDay[]): void {
  const W = c.words;
  partHeading(body, W.agendaParts.timePlace);
  const startsAt = minutesOf(days[0]?.items[0]?.start ?? '');
  const when =
    request.endDate > request.startDate
      ? W.dateRange(dayAndDateInline(request.startDate, c.lang), dayAndDateInline(request.endDate, c.lang))
      : Number.isNaN(startsAt)
        ? dayAndDate(request.startDate, c.lang)
        : W.fromTimeOn(
            clockTime(Math.floor(startsAt / 60), startsAt % 60, c.lang),
            dayAndDateInline(request.startDate, c.lang),
          );
  body.push(para('body', c.text(`1. ${W.time}${endSentence(when)}`)));
  body.push(para('body', [c.text(`2. ${W.place}`), c.typed(endSentence(oneLine(request.place)))]));
}

/** III. Participants: the delegation (its size and head; the members in the annex), then the host's people. */
function participantsPart(c: DocContext, body: Block[], members: Member[], people: HostPeople): void {
  const W = c.words;
  partHeading(body, W.agendaParts.participants);
  body.push(para('item', `1. ${W.side(c.delegation)}`));
  const [leader] = members;
  if (leader) {
    const leaderText = W.comrade(leader.name, leader.position);
    const line =
      members.length > 1
        ? `${W.delegationLine(members.length, leaderText)}${W.listAttached}.`
        : endSentence(W.leaderOnly(firstLetter(leaderText, 'upper')));
    body.push(para('body', c.typed(line)));
  }
  body.push(para('item', c.text(`2. ${W.side(c.hostName)}`)));
  const hostSide = people.all.map(
    (p, i) => W.Comrade(p.name, fullPositionName(p, c.host, c.lang)) + (i === 0 ? W.chairMark : ''),
  );
  body.push(dashList(listEnds(hostSide).map((t) => [c.typed(t)])));
}

/** V. Organisation: the office's task, the contacts of both sides, and the units' task to end the body. */
function organisationPart(
  c: DocContext,
  body: Block[],
  request: VisitRequest,
  members: Member[],
  people: HostPeople,
): void {
  const W = c.words;
  partHeading(body, W.agendaParts.organisation);
  const office = W.officeOf(bodyWord(c.host, c.lang));
  const contact = members.find((m) => m.name === oneLine(request.contact.name));
  const items = [
    W.organisation.office(office),
    W.hostContact(
      W.comrade(people.office.name, fullPositionName(people.office, c.host, c.lang)),
      people.office.email,
    ),
    W.delegationContact(
      W.comrade(oneLine(request.contact.name), contact?.position ?? ''),
      oneLine(request.contact.phone),
      oneLine(request.contact.email),
    ),
  ];
  items.forEach((o, i) => {
    body.push(para('body', c.typed(`${i + 1}. ${endSentence(o)}`)));
  });
  body.push(
    para('body', c.text(endSentence(W.organisation.units, c.formatWords.endMark)), { keepNext: true }),
  );
}

/** The programme as a model, from its input (cleaned here). */
export function agendaModel(raw: AgendaDocInput): DocumentModel {
  const input = cleanDeep(raw);
  const { request, host } = input;
  const c = docContext(request, host, input.visiting);
  const people = hostPeople(host);
  const summary = summaryOf(c, c.words.agendaSummary(c.delegation));
  const front = frontMatter(c, 'agenda', input.number, input.issuedOn, summary);
  const members = request.members.map((m) => ({ name: oneLine(m.name), position: oneLine(m.position) }));
  const topics = request.topics.map(oneLine).filter(Boolean);
  const days =
    request.agenda.length > 0
      ? groupByDay(request.agenda, request.startDate)
      : modelProgramme(c, request, people);

  const body: Block[] = renderingNote(c, [request.purpose, ...topics, ...members.map((m) => m.position)]);
  purposePart(c, body, request, topics);
  timePlacePart(c, body, request, days);
  participantsPart(c, body, members, people);
  partHeading(body, c.words.agendaParts.programme);
  body.push(programmeTable(c, days, request.endDate > request.startDate));
  organisationPart(c, body, request, members, people);

  return documentModel(c, 'agenda', front, {
    date: input.issuedOn,
    timestamp: `${input.issuedOn}T00:00:00Z`,
    version: input.version,
    body,
    closing: c.format.closing(
      [issuerSignature(c, input.signer ?? defaultSigner(host))],
      recipients(c, 'agenda'),
    ),
    annexes: members.length > 1 ? [membersAnnex(c, members, front.number, input.issuedOn)] : [],
  });
}

/** The programme as a DOCX package; the same input always gives the same bytes. */
export function buildAgenda(input: AgendaDocInput): Promise<Uint8Array> {
  return renderDocx(agendaModel(input));
}
