import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgenda } from '#templates/agenda.ts';
import { buildMinutes } from '#templates/minutes.ts';
import { convertToPdf, findOffice } from '#templates/preview.ts';
import { seedMinutes, seedRequest } from '../support/seed-2024.ts';
import { edgeAgendaInput, seedAgendaInput, seedMinutesInput } from './support.ts';

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
  const pdfs: Record<string, { pages: number; text: string }> = {};

  beforeAll(async () => {
    const docs = {
      'seed-agenda': await buildAgenda(seedAgendaInput()),
      'seed-minutes': await buildMinutes(seedMinutesInput()),
      'edge-agenda': await buildAgenda(edgeAgendaInput()),
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
      };
    });
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lays the seed programme out on two pages and its members annex on a third', () => {
    const { pages, text } = pdfs['seed-agenda']!;
    expect(pages).toBe(3);
    for (const s of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Số: 05/CTr-BTGTU',
      'Quảng Nam, ngày 20 tháng 8 năm 2026',
      'CHƯƠNG TRÌNH LÀM VIỆC',
      'Nguyễn Thị Thu Lan',
      'Phụ lục',
      ...seedRequest().members.map((m) => m.name),
    ]) {
      expect(text).toContain(s);
    }
    for (const t of seedRequest().topics) expectWords(text, t);
  });

  it('lays the seed minutes out on two pages with every attendee and both signatures', () => {
    const { pages, text } = pdfs['seed-minutes']!;
    expect(pages).toBe(2);
    for (const s of [
      'BIÊN BẢN LÀM VIỆC',
      'Số: 05/BB-BTGTU',
      'THƯ KÝ',
      'CHỦ TỌA',
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
    expectWords(text, r.title);
    const headingRepeats = text.split('Thời gian Nội dung Thực hiện').length - 1;
    expect(headingRepeats).toBeGreaterThanOrEqual(2);
  });
});
