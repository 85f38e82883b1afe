/**
 * Checks the PAdES signatures of a PDF in process, as an auditor's tool would: each signature's byte range must
 * cover the whole file but its own `/Contents` (nothing changed or appended after signing), its CMS must verify
 * over those bytes (pkijs: the message digest, the signature value, the signing certificate), and the certificate
 * must chain to a configured root, at the time the signature claims (its timestamp's, where it has one). Each
 * failure is named. Whether the root is a licensed CA's (legal force) or a self-issued one (integrity only) is
 * reported beside.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { vietnamIso } from '#domain/clock.ts';
import type { SignatureCheck, VerifyPdfSignatures } from '#domain/ports.ts';
import { arrayBuffer, OID, parseCertificate, sha256 } from './cms.ts';

/** The roots a signature may chain to, by the trust they give. */
export interface TrustRoots {
  /** licensed CAs' roots: a signature chaining here has legal force */
  licensed: Uint8Array[];
  /** self-issued roots (the local test CA, a stage's own CA): integrity only */
  selfIssued: Uint8Array[];
}

/** One signature dictionary as found in the file. */
interface FoundSignature {
  range: [number, number, number, number];
  contentsHex: string;
  /** the dictionary's /M, a PDF date string */
  claimedTime?: string;
}

const NAME_TYPES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.6': 'C',
  '1.2.840.113549.1.9.1': 'E',
};

function nameText(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues
    .map((tv) => `${NAME_TYPES[tv.type] ?? tv.type}=${String(tv.value.valueBlock.value)}`)
    .join(', ');
}

function commonName(name: pkijs.RelativeDistinguishedNames): string | undefined {
  const pick = (type: string) => name.typesAndValues.find((tv) => tv.type === type)?.value.valueBlock.value;
  const value = pick('2.5.4.3') ?? pick('2.5.4.10');
  return value === undefined ? undefined : String(value);
}

/** A PDF date (D:YYYYMMDDHHmmSS with Z, +HH'mm' or nothing) as an instant; undefined when unreadable. */
export function pdfDate(text: string): Date | undefined {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|([+-])(\d{2})'?(\d{2})?'?)?/.exec(text);
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', zone, sign, oh = '00', om = '00'] = m;
  const offset = zone && zone !== 'Z' ? `${sign}${oh}:${om}` : 'Z';
  const at = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

/** Every signature dictionary of the file: its /ByteRange, the /Contents it leaves out, and its /M. */
function findSignatures(pdf: Uint8Array): FoundSignature[] {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  const found: FoundSignature[] = [];
  for (const m of text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)) {
    const range = m.slice(1, 5).map(Number) as FoundSignature['range'];
    const contentsHex = text.slice(range[1] + 1, range[2] - 1);
    // the signature dictionary is the object around the byte range
    const start = text.lastIndexOf(' obj', m.index);
    const end = text.indexOf('endobj', range[2]);
    const dictionary = text.slice(start, end === -1 ? undefined : end);
    const claimedTime = /\/M\s*\((D:[^)]*)\)/.exec(dictionary)?.[1];
    found.push({ range, contentsHex, ...(claimedTime ? { claimedTime } : {}) });
  }
  return found;
}

function whyFailed(e: unknown): string {
  const error = e as { message?: string; code?: number };
  const message = error.message ?? String(e);
  // pkijs codes: 14/15 the signature or the message digest does not match, 5 no certificate path to a root
  if (error.code === 15 || error.code === 14)
    return `the signature does not match the signed bytes: ${message}`;
  if (error.code === 5) return `the certificate does not chain to a configured root: ${message}`;
  return message;
}

