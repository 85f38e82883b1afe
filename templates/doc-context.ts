/**
 * What the programme and the minutes share: the issuer's format and words in the document's language, the
 * delegation's name, the head and title of the first page, the runs of typed content, the recipients, and the
 * signer's lines. Each document kind (agenda.ts, minutes.ts) builds its body with these.
 */
import type { Agency } from '#domain/agencies.ts';
import { documentNumberText } from '#domain/document-numbers.ts';
import type { DocumentKind, Language, VisitRequest } from '#domain/visit.ts';
import { type DocumentFormat, type FormatWords, para, roman, run } from './doc-format.ts';
import type { Block, DocumentModel, LanguageTag, Recipients, Run, Signature } from './doc-model.ts';
import { type Signer, signingRight } from './doc-people.ts';
import { endSentence, firstLetter, looksVietnamese, noBreaks, oneLine } from './doc-text.ts';
import { formatOf } from './formats.ts';
import { longDate } from './words/dates.ts';
import {
  agencyHeading,
  agencyName,
  bodyWord,
  DOC_WORDS,
  type DocWords,
  fullPositionName,
  parentWithoutPlace,
  positionName,
  seatName,
  unaccent,
} from './words/documents.ts';

const FIXED_PHRASES = ['Tỉnh ủy', 'Thành ủy', 'Huyện ủy', 'Đảng ủy', 'Ban Chỉ đạo 35', 'Bộ Chính trị'];

export interface DocContext {
  lang: Language;
  tag: LanguageTag;
  format: DocumentFormat;
  words: DocWords;
  formatWords: FormatWords;
  host: Agency;
  visiting: Agency;
  /** the host agency's full name in the document's language */
  hostName: string;
  /** "Đoàn công tác Ban Chỉ đạo 35 tỉnh Thanh Hóa" / "delegation of the …" */
  delegation: string;
  /** our own words, with no-break spaces where a line must not break */
  text(s: string): string;
  /** typed content as a run: no-break spaces, and in an English document tagged Vietnamese when it reads so */
  typed(s: string, props?: Omit<Run, 'text' | 'lang'>): Run;
}

export function docContext(request: VisitRequest, host: Agency, visiting: Agency): DocContext {
  const lang: Language = request.language === 'en' ? 'en' : 'vi';
  const format = formatOf(host);
  const words = DOC_WORDS[lang];
  const places = [host, visiting].flatMap((a) => [a.province, a.seat]);
  const text = noBreaks([...FIXED_PHRASES, ...places, ...places.map(unaccent)]);
  const of = oneLine(request.delegationOf ?? '');
  const delegation = words.delegation(
    of || (lang === 'en' ? `the ${agencyName(visiting, lang)}` : visiting.name),
  );
  return {
    lang,
    tag: lang === 'en' ? 'en-GB' : 'vi-VN',
    format,
    words,
    formatWords: format.words[lang],
    host,
    visiting,
    hostName: agencyName(host, lang),
    delegation: text(delegation),
    text,
    typed: (s, props = {}) =>
      run(text(s), { ...props, ...(lang === 'en' && looksVietnamese(s) ? { lang: 'vi-VN' as const } : {}) }),
  };
}

/** The summary under the type name, its first letter as the format writes it (Vietnamese). */
export function summaryOf(c: DocContext, summary: string): string {
  return c.lang === 'vi' ? firstLetter(summary, c.format.summaryCase) : summary;
}

/** The first page's head and title block, and the document's metadata. */
export function frontMatter(
  c: DocContext,
  kind: DocumentKind,
  n: number,
  date: string | undefined,
  summary: string,
): Pick<DocumentModel, 'head' | 'title'> & { number: string; metaTitle: string } {
  const number = documentNumberText(n, kind, c.host);
  const heading = agencyHeading(c.host, c.lang);
  const type = kind === 'agenda' ? c.words.agendaType : c.words.minutesType;
  return {
    number,
    metaTitle: `${type} ${number} - ${summary}`,
    head: c.format.head({
      parent: heading.parent,
      issuer: heading.issuer,
      number,
      ...(date ? { date: `${seatName(c.host, c.lang)}, ${longDate(date, c.lang)}` } : {}),
      lang: c.lang,
    }),
    title: c.format.title(type, c.text(summary)),
  };
}

