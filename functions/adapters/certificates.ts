/**
 * Certificates as the signers and the verifier read them: PEM bundles (one or more certificates, as a CA hands
 * them out) to DER, and back.
 */
import { X509Certificate } from 'node:crypto';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Every certificate of a PEM bundle, in order, as DER; a bundle with none is refused, naming `what`. */
export function pemCertificates(text: string, what: string): Uint8Array[] {
  const blocks = text.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) throw new Error(`${what} holds no PEM certificate`);
  return blocks.map((pem) => new Uint8Array(new X509Certificate(pem).raw));
}

/** A DER certificate as PEM. */
export function certificatePem(der: Uint8Array): string {
  return `${new X509Certificate(der).toString().trim()}\n`;
}
