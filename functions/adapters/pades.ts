/**
 * A PAdES signature (ETSI EN 319 142-1, SubFilter ETSI.CAdES.detached) of a PDF that already carries its
 * signature field and `/Contents` placeholder: @signpdf/signpdf fills in the byte range and hands over the bytes it
 * covers; the CMS SignedData is built with pkijs, and its signature value comes from the agency's signer, so the
 * key can stay in KMS or with a licensed CA's signing service.
 *
 * The baseline B-B signed attributes: content-type (id-data), message-digest and ESS signing-certificate-v2, and
 * no signing-time (the baseline forbids it: the claimed time is the signature dictionary's /M). With a timestamp
 * authority the signature becomes B-T: an RFC 3161 token over the signature value, as an unsigned attribute.
 */
import { SignPdf } from '@signpdf/signpdf';
import { Signer as SignPdfSigner } from '@signpdf/utils';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { Signer } from '#domain/ports.ts';
import { arrayBuffer, OID, parseCertificate, sha256, signingCertificateV2 } from './cms.ts';
import type { Timestamper } from './timestamp.ts';

/** The detached CMS SignedData over `content` (the PDF's signed byte ranges). */
export async function padesCms(
  content: Uint8Array,
  signer: Signer,
  timestamp?: Timestamper,
): Promise<Uint8Array> {
  const { algorithm, chain } = await signer.certificates();
  const [leafDer] = chain;
  if (!leafDer) throw new Error('the signer has no certificate');
  const leaf = parseCertificate(leafDer);

  const attributes = [
    new pkijs.Attribute({
      type: OID.contentType,
      values: [new asn1js.ObjectIdentifier({ value: OID.data })],
    }),
    new pkijs.Attribute({
      type: OID.messageDigest,
      values: [new asn1js.OctetString({ valueHex: arrayBuffer(sha256(content)) })],
    }),
    new pkijs.Attribute({ type: OID.signingCertificateV2, values: [signingCertificateV2(leafDer)] }),
  ];
  // DER orders a SET OF by its elements' encodings; asn1js keeps the order it is given
  const encoded = (a: pkijs.Attribute) => new Uint8Array(a.toSchema().toBER(false));
  attributes.sort((a, b) => Buffer.compare(encoded(a), encoded(b)));
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes });

  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: leaf.issuer, serialNumber: leaf.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
    signedAttrs,
    signatureAlgorithm:
      algorithm === 'RSA-SHA256'
        ? new pkijs.AlgorithmIdentifier({
            algorithmId: OID.rsaEncryption,
            algorithmParams: new asn1js.Null(),
          })
        : new pkijs.AlgorithmIdentifier({ algorithmId: OID.ecdsaWithSha256 }),
  });

  // the signature covers the attributes' DER with the SET tag, not the [0] they are written under (RFC 5652 5.4)
  const toBeSigned = new Uint8Array(signedAttrs.toSchema().toBER(false));
  toBeSigned[0] = 0x31;
  const signature = await signer.sign(toBeSigned, sha256(toBeSigned));
  signerInfo.signature = new asn1js.OctetString({ valueHex: arrayBuffer(signature) });
  if (timestamp) {
    const token = await timestamp(sha256(signature));
    signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
      type: 1,
      attributes: [
        new pkijs.Attribute({
          type: OID.signatureTimeStampToken,
          values: [asn1js.fromBER(arrayBuffer(token)).result],
        }),
      ],
    });
  }

  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: chain.map(parseCertificate),
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({
    contentType: OID.signedData,
    content: signedData.toSchema(true),
  });
  return new Uint8Array(contentInfo.toSchema().toBER(false));
}

/** The bridge @signpdf/signpdf calls with the signed byte ranges. */
class PortSigner extends SignPdfSigner {
  constructor(
    private readonly signer: Signer,
    private readonly timestamp?: Timestamper,
  ) {
    super();
  }

  override async sign(content: Buffer): Promise<Buffer> {
    return Buffer.from(await padesCms(content, this.signer, this.timestamp));
  }
}

/** Signs a PDF that carries a signature placeholder; the result has one revision and the whole file signed. */
export async function signPdf(pdf: Uint8Array, signer: Signer, timestamp?: Timestamper): Promise<Uint8Array> {
  return new Uint8Array(await new SignPdf().sign(Buffer.from(pdf), new PortSigner(signer, timestamp)));
}
