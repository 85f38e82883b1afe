/** File names in headers (Content-Disposition of downloads and of mail attachments) for Vietnamese names. */

/** An ASCII stand-in for a file name: Vietnamese letters lose their marks ("Biên bản" → "Bien ban"). */
export function asciiFilename(name: string, fallback = 'download'): string {
  const plain = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  return plain.trim() || fallback;
}

/** RFC 5987 / RFC 2231 value: UTF-8, percent-encoding everything outside attr-char. */
export function rfc5987(value: string): string {
  return encodeURIComponent(value.normalize('NFC')).replace(
    /['()*!]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `attachment; filename="<ASCII>"; filename*=UTF-8''<the real name>` (RFC 6266). */
export function attachmentDisposition(filename: string, fallback?: string): string {
  return `attachment; filename="${asciiFilename(filename, fallback)}"; filename*=UTF-8''${rfc5987(filename)}`;
}
