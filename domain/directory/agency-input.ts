/**
 * Checking a version of an agency as a person gives it (JSON, or the agency form): every field named in the 422,
 * a province valid on the version's first day, a chain of 1–10 steps in which no approver is named twice and no
 * step's deputy is its own approver, and a signer of a kind the system knows (`SignerRef`). A partial body keeps the
 * previous version's other fields (its signer among them), so a field another part of the system adds to an agency
 * is carried into the next version.
 */
import * as z from 'zod/mini';
import { AGENCY_KINDS, type AgencyVersion, type ApprovalStep } from '#domain/agencies.ts';
import { DATE_FORMAT, isCalendarDate } from '#domain/clock.ts';
import { type FieldErrors, ValidationError } from '#domain/errors.ts';
import { AGENCY_ID } from '#domain/ids.ts';
import { fieldPath, plainInput } from '#domain/input.ts';
import { isProvinceOn } from './provinces.ts';
import { emailKey } from './users.ts';
import type { AgencyFields } from './versions.ts';

export const MAX_CHAIN = 10;

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const person = () =>
  z.object({
    name: text(120),
    position: text(200),
    email: z.string().check(z.trim(), z.toLowerCase(), z.maxLength(254), z.email()),
    /** the position as lists of participants write it, with the body and the other offices that matter */
    fullPosition: z.optional(text(300)),
  });

/**
 * A licensed CA's signing service: https, or plain http on this machine only (a stand-in), since the agency's login
 * and PIN go there.
 */
const SIGNING_SERVICE_URL = /^(https:\/\/[^\s/?#]+|http:\/\/(localhost|127\.0\.0\.1)(:\d+)?)(\/\S*)?$/;

/** The agency's signer (`SignerRef`): the local test CA, the stage's KMS key, or a CSC credential. */
const signerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('test') }),
  z.object({ kind: z.literal('kms') }),
  z.object({
    kind: z.literal('csc'),
    serviceUrl: z.string().check(z.trim(), z.maxLength(500), z.regex(SIGNING_SERVICE_URL)),
    credentialId: text(200),
    secretId: text(512),
  }),
]);

const versionSchema = z.object({
  kind: z.enum(AGENCY_KINDS as ['party', 'state']),
  name: text(300),
  nameEn: text(300),
  parentName: text(200),
  shortName: text(200),
  province: text(100),
  seat: text(100),
  code: z.string().check(z.trim(), z.regex(/^[A-ZĐ0-9]{1,20}$/)),
  headTitle: text(100),
  approvalChain: z
    .array(z.object({ approver: person(), deputy: z.optional(person()) }))
    .check(z.minLength(1), z.maxLength(MAX_CHAIN)),
  secretary: person(),
  signer: z.optional(signerSchema),
  validFrom: z.string().check(z.trim(), z.regex(DATE_FORMAT)),
});

const blank = (p: unknown) =>
  !p ||
  (typeof p === 'object' &&
    Object.values(p as Record<string, unknown>).every((v) => typeof v !== 'string' || v.trim() === ''));

/** A form's rows: a step with a blank approver is dropped, a blank deputy is no deputy. */
function tidyChain(chain: unknown): unknown {
  if (!Array.isArray(chain)) return chain;
  return chain
    .filter(
      (s) =>
        !(
          s &&
          typeof s === 'object' &&
          blank((s as ApprovalStep).approver) &&
          blank((s as ApprovalStep).deputy)
        ),
    )
    .map((s) => {
      if (!s || typeof s !== 'object') return s;
      const { deputy, ...rest } = s as Record<string, unknown>;
      return blank(deputy) ? rest : { ...rest, deputy };
    });
}

