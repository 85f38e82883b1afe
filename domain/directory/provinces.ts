/**
 * Vietnam's provincial-level units as reference data (provinces.json, with its sources: Resolution 202/2025/QH15,
 * the 60-NQ/TW annex, the statistics office's code lists): the 63 valid before 1 July 2025 and the 34 valid from
 * then, each merged unit naming its successor. A code is not unique over time (a merged unit took the code of the
 * predecessor where its seat is), so a unit is resolved by name and date, or by id.
 */
import data from './provinces.json' with { type: 'json' };

interface NameEntry {
  name: string;
  validFrom: string;
  validTo?: string;
}

interface ProvinceRecord {
  id: string;
  code: string;
  name: string;
  validFrom: string;
  validTo?: string;
  successorId?: string;
  successorCode?: string;
  names?: NameEntry[];
}

/** A province as valid on a date: what GET /directory/provinces answers. */
export interface Province {
  id: string;
  code: string;
  name: string;
  validFrom: string;
  validTo?: string;
  successorCode?: string;
  successorId?: string;
}

const RECORDS: readonly ProvinceRecord[] = data.provinces as ProvinceRecord[];
const BY_ID = new Map(RECORDS.map((p) => [p.id, p]));

const inForce = (from: string, to: string | undefined, date: string) =>
  from <= date && (to === undefined || date <= to);

/** A unit's name on a date (a unit may be renamed without a change of territory). */
function nameOn(p: ProvinceRecord, date: string): string {
  return p.names?.find((n) => inForce(n.validFrom, n.validTo, date))?.name ?? p.name;
}

/** The units valid on `date`: 63 before 1 July 2025, 34 from then. */
export function provincesOn(date: string): Province[] {
  return RECORDS.filter((p) => inForce(p.validFrom, p.validTo, date)).map((p) => ({
    id: p.id,
    code: p.code,
    name: nameOn(p, date),
    validFrom: p.validFrom,
    ...(p.validTo ? { validTo: p.validTo } : {}),
    ...(p.successorCode ? { successorCode: p.successorCode } : {}),
    ...(p.successorId ? { successorId: p.successorId } : {}),
  }));
}

const key = (name: string) => name.normalize('NFC').trim().toLocaleLowerCase('vi');

/** Every name a unit has carried, of any time, once each (NFC). */
export function provinceNames(): string[] {
  const names = new Set<string>();
  for (const p of RECORDS) {
    names.add(p.name.normalize('NFC'));
    for (const n of p.names ?? []) names.add(n.name.normalize('NFC'));
  }
  return [...names];
}

/** The name as the reference data writes it, for a name typed in any case; undefined for no unit's name. */
export function provinceNamed(name: string): string | undefined {
  const wanted = key(name);
  return provinceNames().find((n) => key(n) === wanted);
}

/** Whether `name` is the name of a unit valid on `date`. */
export function isProvinceOn(name: string, date: string): boolean {
  const wanted = key(name);
  return provincesOn(date).some((p) => key(p.name) === wanted);
}

/**
 * The names a search by province must find a visit under, for a side whose province was `name` on `date`: that
 * name and the names of its successors (transitively), each once. "Quảng Nam" in 2024 gives Quảng Nam and Đà Nẵng.
 */
export function provinceAndSuccessors(name: string, date: string): string[] {
  const out = [name.normalize('NFC')];
  const wanted = key(name);
  let unit = RECORDS.find((p) => inForce(p.validFrom, p.validTo, date) && key(nameOn(p, date)) === wanted);
  const seen = new Set<string>();
  while (unit?.successorId && !seen.has(unit.id)) {
    seen.add(unit.id);
    const next = BY_ID.get(unit.successorId);
    if (!next) break;
    const successorName = nameOn(next, next.validFrom).normalize('NFC');
    if (!out.includes(successorName)) out.push(successorName);
    unit = next;
  }
  return out;
}