/** The RFC 3161 token's time, after checking it timestamps this very signature value. */
async function timestampOf(signerInfo: pkijs.SignerInfo, problems: string[]): Promise<Date | undefined> {
  const attribute = signerInfo.unsignedAttrs?.attributes.find((a) => a.type === OID.signatureTimeStampToken);
  const token = attribute?.values[0];
  if (!token) return undefined;
  try {
    const signed = new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: token }).content });
    const content = signed.encapContentInfo.eContent;
    if (!content) throw new Error('the token holds no TSTInfo');
    const info = pkijs.TSTInfo.fromBER(content.getValue());
    const signatureValue = signerInfo.signature.valueBlock.valueHexView;
    const imprint = info.messageImprint.hashedMessage.valueBlock.valueHexView;
    if (!Buffer.from(imprint).equals(Buffer.from(sha256(signatureValue))))
      throw new Error('the token timestamps another signature value');
    // the token's own signature (its TSA's chain is not held against our roots: public TSAs have their own)
    await signed.verify({ signer: 0, data: arrayBuffer(new Uint8Array(signatureValue)), checkChain: false });
    return info.genTime;
  } catch (e) {
    problems.push(`the timestamp does not verify: ${(e as Error).message ?? String(e)}`);
    return undefined;
  }
}

async function checkOne(pdf: Uint8Array, found: FoundSignature, roots: TrustRoots): Promise<SignatureCheck> {
  const problems: string[] = [];
  const [a, b, c, d] = found.range;
  const intact = a === 0 && c + d === pdf.byteLength && pdf[b] === 0x3c && pdf[c - 1] === 0x3e;
  if (!intact)
    problems.push(
      'the signed byte range does not cover the whole file: bytes were changed or added after signing',
    );
  const claimed = found.claimedTime ? pdfDate(found.claimedTime) : undefined;
  const check: SignatureCheck = {
    valid: false,
    intact,
    ...(claimed ? { signedAt: vietnamIso(claimed) } : {}),
    problems,
  };
  const signedBytes = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
  try {
    // the CMS fills the front of /Contents and zeros pad the rest: decoding reads the one DER element and stops
    // there (stripping the zeros instead would cut a signature whose last byte is zero)
    const der = Buffer.from(found.contentsHex, 'hex');
    const asn = asn1js.fromBER(arrayBuffer(new Uint8Array(der)));
    if (asn.offset === -1) throw new Error('the signature is not DER');
    const signedData = new pkijs.SignedData({
      schema: new pkijs.ContentInfo({ schema: asn.result }).content,
    });
    const signerInfo = signedData.signerInfos[0];
    if (!signerInfo) throw new Error('the signature names no signer');
    const timestamped = await timestampOf(signerInfo, problems);
    if (timestamped) check.timestampedAt = vietnamIso(timestamped);
    const trusted = [...roots.licensed, ...roots.selfIssued];
    let result: pkijs.SignedDataVerifyResult;
    try {
      result = await signedData.verify({
        signer: 0,
        data: arrayBuffer(new Uint8Array(signedBytes)),
        trustedCerts: trusted.map(parseCertificate),
        checkChain: true,
        checkDate: timestamped ?? claimed ?? new Date(),
        extendedMode: true,
      });
    } catch (e) {
      const certificate = (e as pkijs.SignedDataVerifyError).signerCertificate;
      if (certificate) describeCertificate(check, certificate);
      problems.push(whyFailed(e));
      return check;
    }
    if (result.signerCertificate) describeCertificate(check, result.signerCertificate);
    const path = (result.certificatePath ?? []).map((cert) => new Uint8Array(cert.toSchema().toBER(false)));
    const holds = (set: Uint8Array[]) => path.some((p) => set.some((r) => Buffer.from(r).equals(p)));
    check.trust = holds(roots.licensed) ? 'licensed' : holds(roots.selfIssued) ? 'self-issued' : 'unknown';
    if (!result.signatureVerified) problems.push('the signature value does not verify');
    check.valid = Boolean(result.signatureVerified) && intact && problems.length === 0;
  } catch (e) {
    problems.push(whyFailed(e));
  }
  return check;
}

function describeCertificate(check: SignatureCheck, certificate: pkijs.Certificate): void {
  const signer = commonName(certificate.subject);
  if (signer) check.signer = signer;
  check.certificate = {
    subject: nameText(certificate.subject),
    issuer: nameText(certificate.issuer),
    notAfter: certificate.notAfter.value.toISOString(),
  };
}

/** A verifier holding the configured roots. */
export function pdfSignatureVerifier(roots: () => Promise<TrustRoots>): VerifyPdfSignatures {
  return async (pdf) => {
    const found = findSignatures(pdf);
    if (found.length === 0) return [];
    const trust = await roots();
    return Promise.all(found.map((f) => checkOne(pdf, f, trust)));
  };
}
