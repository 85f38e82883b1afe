/**
 * Out-of-office substitutes: while a person of an agency is absent (from `from` to `to`, inclusive), new
 * agenda-approval links that would go to them go to the substitute, and their open agenda approvals move to the
 * substitute (actions/move-approval.ts). A chair's sign-off of minutes is never substituted. Ending a substitution
 * early stops it from then.
 */
import { type Agency, approverEmails, type Person, peopleOf } from '#domain/agencies.ts';
import { isCalendarDate } from '#domain/clock.ts';
import { type FieldErrors, ValidationError } from '#domain/errors.ts';
import { type DirectoryUser, emailKey } from './users.ts';

export interface Substitute {
  id: string;
  absentEmail: string;
  substitute: Person;
  /** YYYY-MM-DD, inclusive */
  from: string;
  to: string;
  reason: string;
  createdBy: string;
  createdAt: string;
  /** set when ended early: the substitution no longer holds */
  endedAt?: string;
}

/** The substitute standing in for `email` on `date`, if one holds. */
export function substituteFor(
  substitutes: Record<string, Substitute> | undefined,
  email: string,
  date: string,
): Substitute | undefined {
  const wanted = emailKey(email);
  return Object.values(substitutes ?? {}).find(
    (s) => !s.endedAt && emailKey(s.absentEmail) === wanted && s.from <= date && date <= s.to,
  );
}

/** A person of the agency by email: someone its version names, or one of its enabled users (position unknown). */
export function personOf(
  agency: Pick<Agency, 'approvalChain' | 'secretary'>,
  users: readonly DirectoryUser[],
  email: string,
): Person | undefined {
  const wanted = emailKey(email);
  const named = peopleOf(agency).find((p) => emailKey(p.email) === wanted);
  if (named) return named;
  const user = users.find((u) => u.email === wanted && !u.disabled);
  return user ? { name: user.name, position: '', email: user.email } : undefined;
}

/** Checks a substitution for an agency (as valid today): who is absent, who stands in, when and why. */
export function validateSubstitute(
  input: Record<string, unknown>,
  agency: Pick<Agency, 'approvalChain' | 'secretary'>,
  users: readonly DirectoryUser[],
  today: string,
): Pick<Substitute, 'absentEmail' | 'substitute' | 'from' | 'to' | 'reason'> {
  const fields: FieldErrors = {};
  const str = (k: string) =>
    typeof input[k] === 'string' ? (input[k] as string).normalize('NFC').trim() : '';
  const absentEmail = emailKey(str('absentEmail'));
  const substituteEmail = emailKey(str('substituteEmail'));
  const [from, to, reason] = [str('from'), str('to'), str('reason')];
  if (!absentEmail) fields.absentEmail = { vi: 'bắt buộc nhập', en: 'is required' };
  else if (!approverEmails(agency).has(absentEmail))
    fields.absentEmail = {
      vi: 'phải là người phê duyệt của cơ quan',
      en: "must be one of the agency's approvers",
    };
  const substitute = substituteEmail ? personOf(agency, users, substituteEmail) : undefined;
  if (!substituteEmail) fields.substituteEmail = { vi: 'bắt buộc nhập', en: 'is required' };
  else if (!substitute)
    fields.substituteEmail = { vi: 'phải là người của cơ quan', en: 'must be a person of the agency' };
  else if (substituteEmail === absentEmail)
    fields.substituteEmail = { vi: 'phải khác người vắng mặt', en: 'must differ from the absent person' };
  for (const [k, v] of [
    ['from', from],
    ['to', to],
  ] as const)
    if (!isCalendarDate(v))
      fields[k] = { vi: 'một ngày có thật, dạng YYYY-MM-DD', en: 'a real date, YYYY-MM-DD' };
  if (!fields.to && to < today) fields.to = { vi: 'không được ở quá khứ', en: 'must not be in the past' };
  if (!fields.from && !fields.to && to < from)
    fields.to = { vi: 'không được trước ngày bắt đầu', en: 'must not be before the start date' };
  if (!reason) fields.reason = { vi: 'bắt buộc nhập', en: 'is required' };
  else if (reason.length > 500) fields.reason = { vi: 'tối đa 500 ký tự', en: 'at most 500 characters' };
  if (Object.keys(fields).length || !substitute) throw new ValidationError(fields);
  return { absentEmail, substitute, from, to, reason };
}
