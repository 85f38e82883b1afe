/**
 * A local RFC 3161 timestamp authority for tests: `POST` a TimeStampReq (`application/timestamp-query`), get a
 * TimeStampResp whose token is a CMS SignedData over a TSTInfo (the request's imprint and nonce, the time now),
 * signed with pkijs by the TSA key the test CA certified.
 */
import { createHash, type webcrypto } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { arrayBuffer, OID, parseCertificate, signingCertificateV2 } from '#adapters/cms.ts';

const ID_CT_TSTINFO = '1.2.840.113549.1.9.16.1.4';
/** an arbitrary policy for the stand-in's tokens */
const TEST_POLICY = '1.3.6.1.4.1.99999.1.1';

export interface TsaStandIn {
  url: string;
  /** tokens issued */
  issued(): number;
  close(): Promise<void>;
}

export async function startTsaStandIn(tsa: {
  certificate: Uint8Array;
  privateKey: webcrypto.CryptoKey;
}): Promise<TsaStandIn> {
  let serial = 0;
  const certificate = parseCertificate(tsa.certificate);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      try {
        const request = pkijs.TimeStampReq.fromBER(arrayBuffer(Buffer.concat(chunks)));
        serial += 1;
        const info = new pkijs.TSTInfo({
          version: 1,
          policy: TEST_POLICY,
          messageImprint: request.messageImprint,
          serialNumber: new asn1js.Integer({ value: serial }),
          genTime: new Date(),
          accuracy: new pkijs.Accuracy({ seconds: 1 }),
          ...(request.nonce ? { nonce: request.nonce } : {}),
        });
        const infoDer = new Uint8Array(info.toSchema().toBER(false));
        const signed = new pkijs.SignedData({
          version: 3,
          encapContentInfo: new pkijs.EncapsulatedContentInfo({
            eContentType: ID_CT_TSTINFO,
            eContent: new asn1js.OctetString({ valueHex: arrayBuffer(infoDer) }),
          }),
          certificates: [certificate],
          signerInfos: [
            new pkijs.SignerInfo({
              version: 1,
              sid: new pkijs.IssuerAndSerialNumber({
                issuer: certificate.issuer,
                serialNumber: certificate.serialNumber,
              }),
              signedAttrs: new pkijs.SignedAndUnsignedAttributes({
                type: 0,
                attributes: [
                  new pkijs.Attribute({
                    type: OID.contentType,
                    values: [new asn1js.ObjectIdentifier({ value: ID_CT_TSTINFO })],
                  }),
                  new pkijs.Attribute({
                    type: OID.messageDigest,
                    values: [
                      new asn1js.OctetString({
                        valueHex: arrayBuffer(createHash('sha256').update(infoDer).digest()),
                      }),
                    ],
                  }),
                  new pkijs.Attribute({
                    type: OID.signingCertificateV2,
                    values: [signingCertificateV2(tsa.certificate)],
                  }),
                ],
              }),
            }),
          ],
        });
        await signed.sign(tsa.privateKey as unknown as Parameters<typeof signed.sign>[0], 0, 'SHA-256');
        const answer = new pkijs.TimeStampResp({
          status: new pkijs.PKIStatusInfo({ status: 0 }),
          timeStampToken: new pkijs.ContentInfo({
            contentType: OID.signedData,
            content: signed.toSchema(true),
          }),
        });
        res.writeHead(200, { 'content-type': 'application/timestamp-reply' });
        res.end(Buffer.from(answer.toSchema().toBER(false)));
      } catch (e) {
        res.writeHead(400, { 'content-type': 'text/plain' });
        res.end(String(e));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/tsa`,
    issued: () => serial,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
