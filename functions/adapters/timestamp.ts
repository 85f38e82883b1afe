/**
 * RFC 3161 timestamps for PAdES B-T: a TimeStampReq (SHA-256 imprint, a nonce, the TSA's certificate asked for)
 * posted to the timestamp authority (`TIMESTAMP_URL`); its token goes into the signature as an unsigned attribute.
 */
import { randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { arrayBuffer, OID } from './cms.ts';

/** Given the SHA-256 of a signature value, answers an RFC 3161 TimeStampToken (a CMS ContentInfo, DER). */
export type Timestamper = (imprint: Uint8Array) => Promise<Uint8Array>;

/** PKIStatus granted (0) and grantedWithMods (1) carry a token; anything else is a refusal. */
const GRANTED_WITH_MODS = 1;

export function rfc3161(url: string, fetchImpl: typeof fetch = fetch): Timestamper {
  return async (imprint) => {
    const request = new pkijs.TimeStampReq({
      version: 1,
      messageImprint: new pkijs.MessageImprint({
        hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
        hashedMessage: new asn1js.OctetString({ valueHex: arrayBuffer(imprint) }),
      }),
      nonce: new asn1js.Integer({ valueHex: arrayBuffer(randomBytes(8)) }),
      certReq: true,
    });
    const response = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: new Uint8Array(request.toSchema().toBER(false)),
    });
    if (!response.ok) throw new Error(`the timestamp authority answered HTTP ${response.status}`);
    const answer = pkijs.TimeStampResp.fromBER(await response.arrayBuffer());
    if (answer.status.status > GRANTED_WITH_MODS || !answer.timeStampToken)
      throw new Error(`the timestamp authority refused: PKIStatus ${answer.status.status}`);
    return new Uint8Array(answer.timeStampToken.toSchema().toBER(false));
  };
}
