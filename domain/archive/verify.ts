/**
 * Verifying an archived visit: the stored bytes are re-read and the event chain re-walked, and both are held
 * against the locked manifest; each issued PDF's signature is checked (it verifies over the stored bytes, they are
 * the whole file, and its certificate chains to a configured root); every mismatch is named.
 */
import { eventHash } from '#domain/events.ts';
import type {
  DocumentStore,
  SignatureCheck,
  VerifyPdfSignatures,
  VisitEvent,
  VisitStore,
} from '#domain/ports.ts';
import {
  archivedMinutes,
  type Manifest,
  type ManifestDocument,
  manifestKey,
  parseManifest,
  sha256,
} from './manifest.ts';
import { loadArchiveEntry } from './record.ts';

export interface DocumentCheck {
  id: string;
  key: string;
  /** the sha256 the manifest records */
  expected: string;
  /** the sha256 of the bytes read now; absent when they could not be read */
  actual?: string;
  ok: boolean;
}

/** An issued PDF's signature as verify reports it; an unsigned PDF says so (`signed: false`). */
export interface DocumentSignature extends Partial<Omit<SignatureCheck, 'problems' | 'valid'>> {
  documentId: string;
  signed: boolean;
  valid: boolean;
  problems: string[];
}

export interface Verification {
  visitId: string;
  intact: boolean;
  /** the archived minutes' sha256 as the locked manifest records it (what a genuine copy hashes to) */
  sha256: string;
  chain: 'ok' | 'broken';
  /** each thing that does not match, named; empty when intact */
  problems: string[];
  documents: DocumentCheck[];
  /** each archived PDF's signature */
  signatures: DocumentSignature[];
  /** the chain as walked now, and the head the manifest locked */
  events: {
    count: number;
    head?: { seq: number; hash: string };
    manifestHead?: { seq: number; hash: string };
  };
}

const MAX_PROBLEMS = 50;

function describe(e: VisitEvent): string {
  return `event ${e.seq} (${e.type} by ${e.actor} at ${e.at})`;
}

/**
 * Walks the chain and names every event that breaks it: a gap or a repeat in the sequence, an event whose fields
 * no longer match its hash, an event that does not link to the one before it.
 */
export function chainProblems(visitId: string, events: readonly VisitEvent[]): string[] {
  const problems: string[] = [];
  let before: VisitEvent | undefined;
  for (const e of events) {
    const expected = (before?.seq ?? 0) + 1;
    if (e.seq === expected + 1)
      problems.push(`event ${expected} is missing: the chain jumps from ${before?.seq ?? 0} to ${e.seq}`);
    else if (e.seq > expected)
      problems.push(
        `events ${expected} to ${e.seq - 1} are missing: the chain jumps from ${before?.seq ?? 0} to ${e.seq}`,
      );
    else if (e.seq < expected)
      problems.push(`${describe(e)} is out of order or repeated after event ${before?.seq}`);
    if (e.visitId !== visitId) problems.push(`${describe(e)} belongs to another visit (${e.visitId})`);
    if (eventHash(e) !== e.hash)
      problems.push(`${describe(e)} does not match its hash: it was changed after it was recorded`);
    if (e.prevHash !== (before?.hash ?? ''))
      problems.push(
        before
          ? `${describe(e)} does not link to event ${before.seq}: its prevHash differs from that event's hash`
          : `${describe(e)} should start the chain but points at a previous event`,
      );
    before = e;
  }
  return problems;
}

/**
 * Re-reads every archived object and the manifest, re-walks the event chain, and holds them against the locked
 * manifest: each document's bytes against the manifest's sha256 (and size), the manifest against the sha256 in the
 * archive record and in the chain's ARCHIVED event, the chain against the head the manifest locked.
 */
/** What an archived PDF's signature says, held against what the archive recorded of it. */
async function signatureOf(
  verifyPdf: VerifyPdfSignatures,
  d: ManifestDocument,
  bytes: Uint8Array | undefined,
): Promise<DocumentSignature> {
  const documentId = d.id;
  if (d.signed === false)
    return {
      documentId,
      signed: false,
      valid: false,
      problems: ['issued unsigned (the event trail says why)'],
    };
  if (!bytes) return { documentId, signed: true, valid: false, problems: ['the PDF cannot be read'] };
  const [check, ...more] = await verifyPdf(bytes);
  if (!check) return { documentId, signed: true, valid: false, problems: ['the PDF carries no signature'] };
  const problems = [
    ...check.problems,
    ...(more.length ? [`${more.length} more signatures than were made`] : []),
  ];
  return { documentId, signed: true, ...check, valid: check.valid && problems.length === 0, problems };
}

