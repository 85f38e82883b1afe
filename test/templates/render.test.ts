import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedMinutes, seedRequest } from '#infra/local/seed-visit.ts';
import { buildAgenda } from '#templates/agenda.ts';
import { buildMinutes } from '#templates/minutes.ts';
import { convertToPdf, findOffice } from '#templates/preview.ts';
import {
  edgeAgendaInput,
  fixtureAgendaInput,
  fixtureMinutesInput,
  seedAgendaInput,
  seedMinutesInput,
} from './support.ts';

const office = findOffice();
const flat = (text: string) => text.normalize('NFC').replace(/\s+/g, ' ');
/** Every word of `s` is in the PDF text; text extraction may split or join the lines of a wrapped table cell. */
const expectWords = (pdfText: string, s: string) => {
  const glued = pdfText.replace(/\s+/g, '');
  for (const word of flat(s)
    .replace(/\p{Cc}/gu, '')
    .split(' ')
    .filter(Boolean))
    expect(glued, s).toContain(word);
};

/** Converted with LibreOffice where it is installed (CI installs it; a CI run without it fails). */
describe.skipIf(!office && !process.env.CI)('rendered to PDF', () => {
  const dir = mkdtempSync(join(tmpdir(), 'render-'));
  const pdfs: Record<string, { pages: number; text: string; fonts: string[] }> = {};

  beforeAll(async () => {
    const docs = {
      'seed-agenda': await buildAgenda(seedAgendaInput()),
      'seed-minutes': await buildMinutes(seedMinutesInput()),
      'edge-agenda': await buildAgenda(edgeAgendaInput()),
      'state-agenda': await buildAgenda(fixtureAgendaInput('state-agenda')),
      'state-minutes': await buildMinutes(fixtureMinutesInput('state-minutes')),
    };
    const paths = Object.entries(docs).map(([name, bytes]) => {
      const path = join(dir, `${name}.docx`);
      writeFileSync(path, bytes);
      return path;
    });
    const outputs = convertToPdf(office ?? 'soffice', paths, dir);
    Object.keys(docs).forEach((name, i) => {
      const pdf = outputs[i] ?? '';
      const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
      pdfs[name] = {
        pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0),
        text: flat(execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' })),
        fonts: execFileSync('pdffonts', [pdf], { encoding: 'utf8' })
          .split('\n')
          .slice(2)
          .map((l) => l.split(/\s+/)[0] ?? '')
          .filter(Boolean),
      };
    });
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lays the seed programme out on two pages and its members annex on a third', () => {
    const { pages, text } = pdfs['seed-agenda']!;
    expect(pages).toBe(3);
    for (const s of [
      'ĐẢNG CỘNG SẢN VIỆT NAM',
      'Số 05-CTr/BTGTU',
      'Quảng Nam, ngày 20 tháng 8 năm 2026',
      'CHƯƠNG TRÌNH',
      'Nguyễn Thị Thu Lan',
      'Phụ lục',
      ...seedRequest().members.map((m) => m.name),
    ]) {
      expect(text).toContain(s);
    }
    for (const t of seedRequest().topics) expectWords(text, t);
  });

  it('lays the seed minutes out on three pages with every attendee and both signatures', () => {
    const { pages, text } = pdfs['seed-minutes']!;
    expect(pages).toBe(3);
    for (const s of [
      'BIÊN BẢN',
      'Số 05-BB/BTGTU',
      'NGƯỜI GHI BIÊN BẢN',
      'CHỦ TRÌ',
      ...seedMinutes().attendees.map((a) => a.name),
    ]) {
      expect(text).toContain(s);
    }
    for (const item of seedMinutes().items) expectWords(text, item.content);
  });

  it('renders the edge programme across pages without losing a member or an item', () => {
    const { pages, text } = pdfs['edge-agenda']!;
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(pages).toBeLessThanOrEqual(8);
    const r = edgeAgendaInput().request;
    for (const m of r.members) {
      expectWords(text, m.name);
      expectWords(text, m.position);
    }
    for (const a of r.agenda) {
      expectWords(text, a.content);
      expectWords(text, a.presenter);
    }
    expectWords(text, r.purpose);
    const headingRepeats = text.split('Thời gian Nội dung Thực hiện').length - 1;
    expect(headingRepeats).toBeGreaterThanOrEqual(2);
  });

  it('lays a state body’s programme and minutes out in the state format', () => {
    const agenda = pdfs['state-agenda']!;
    expect(agenda.pages).toBe(3);
    for (const s of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Số: 12/CTr-SNV',
      'Nghệ An, ngày 08 tháng 10 năm 2026',
      'GIÁM ĐỐC',
    ])
      expect(agenda.text).toContain(s);
    const minutes = pdfs['state-minutes']!;
    expect(minutes.pages).toBe(2);
    for (const s of ['Số: 09/BB-SNV', 'THƯ KÝ', 'CHỦ TỌA', 'Phan Văn Long'])
      expect(minutes.text).toContain(s);
  });

  it('embeds Liberation Serif for every run: no font substituted for a missing glyph', () => {
    for (const [name, pdf] of Object.entries(pdfs)) {
      expect(pdf.fonts.length, name).toBeGreaterThan(0);
      for (const font of pdf.fonts)
        expect(font, name).toMatch(/^[A-Z]{6}\+(LiberationSerif|TimesNewRoman\w*)(-\w+)?$/);
    }
  });
});