/** The model of a document of `kind` with this front matter, body, closing and annexes. */
export function documentModel(
  c: DocContext,
  kind: DocumentKind,
  front: ReturnType<typeof frontMatter>,
  parts: { date: string; timestamp: string; version: number } & Pick<
    DocumentModel,
    'body' | 'closing' | 'annexes'
  >,
): DocumentModel {
  return {
    kind,
    format: c.format.id,
    lang: c.tag,
    meta: {
      title: front.metaTitle,
      issuer: c.hostName,
      number: front.number,
      date: parts.date,
      timestamp: parts.timestamp,
      revision: Math.max(1, Math.trunc(parts.version)),
    },
    page: c.format.page,
    styles: c.format.styles,
    head: front.head,
    title: front.title,
    body: parts.body,
    closing: parts.closing,
    annexes: parts.annexes,
  };
}

/** An English rendering says so first when the content it carries was given in Vietnamese. */
export function renderingNote(c: DocContext, typed: string[]): Block[] {
  const note = c.words.renderingNote;
  if (!note || !typed.some(looksVietnamese)) return [];
  return [para('note', c.text(note(c.hostName)))];
}

/**
 * The recipients: "- " before each, ";" after each, "." after the storage line, which comes last. The first
 * is the body the issuer reports to, where there is one.
 */
export function recipients(c: DocContext, kind: DocumentKind): Recipients {
  const R = c.words.recipients;
  const items =
    kind === 'agenda'
      ? [
          c.formatWords.reportTo(parentWithoutPlace(c.host, c.lang)),
          c.delegation,
          R.leadership(bodyWord(c.host, c.lang)),
          R.units,
        ]
      : [c.delegation];
  const archive = c.formatWords.archive[kind];
  return c.format.recipients(R.heading, [
    ...items.map((i) => c.text(`- ${firstLetter(i, 'upper')};`)),
    c.text(`- ${archive}`),
  ]);
}

/** The head's title in full: "Trưởng ban"; in English "Head of the Propaganda and Education Commission". */
function headTitle(c: DocContext): string {
  return fullPositionName({ position: c.host.headTitle }, c.host, c.lang);
}

/** The signature of a programme: the authority mark the format writes for the signer's right, the position, the name. */
export function issuerSignature(c: DocContext, signer: Signer): Signature {
  const right = signingRight(signer, c.host);
  const authority =
    signer.authority ?? (right === 'own' ? undefined : c.formatWords.authority(right, headTitle(c)));
  const position = right === 'own' ? headTitle(c) : positionName(signer.position, c.lang);
  return c.format.signature({
    role: 'issuer',
    ...(authority ? { authority } : {}),
    position,
    name: signer.name,
  });
}

/** Dash-list items: ";" after each but the last, which ends with "." (or the given mark). */
export function listEnds(texts: string[], last = '.'): string[] {
  return texts.map((t, i) => endSentence(t, i === texts.length - 1 ? last : ';'));
}

/** the space between a table and the paragraph after it */
export const AFTER_TABLE = 8;

/** The next part's heading in `body`, "I. MỤC ĐÍCH, YÊU CẦU", with room above it after a table. */
export function partHeading(body: Block[], title: string): void {
  const n = body.filter((b) => b.kind === 'paragraph' && b.style === 'part').length + 1;
  const afterTable = body.at(-1)?.kind === 'table';
  body.push(para('part', `${roman(n)}. ${title}`, afterTable ? { spaceBefore: AFTER_TABLE } : {}));
}
