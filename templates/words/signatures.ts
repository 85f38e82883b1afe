/**
 * The words of digital signatures, in Vietnamese and English: the stamp drawn on a signed PDF, the note on an
 * unsigned one, and what the pages say of a document's signature and of its verification.
 */
import type { Bilingual } from '#domain/errors.ts';
import type { SignatureCheck } from '#domain/ports.ts';

export const STAMP_WORDS = {
  vi: {
    signedBy: 'Ký bởi',
    position: 'Chức vụ',
    agency: 'Cơ quan',
    signedAt: 'Thời gian ký',
    licensed: 'Chữ ký số của cơ quan',
    test: 'Chữ ký số thử nghiệm (chứng thư tự cấp)',
    unsigned: 'Bản PDF này không mang chữ ký số của cơ quan ban hành',
    reason: (number: string) => `Ban hành văn bản số ${number}`,
  },
  en: {
    signedBy: 'Signed by',
    position: 'Position',
    agency: 'Agency',
    signedAt: 'Signed at',
    licensed: "The agency's digital signature",
    test: 'Test signature (self-issued certificate)',
    unsigned: "This PDF does not carry the issuing agency's digital signature",
    reason: (number: string) => `Issue of document No. ${number}`,
  },
} as const;

/** How a document's signature reads on the pages. */
export const SIGNATURE_STATE: Record<'licensed' | 'test' | 'unsigned', Bilingual> = {
  licensed: { vi: 'Đã ký số', en: 'Digitally signed' },
  test: { vi: 'Đã ký số thử nghiệm', en: 'Test signature' },
  unsigned: { vi: 'Chưa ký số', en: 'Not signed' },
};

/** What a trust level means, said beside a verified signature. */
export const TRUST_WORDS: Record<NonNullable<SignatureCheck['trust']>, Bilingual> = {
  licensed: {
    vi: 'Chứng thư do tổ chức cung cấp dịch vụ chứng thực chữ ký số được cấp phép phát hành: có giá trị pháp lý',
    en: 'Certificate issued by a licensed certification authority: the signature has legal force',
  },
  'self-issued': {
    vi: 'Chứng thư tự cấp (thử nghiệm): chỉ chứng minh văn bản không bị thay đổi, không có giá trị pháp lý',
    en: 'Self-issued (test) certificate: proves the document is unchanged, carries no legal force',
  },
  unknown: {
    vi: 'Chứng thư không thuộc gốc tin cậy nào đã cấu hình',
    en: 'The certificate chains to no configured root',
  },
};
