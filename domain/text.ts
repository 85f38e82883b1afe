/** Vietnamese text without its accents: for English renderings of names, and for searches that ignore them. */

/** Vietnamese without its diacritics, as English text writes place names: "Quảng Nam" → "Quang Nam". */
export function unaccent(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}

/** Text as a search compares it: no accents, lower case, single spaces ("Văn  phòng" and "van phong" meet). */
export function foldForSearch(text: string): string {
  return unaccent(text).toLowerCase().replace(/\s+/g, ' ').trim();
}