export async function verifyArchive(
  deps: { store: VisitStore; archive: DocumentStore; verifyPdf: VerifyPdfSignatures },
  visitId: string,
): Promise<Verification> {
  const entry = await loadArchiveEntry(deps.store, visitId);
  const problems: string[] = [];
  const mKey = entry.manifest?.key ?? manifestKey(visitId);
  const [manifestBytes, events] = await Promise.all([
    deps.archive.get(mKey).catch(() => undefined),
    deps.store.listEvents(visitId),
  ]);
  let manifest: Manifest | undefined;
  const manifestSha = manifestBytes ? sha256(manifestBytes) : undefined;
  if (!manifestBytes) problems.push(`the manifest ${mKey} is missing or cannot be read`);
  else {
    manifest = parseManifest(manifestBytes);
    if (!manifest || manifest.visitId !== visitId) {
      manifest = undefined;
      problems.push(`the manifest ${mKey} is not a manifest of this visit`);
    }
    if (entry.manifest && manifestSha !== entry.manifest.sha256)
      problems.push(
        `the manifest ${mKey}: sha256 ${manifestSha} differs from the archive record's ${entry.manifest.sha256}`,
      );
  }

  // the documents: the manifest's list when it is readable, else the archive record's
  const listed: ManifestDocument[] = manifest?.documents ?? entry.documents ?? [];
  const documents: DocumentCheck[] = [];
  const signatures: DocumentSignature[] = [];
  for (const d of listed) {
    const bytes = await deps.archive.get(d.key).catch(() => undefined);
    if (d.format === 'pdf') {
      const signature = await signatureOf(deps.verifyPdf, d, bytes);
      signatures.push(signature);
      if (signature.signed && !signature.valid)
        problems.push(...signature.problems.map((p) => `${d.key}: its signature: ${p}`));
    }
    const actual = bytes ? sha256(bytes) : undefined;
    const ok = actual === d.sha256 && bytes?.byteLength === d.size;
    if (!bytes) problems.push(`${d.key} is missing or cannot be read`);
    else if (actual !== d.sha256)
      problems.push(`${d.key}: the stored bytes hash to ${actual}, the manifest records ${d.sha256}`);
    else if (bytes.byteLength !== d.size)
      problems.push(`${d.key}: ${bytes.byteLength} bytes stored, the manifest records ${d.size}`);
    documents.push({ id: d.id, key: d.key, expected: d.sha256, ...(actual ? { actual } : {}), ok });
  }
  if (manifest) {
    // the archive record (DynamoDB) must say what the locked manifest says
    for (const d of entry.documents ?? []) {
      const m = manifest.documents.find((x) => x.key === d.key);
      if (!m) problems.push(`the archive record lists ${d.key}, which the manifest does not`);
      else if (m.sha256 !== d.sha256)
        problems.push(`the archive record's sha256 for ${d.key} (${d.sha256}) differs from the manifest's`);
    }
    const minutes = archivedMinutes(manifest.documents);
    if (minutes && minutes.sha256 !== entry.sha256)
      problems.push(`the archive record's minutes sha256 (${entry.sha256}) differs from the manifest's`);
  }

  // the chain: every event, then the head the manifest locked, then the ARCHIVED event's manifest sha256
  const chain = chainProblems(visitId, events);
  if (manifest && manifest.events.seq > 0) {
    const at = events.find((e) => e.seq === manifest.events.seq);
    if (!at) chain.push(`event ${manifest.events.seq}, the head the manifest locked, is missing`);
    else if (at.hash !== manifest.events.hash)
      chain.push(`${describe(at)} differs from the head the manifest locked (hash ${manifest.events.hash})`);
  }
  const archived = events.find((e) => e.type === 'ARCHIVED');
  if (!archived) chain.push('the chain holds no ARCHIVED event');
  else if (manifestSha && archived.data?.manifestSha256 !== manifestSha)
    problems.push(
      `the manifest ${mKey}: sha256 ${manifestSha} differs from the one the ARCHIVED event recorded (${String(archived.data?.manifestSha256)})`,
    );
  problems.push(...chain);

  const head = events[events.length - 1];
  const minutesSha =
    (manifest && archivedMinutes(manifest.documents)?.sha256) ??
    archivedMinutes(entry.documents ?? [])?.sha256 ??
    entry.sha256;
  return {
    visitId,
    intact: problems.length === 0,
    sha256: minutesSha,
    chain: chain.length === 0 ? 'ok' : 'broken',
    problems:
      problems.length > MAX_PROBLEMS
        ? [...problems.slice(0, MAX_PROBLEMS), `… and ${problems.length - MAX_PROBLEMS} more`]
        : problems,
    documents,
    signatures,
    events: {
      count: events.length,
      ...(head ? { head: { seq: head.seq, hash: head.hash } } : {}),
      ...(manifest ? { manifestHead: manifest.events } : {}),
    },
  };
}
