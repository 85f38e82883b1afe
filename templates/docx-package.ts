/**
 * The package kept per page, styles and language. Its parts (styles, settings, fonts, the page-number headers, the
 * section properties) are written once by docx; a document then brings only its body, spliced into the package's
 * document part, and its core properties, and is zipped with fixed timestamps.
 */
import { Document, Paragraph as DocxParagraph, Header, Packer, PageNumber, TextRun } from 'docx';
import type { DocumentModel, LanguageTag, PageSetup, StyleSheet } from './doc-model.ts';
import { deflateEntry, entryText, readZip, writeZip, type ZipEntry } from './doc-zip.ts';
import { type BodyElement, docxStyles, styleId, tw } from './docx-elements.ts';
import { escapeXml, Kept } from './docx-xml.ts';

const BODY_MARK = 'EV-BODY-MARK';
const TITLE_MARK = 'EV-TITLE-MARK';
const CREATOR_MARK = 'EV-CREATOR-MARK';
const REVISION_MARK = 918273645;

export interface Shell {
  doc: Document;
  /** the package's entries in order; the document and core properties are replaced per document */
  entries: ZipEntry[];
  documentHead: string;
  documentTail: string;
  /** a paragraph that ends a section with the same properties as the last: before an annex */
  sectionEnd: string;
  core: string;
}

/** A document with this page, these styles and this language, and these blocks as its body. */
export function docxDocument(
  page: PageSetup,
  styles: StyleSheet,
  lang: LanguageTag,
  children: BodyElement[],
): Document {
  return new Document({
    creator: CREATOR_MARK,
    lastModifiedBy: CREATOR_MARK,
    title: TITLE_MARK,
    revision: REVISION_MARK,
    styles: docxStyles(styles, lang),
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: tw(page.width), height: tw(page.height) },
            margin: {
              top: tw(page.margins.top),
              bottom: tw(page.margins.bottom),
              left: tw(page.margins.left),
              right: tw(page.margins.right),
              header: tw(page.pageNumber.fromTop),
              footer: tw(page.pageNumber.fromTop),
              gutter: 0,
            },
            pageNumbers: { start: 1 },
          },
        },
        headers: {
          first: new Header({ children: [new DocxParagraph({ style: styleId('pageNumber') })] }),
          default: new Header({
            children: [
              new DocxParagraph({
                style: styleId('pageNumber'),
                children: [new TextRun({ children: [PageNumber.CURRENT] })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
}

async function buildShell(page: PageSetup, styles: StyleSheet, lang: LanguageTag): Promise<Shell> {
  const doc = docxDocument(page, styles, lang, [new DocxParagraph({ children: [new TextRun(BODY_MARK)] })]);
  const entries = readZip(await Packer.toBuffer(doc));
  const documentEntry = entries.find((e) => e.name === 'word/document.xml');
  const coreEntry = entries.find((e) => e.name === 'docProps/core.xml');
  if (!documentEntry || !coreEntry)
    throw new Error('docx wrote a package without a document or core properties');
  const xml = entryText(documentEntry);
  const mark = xml.indexOf(BODY_MARK);
  const start = xml.lastIndexOf('<w:p>', mark);
  const end = xml.indexOf('</w:p>', mark) + '</w:p>'.length;
  const sectPr = /<w:sectPr[ >].*<\/w:sectPr>/.exec(xml.slice(end))?.[0];
  if (mark < 0 || start < 0 || !sectPr)
    throw new Error('The body mark or the section is missing from the document part');
  return {
    doc,
    entries,
    documentHead: xml.slice(0, start),
    documentTail: xml.slice(end),
    sectionEnd: `<w:p><w:pPr>${sectPr}</w:pPr></w:p>`,
    core: entryText(coreEntry),
  };
}

const shells = new Kept<Promise<Shell>>(16);
export function shellFor(model: DocumentModel): Promise<Shell> {
  return shells.get(JSON.stringify([model.page, model.styles, model.lang]), () =>
    buildShell(model.page, model.styles, model.lang),
  );
}

/** The package: the kept parts, this body, and the model's core properties. */
export function packageOf(shell: Shell, body: string, model: DocumentModel): Uint8Array {
  const { meta } = model;
  const core = shell.core
    .replaceAll(TITLE_MARK, escapeXml(meta.title))
    .replaceAll(CREATOR_MARK, escapeXml(meta.issuer))
    .replace(String(REVISION_MARK), String(meta.revision))
    .replace(/(<dcterms:created[^>]*>)[^<]*/, `$1${meta.timestamp}`)
    .replace(/(<dcterms:modified[^>]*>)[^<]*/, `$1${meta.timestamp}`);
  return writeZip(
    shell.entries.map((e) =>
      e.name === 'word/document.xml'
        ? deflateEntry(e.name, shell.documentHead + body + shell.documentTail)
        : e.name === 'docProps/core.xml'
          ? deflateEntry(e.name, core)
          : e,
    ),
  );
}
