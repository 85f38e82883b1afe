/**
 * Types for the parts of PDFKit 0.20 and fontkit 2 the PDF renditions use (neither ships its own). Kept to what is
 * called, so a call outside it fails the type check instead of passing as `any`.
 */
declare module 'fontkit' {
  export interface Font {
    readonly postscriptName: string;
    readonly unitsPerEm: number;
    /** hhea ascent, descent (negative) and line gap, in font units */
    readonly ascent: number;
    readonly descent: number;
    readonly lineGap: number;
    /** every code point the font maps, ascending */
    readonly characterSet: number[];
    hasGlyphForCodePoint(codePoint: number): boolean;
    glyphForCodePoint(codePoint: number): unknown;
  }
  export function create(buffer: Uint8Array): Font;
}

declare module 'pdfkit' {
  import type { Font } from 'fontkit';

  export interface PDFReference {
    data: Record<string, unknown>;
    end(chunk?: Uint8Array | string): void;
  }

  export interface PDFPage {
    width: number;
    height: number;
    margins: { top: number; bottom: number; left: number; right: number };
    dictionary: PDFReference;
    annotations: PDFReference[];
  }

  export interface TextOptions {
    width?: number;
    height?: number;
    align?: 'left' | 'center' | 'right' | 'justify';
    indent?: number;
    lineGap?: number;
    paragraphGap?: number;
    lineBreak?: boolean;
    continued?: boolean;
    underline?: boolean;
    characterSpacing?: number;
    features?: string[];
  }

  export interface DocumentOptions {
    size?: string | [number, number];
    margins?: { top: number; bottom: number; left: number; right: number };
    pdfVersion?: '1.4' | '1.5' | '1.6' | '1.7';
    subset?: 'PDF/A-2b' | 'PDF/A-2a' | 'PDF/A-3b';
    bufferPages?: boolean;
    autoFirstPage?: boolean;
    lang?: string;
    displayTitle?: boolean;
    tagged?: boolean;
    font?: Font;
    info?: {
      Title?: string;
      Author?: string;
      Subject?: string;
      Keywords?: string;
      Creator?: string;
      Producer?: string;
      CreationDate?: Date;
    };
  }

  export default class PDFDocument {
    constructor(options?: DocumentOptions);
    page: PDFPage;
    x: number;
    y: number;
    info: NonNullable<DocumentOptions['info']> & { CreationDate: Date; Creator: string; Producer: string };
    on(event: 'data', listener: (chunk: Uint8Array) => void): this;
    on(event: 'end', listener: () => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
    ref(data: Record<string, unknown>): PDFReference;
    appendXML(xml: string, newline?: boolean): void;
    /** PDFKit's own writer of the Info fields into the XMP packet (internal to 0.20; replaced for escaping) */
    protected _addInfo(): void;
    /** the fonts opened, by name (internal to 0.20) */
    protected _fontFamilies: Record<string, unknown>;
    /** the current font (internal to 0.20) */
    protected _font: unknown;
    registerFont(name: string, font: Font): this;
    font(name: string, size?: number): this;
    fontSize(size: number): this;
    currentLineHeight(includeGap?: boolean): number;
    text(text: string, x?: number, y?: number, options?: TextOptions): this;
    text(text: string, options?: TextOptions): this;
    widthOfString(text: string, options?: TextOptions): number;
    heightOfString(text: string, options?: TextOptions): number;
    moveDown(lines?: number): this;
    addPage(options?: { margins?: DocumentOptions['margins'] }): this;
    switchToPage(index: number): PDFPage;
    bufferedPageRange(): { start: number; count: number };
    save(): this;
    restore(): this;
    moveTo(x: number, y: number): this;
    lineTo(x: number, y: number): this;
    rect(x: number, y: number, w: number, h: number): this;
    lineWidth(width: number): this;
    dash(length: number, options?: { space?: number }): this;
    undash(): this;
    stroke(color?: string): this;
    fill(color?: string): this;
    fillColor(color: string): this;
    strokeColor(color: string): this;
    end(): void;
  }
}
