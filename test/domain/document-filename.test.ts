import { describe, expect, it } from 'vitest';
import { documentFilename } from '#domain/document-filename.ts';

const VISIT = '20260801-7K3QX9M2PA';

describe('the file name of a document', () => {
  it('says what it is, its number and its revision', () => {
    expect(documentFilename({ kind: 'agenda', number: '05/CTr-BTGTU', version: 2 }, VISIT)).toBe(
      'ChuongTrinh-05-CTr-BTGTU-v2.docx',
    );
    expect(documentFilename({ kind: 'minutes', number: '05/BB-BTGTU', version: 1 }, VISIT)).toBe(
      'BienBan-05-BB-BTGTU-v1.docx',
    );
  });

  it('ends an issued PDF in its own extension, beside the DOCX of the same revision', () => {
    expect(
      documentFilename({ kind: 'agenda', number: '05/CTr-BTGTU', version: 2, format: 'pdf' }, VISIT),
    ).toBe('ChuongTrinh-05-CTr-BTGTU-v2.pdf');
    expect(
      documentFilename({ kind: 'minutes', number: '05/BB-BTGTU', version: 1, format: 'docx' }, VISIT),
    ).toBe('BienBan-05-BB-BTGTU-v1.docx');
  });

  it('names the archive’s manifest by its visit', () => {
    expect(documentFilename({ kind: 'manifest' }, VISIT)).toBe(`BanKe-${VISIT}.json`);
  });

  it('keeps nothing from the number that a file name or a header could misread', () => {
    expect(
      documentFilename({ kind: 'minutes', number: '05/BB\\BTGTU "x";\r\nSet-Cookie: a', version: 3 }, VISIT),
    ).toBe('BienBan-05-BB-BTGTUxSet-Cookiea-v3.docx');
  });
});
