/**
 * Approval-link tokens: opaque (base64url of the approval's coordinates and a random nonce, plus an HMAC), bound to
 * one approval and one approver, carrying no task token. The key id lets older links verify after a key rotation.
 * The same coordinates and key give the same token, so a reminder can resend the very link it reminds of; only
 * the token's sha256 is stored.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { LinkKeys } from './ports.ts';

export interface LinkClaims {
  visitId: string;
  /** what the link stands for under the visit: an approval's id, or an action item's (domain/follow-up) */
  approvalId: string;
  keyId: string;
  nonce: string;
}

const SAFE = /^[A-Za-z0-9_-]{1,100}$/;

/** What a link token may look like: base64url claims, a dot, a base64url HMAC; at most 512 characters. */
export const LINK_TOKEN = /^(?=.{3,512}$)[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export function newNonce(): string {
  return randomBytes(16).toString('base64url');
}

function mac(payload: string, key: Uint8Array): Buffer {
  return createHmac('sha256', key).update(payload).digest();
}

export function makeLinkToken(claims: LinkClaims, key: Uint8Array): string {
  for (const v of Object.values(claims))
    if (!SAFE.test(v)) throw new RangeError('link claims must be url-safe ids');
  const payload = Buffer.from(
    `${claims.visitId}.${claims.approvalId}.${claims.keyId}.${claims.nonce}`,
  ).toString('base64url');
  return `${payload}.${mac(payload, key).toString('base64url')}`;
}

/** The claims of a well-formed token, without checking its signature; undefined for anything malformed. */
export function readLinkToken(
  token: string,
): (LinkClaims & { payload: string; signature: string }) | undefined {
  if (!LINK_TOKEN.test(token)) return undefined;
  const [payload, signature, ...rest] = token.split('.');
  if (!payload || !signature || rest.length > 0) return undefined;
  const parts = Buffer.from(payload, 'base64url').toString('utf8').split('.');
  if (parts.length !== 4 || !parts.every((p) => SAFE.test(p))) return undefined;
  const [visitId, approvalId, keyId, nonce] = parts as [string, string, string, string];
  return { visitId, approvalId, keyId, nonce, payload, signature };
}

export function linkSignatureValid(token: { payload: string; signature: string }, key: Uint8Array): boolean {
  const expected = mac(token.payload, key);
  const given = Buffer.from(token.signature, 'base64url');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * The claims of a token whose signature a known key verifies; undefined for anything malformed or forged. The
 * caller then finds what the claims name and holds its stored `tokenHash` against the token.
 */
export async function verifiedClaims(links: LinkKeys, token: string): Promise<LinkClaims | undefined> {
  const claims = readLinkToken(token);
  if (!claims) return undefined;
  const key = await links.get(claims.keyId);
  if (!key || !linkSignatureValid(claims, key)) return undefined;
  const { payload: _payload, signature: _signature, ...rest } = claims;
  return rest;
}
