/**
 * The fonts of the PDF renditions: Liberation Serif 2.1.5 (metric-compatible with Times New Roman, with every
 * precomposed Vietnamese letter; SIL Open Font License 1.1, embedding allowed: `fonts/OFL.txt`), shipped unmodified
 * in `fonts/` beside this module. The functions' bundle carries the same folder beside the bundle
 * (`PDF_RUNTIME_FILES`), so the same relative URL finds them in both. Each file is parsed once per process:
 * parsing dominates a render.
 */
import { readFileSync } from 'node:fs';
import { create, type Font } from 'fontkit';

export const FONT_FILES = {
  regular: 'LiberationSerif-Regular.ttf',
  bold: 'LiberationSerif-Bold.ttf',
  italic: 'LiberationSerif-Italic.ttf',
  boldItalic: 'LiberationSerif-BoldItalic.ttf',
} as const;

export type FontStyle = keyof typeof FONT_FILES;

/**
 * Files the PDF renditions read at run time, from the repository root to their place beside the bundle: the fonts,
 * and the sRGB ICC profile PDFKit embeds as the PDF/A output intent (it reads it from `data/` beside itself).
 */
export const PDF_RUNTIME_FILES = [
  { from: 'templates/pdf/fonts', to: 'fonts' },
  { from: 'node_modules/pdfkit/js/data/sRGB_IEC61966_2_1.icc', to: 'data/sRGB_IEC61966_2_1.icc' },
] as const;

let parsed: Record<FontStyle, Font> | undefined;

/** The four styles, parsed on first use. */
export function serifFonts(): Record<FontStyle, Font> {
  if (!parsed) {
    const load = (file: string) => {
      const font = create(readFileSync(new URL(`./fonts/${file}`, import.meta.url)));
      // fontkit keeps each glyph with the characters it was first asked for. A glyph first met as a part of an
      // accented letter (while a subset is written) would be kept with none, and the next document's text map
      // would lose it ("e" under "ề"): every mapped character is asked for once, here, so each glyph keeps its own.
      for (const codePoint of font.characterSet) font.glyphForCodePoint(codePoint);
      return font;
    };
    parsed = {
      regular: load(FONT_FILES.regular),
      bold: load(FONT_FILES.bold),
      italic: load(FONT_FILES.italic),
      boldItalic: load(FONT_FILES.boldItalic),
    };
  }
  return parsed;
}
