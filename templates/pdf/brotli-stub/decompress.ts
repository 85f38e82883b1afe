/**
 * What the functions' bundle puts in place of the `brotli` package's decompressor (infra/bundling.ts): fontkit
 * needs it only for WOFF2 fonts, which the PDFs never use, and Node decompresses Brotli itself. The package's own
 * decoder would add some 475 KB to the bundle.
 */
import { brotliDecompressSync } from 'node:zlib';

export default function decompress(buffer: Uint8Array): Uint8Array {
  return new Uint8Array(brotliDecompressSync(buffer));
}