function reasonFor(issue: z.core.$ZodIssue) {
  const last = issue.path.at(-1);
  if (issue.path[0] === 'signer') {
    if (last === 'signer' || last === 'kind')
      return {
        vi: 'là {"kind":"test"}, {"kind":"kms"} hoặc {"kind":"csc", serviceUrl, credentialId, secretId}',
        en: 'must be {"kind":"test"}, {"kind":"kms"} or {"kind":"csc", serviceUrl, credentialId, secretId}',
      };
    if (last === 'serviceUrl' && issue.code === 'invalid_format')
      return { vi: 'phải là địa chỉ https', en: 'must be an https URL' };
  }
  if (issue.code === 'invalid_format' && last === 'email')
    return { vi: 'không phải địa chỉ email hợp lệ', en: 'is not a valid email address' };
  if (issue.code === 'invalid_format' && last === 'code')
    return { vi: 'chữ in hoa và số, tối đa 20 ký tự', en: 'capital letters and digits, at most 20' };
  if (issue.code === 'invalid_format') return { vi: 'theo dạng YYYY-MM-DD', en: 'as YYYY-MM-DD' };
  if (issue.code === 'too_big' && issue.origin === 'array')
    return { vi: `tối đa ${MAX_CHAIN} bước`, en: `at most ${MAX_CHAIN} steps` };
  if (issue.code === 'too_big')
    return { vi: `tối đa ${issue.maximum} ký tự`, en: `at most ${issue.maximum} characters` };
  if (issue.code === 'too_small' && issue.origin === 'array')
    return { vi: 'cần ít nhất một bước', en: 'needs at least one step' };
  if (issue.code === 'invalid_value')
    return { vi: 'chỉ nhận party hoặc state', en: 'must be party or state' };
  return { vi: 'bắt buộc nhập', en: 'is required' };
}

/**
 * A version's fields and its first day, from `input` over `previous` (the fields the input leaves out keep their
 * value). Throws ValidationError naming every failing field.
 */
export function validateAgencyVersion(
  input: Record<string, unknown>,
  previous?: Partial<AgencyVersion>,
): { fields: AgencyFields; validFrom: string } {
  const { id: _id, version: _v, validFrom: _f, validTo: _t, successorId: _s, ...kept } = previous ?? {};
  const given = plainInput(input) as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...kept, ...given };
  if ('approvalChain' in given) merged.approvalChain = tidyChain(given.approvalChain);
  const parsed = z.safeParse(versionSchema, merged);
  const errors: FieldErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[fieldPath(issue.path)] ??= reasonFor(issue);
    throw new ValidationError(errors);
  }
  const data = parsed.data;
  if (!isCalendarDate(data.validFrom))
    errors.validFrom = { vi: 'không phải ngày có thật', en: 'is not a real date' };
  else if (!isProvinceOn(data.province, data.validFrom))
    errors.province = {
      vi: `không phải tỉnh, thành phố có vào ngày ${data.validFrom}`,
      en: `is not a province on ${data.validFrom}`,
    };
  const approvers = new Map<string, number>();
  data.approvalChain.forEach((step, i) => {
    const email = emailKey(step.approver.email);
    const earlier = approvers.get(email);
    if (earlier !== undefined)
      errors[`approvalChain[${i}].approver.email`] = {
        vi: `đã có ở bước ${earlier + 1}: một người chỉ phê duyệt một bước`,
        en: `is named at step ${earlier + 1} already: a person approves one step`,
      };
    approvers.set(email, i);
    if (step.deputy && emailKey(step.deputy.email) === email)
      errors[`approvalChain[${i}].deputy.email`] = {
        vi: 'không được trùng người phê duyệt của bước',
        en: "must differ from the step's approver",
      };
  });
  if (Object.keys(errors).length) throw new ValidationError(errors);
  const { validFrom, ...fields } = data;
  const chain = data.approvalChain.map((s) => (s.deputy ? s : { approver: s.approver }));
  return { fields: { ...kept, ...fields, approvalChain: chain } as AgencyFields, validFrom };
}

/** Checks a new agency's id. */
export function validateAgencyId(id: unknown): string {
  if (typeof id !== 'string' || !AGENCY_ID.test(id.trim()))
    throw new ValidationError({
      id: {
        vi: 'chữ thường, số và dấu -, tối đa 64 ký tự',
        en: 'lowercase letters, digits and -, at most 64',
      },
    });
  return id.trim();
}
