/**
 * A form's field messages as people read them beside what they typed: the formats a reason names as the API takes
 * them (YYYY-MM-DD, an ISO instant) said as the form asks for them (dates as dd/mm/yyyy, the minutes' times as a
 * date and a clock time). Only the forms' flow needs it; the JSON answers keep the API's formats.
 */
import type { FieldErrors } from '#domain/errors.ts';
import type { Language } from '#domain/visit.ts';
import { fieldMessages } from './fields.ts';

const TYPED_FORMATS: readonly [string, Record<Language, string>][] = [
  [
    '2026-08-24T08:00+07:00',
    { vi: 'ngày dd/mm/yyyy và giờ HH:MM', en: 'a date dd/mm/yyyy and a time HH:MM' },
  ],
  ['YYYY-MM-DD', { vi: 'dd/mm/yyyy', en: 'dd/mm/yyyy' }],
];

/** Every refused field's message, by field path, with the formats people type. */
export function typedFieldMessages(fields: FieldErrors, lang: Language): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fieldMessages(fields, lang)).map(([path, text]) => [
      path,
      TYPED_FORMATS.reduce((t, [api, typed]) => t.replaceAll(api, typed[lang]), text),
    ]),
  );
}
