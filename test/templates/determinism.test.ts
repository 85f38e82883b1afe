import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { agendaModel, buildAgenda } from '#templates/agenda.ts';
import { TEMPLATE_VERSION } from '#templates/doc-format.ts';
import type { Block, DocumentModel } from '#templates/doc-model.ts';
import { renderDocx, renderDocxAfresh } from '#templates/docx.ts';
import { buildMinutes, minutesModel } from '#templates/minutes.ts';
import {
  edgeAgendaInput,
  edgeMinutesInput,
  fixture,
  fixtureAgendaInput,
  fixtureMinutesInput,
  part,
  seedAgendaInput,
  seedMinutesInput,
  sha256,
} from './support.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('determinism', () => {
  it('gives the same bytes for the same input, whenever it is built', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const builds = () => [
      buildAgenda(seedAgendaInput()),
      buildMinutes(seedMinutesInput()),
      buildAgenda(edgeAgendaInput()),
      buildAgenda(fixtureAgendaInput('state-agenda')),
      buildMinutes(fixtureMinutesInput('state-minutes-en')),
    ];
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const first = (await Promise.all(builds())).map(sha256);
    vi.setSystemTime(new Date('2031-06-15T13:37:42Z'));
    const second = (await Promise.all(builds())).map(sha256);
    expect(second).toEqual(first);
  });

  it('gives different bytes when the input differs', async () => {
    const a = sha256(await buildAgenda(seedAgendaInput()));
    expect(sha256(await buildAgenda(seedAgendaInput({ number: 6 })))).not.toBe(a);
    expect(sha256(await buildAgenda(seedAgendaInput({ version: 2 })))).not.toBe(a);
  });

  it('dates the core properties from the document, not the clock', async () => {
    const core = part(await buildAgenda(seedAgendaInput({ version: 4 })), 'docProps/core.xml');
    expect(core).toMatch(/<dcterms:created [^>]*>2026-08-20T00:00:00Z<\/dcterms:created>/);
    expect(core).toMatch(/<dcterms:modified [^>]*>2026-08-20T00:00:00Z<\/dcterms:modified>/);
    expect(core).toContain('<cp:revision>4</cp:revision>');
    const minutesCore = part(await buildMinutes(seedMinutesInput()), 'docProps/core.xml');
    expect(minutesCore).toMatch(/<dcterms:created [^>]*>2026-08-24T04:00:00Z<\/dcterms:created>/);
  });

  it('names its template version', () => {
    expect(TEMPLATE_VERSION).toMatch(/\S/);
  });
});

/** Every fixture's model, and the edge visit's minutes. */
function models(): [string, DocumentModel][] {
  const names = readdirSync(new URL('../../templates/fixtures/', import.meta.url))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''));
  return [
    ...names.map((name): [string, DocumentModel] => [
      name,
      fixture(name).kind === 'agenda'
        ? agendaModel(fixtureAgendaInput(name))
        : minutesModel(fixtureMinutesInput(name)),
    ]),
    ['edge minutes', minutesModel(edgeMinutesInput())],
  ];
}

describe('the DOCX renderer against docx', () => {
  it.each(models())('writes the %s document part exactly as docx writes it afresh', async (_, model) => {
    const fast = part(await renderDocx(model), 'word/document.xml');
    expect(fast).toBe(part(await renderDocxAfresh(model), 'word/document.xml'));
  });

  it('writes odd texts as docx does: markup, tabs, empty runs, slot-like and replacement characters', async () => {
    const odd = [
      'Tóm tắt & <thử> "nghiệm" \'x\'',
      '\ttab đầu',
      'giữa\tvà\t\tcuối\t',
      '',
      '\uE010' + '0\uE011 $& $1 $$',
      'ký tự \u0001\u001F điều khiển',
    ];
    const blocks: Block[] = [
      ...odd.map(
        (text): Block => ({ kind: 'paragraph', style: 'body', runs: [{ text }, { text, bold: true }] }),
      ),
      {
        kind: 'list',
        marker: '-',
        items: odd.map((text) => [{ text, italic: false, lang: 'en-GB' as const }]),
      },
      {
        kind: 'table',
        columns: [60, 200, 100],
        lines: { kind: 'ruled', weight: 0.5 },
        padding: 4.25,
        heading: {
          cells: odd
            .slice(0, 3)
            .map((t) => ({ paragraphs: [{ kind: 'paragraph', style: 'cellHead', runs: [{ text: t }] }] })),
        },
        rows: odd.map((t) => ({
          cells: [
            { paragraphs: [{ kind: 'paragraph', style: 'cellGroup', runs: [{ text: t }] }], span: 2 },
            { paragraphs: [] },
          ],
        })),
        keepRows: true,
      },
      { kind: 'rule', width: 100, weight: 0.75 },
    ];
    const model = agendaModel(seedAgendaInput());
    const oddModel: DocumentModel = {
      ...model,
      body: blocks,
      meta: { ...model.meta, title: odd.join(' ') },
      annexes: [{ blocks }],
    };
    const fast = part(await renderDocx(oddModel), 'word/document.xml');
    expect(fast).toBe(part(await renderDocxAfresh(oddModel), 'word/document.xml'));
    // the second time from the shapes kept
    expect(part(await renderDocx(oddModel), 'word/document.xml')).toBe(fast);
  });
});
