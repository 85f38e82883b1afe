/**
 * In-memory ports for the domain's unit tests: a VisitStore that keeps the DynamoDB adapter's contract (conditional
 * writes, the version check, allowed transitions, the hash chain, first-write-wins documents and approvals,
 * document numbers, claims with leases, the archive index), and a mailer, a workflow, document stores and link
 * keys that record what the domain asked of them. Everything is copied in and out, so a test sees only what was
 * stored. Faults come from the test (`failNext`), never by chance.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '#domain/clock.ts';
import { provinceAndSuccessors } from '#domain/directory/provinces.ts';
import {
  ArchiveImmutableError,
  DocumentNotFoundError,
  InvalidTransitionError,
  MalformedRequestError,
  TaskClosedError,
  VersionConflictError,
  VisitNotFoundError,
} from '#domain/errors.ts';
import { eventHash } from '#domain/events.ts';
import type { ActionItem } from '#domain/follow-up/items.ts';
import type { Deps } from '#domain/lifecycle.ts';
import { directoryPeople } from '#domain/people.ts';
import type {
  ActionStore,
  Approval,
  ArchiveEntry,
  DocumentStore,
  LinkKeys,
  Mail,
  Mailer,
  Page,
  RequestRecord,
  RequestStore,
  Signer,
  StoredObject,
  VerifyPdfSignatures,
  VisitEvent,
  VisitStore,
  Workflow,
} from '#domain/ports.ts';
import { canTransition, type DocumentRecord, type Visit } from '#domain/visit.ts';
import { noticeComposer } from '#templates/mail.ts';
import { type MemoryDirectory, memoryDirectory } from './memory-directory.ts';

/** A deep copy without `undefined` members (what a stored item reads back as). */
function copy<T>(value: T): T {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map((v) => copy(v)) as T;
  if (value instanceof Uint8Array) return new Uint8Array(value) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = copy(v);
    return out as T;
  }
  return value;
}

/** Applies a patch: a member given as `undefined` is removed (as the adapter's REMOVE does). */
function patched<T extends object>(item: T, patch: object): T {
  const out = { ...item } as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete out[k];
    else out[k] = copy(v);
  }
  return out as T;
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

function decode(cursor: string): Record<string, string> {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, string>;
  } catch {
    throw new MalformedRequestError();
  }
}

function pageSize(limit: number | undefined): number {
  if (limit === undefined) return 20;
  if (!Number.isInteger(limit) || limit < 1) throw new MalformedRequestError();
  return Math.min(limit, 100);
}

/** Newest first by `key`, a page at a time below the cursor's key. */
function newestFirst<T>(
  items: T[],
  key: (t: T) => string,
  opts: { cursor?: string; limit?: number },
): Page<T> {
  const limit = pageSize(opts.limit);
  const before = opts.cursor ? decode(opts.cursor).before : undefined;
  const sorted = items
    .map((item) => ({ item, k: key(item) }))
    .filter(({ k }) => before === undefined || k < before)
    .sort((a, b) => (a.k < b.k ? 1 : a.k > b.k ? -1 : 0));
  const page = sorted.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(({ item }) => copy(item)),
    ...(sorted.length > limit && last ? { cursor: encode({ before: last.k }) } : {}),
  };
}

export interface MemoryStore extends VisitStore, RequestStore {
  /** every call by method name, in order (what a step read and wrote) */
  readonly calls: string[];
}

/** The VisitStore contract (and the RequestStore's) in memory; `clock` stamps what the caller leaves unstamped (as appClock does). */
export function memoryStore(clock: Clock): MemoryStore {
  const visits = new Map<string, Visit>();
  const events = new Map<string, VisitEvent[]>();
  const documents = new Map<string, Map<string, DocumentRecord>>();
  const numbers = new Map<string, number>();
  const counters = new Map<string, number>();
  const approvals = new Map<string, Map<string, Approval>>();
  const archive = new Map<string, ArchiveEntry>();
  const requests = new Map<string, RequestRecord>();
  const calls: string[] = [];
  const under = <T>(map: Map<string, Map<string, T>>, visitId: string) => {
    const inner = map.get(visitId) ?? new Map<string, T>();
    map.set(visitId, inner);
    return inner;
  };

  const store: VisitStore & RequestStore = {
    async createVisit(visit) {
      const existing = visits.get(visit.id);
      if (existing) {
        if (existing.owner.email !== visit.owner.email) throw new VersionConflictError();
        return false;
      }
      visits.set(visit.id, copy(visit));
      return true;
    },
    async getVisit(id) {
      const visit = visits.get(id);
      return visit && copy(visit);
    },
    async updateVisit(id, expectedVersion, patch) {
      const current = visits.get(id);
      if (!current) throw new VisitNotFoundError();
      if (current.version !== expectedVersion) throw new VersionConflictError();
      if (patch.status && !canTransition(current.status, patch.status))
        throw new InvalidTransitionError(current.status, patch.status);
      const next = patched(current, {
        ...patch,
        updatedAt: patch.updatedAt ?? clock.now().toISOString(),
        version: current.version + 1,
      });
      visits.set(id, next);
      return copy(next);
    },
    async listVisitsByAgency(agencyId, opts = {}) {
      const mine = [...visits.values()].filter(
        (v) => v.request.visitingAgencyId === agencyId || v.request.hostAgencyId === agencyId,
      );
      return newestFirst(mine, (v) => `${v.createdAt}#${v.id}`, opts);
    },
    async listVisitsByStatus(status, opts = {}) {
      const { updatedBefore } = opts;
      const some = [...visits.values()].filter(
        (v) => v.status === status && (updatedBefore === undefined || v.updatedAt < updatedBefore),
      );
      return newestFirst(some, (v) => `${v.updatedAt}#${v.id}`, opts);
    },

    async appendEvent(visitId, event) {
      const log = events.get(visitId) ?? [];
      const last = log[log.length - 1];
      const fields: Omit<VisitEvent, 'hash'> = copy({
        visitId,
        seq: (last?.seq ?? 0) + 1,
        at: event.at ?? clock.now().toISOString(),
        type: event.type,
        actor: event.actor,
        data: event.data,
        prevHash: last?.hash ?? '',
      });
      const stored: VisitEvent = { ...fields, hash: eventHash(fields) };
      events.set(visitId, [...log, stored]);
      return copy(stored);
    },
    async listEvents(visitId) {
      return copy(events.get(visitId) ?? []);
    },

    async putDocument(visitId, doc) {
      const docs = under(documents, visitId);
      if (!docs.has(doc.id)) docs.set(doc.id, copy(doc));
    },
    async getDocument(visitId, docId) {
      const doc = documents.get(visitId)?.get(docId);
      return doc && copy(doc);
    },
    async listDocuments(visitId) {
      return copy([...(documents.get(visitId)?.values() ?? [])]);
    },
    async documentNumber(visitId, docId, agencyId, kind, year) {
      const recorded = numbers.get(`${visitId}#${docId}`);
      if (recorded !== undefined) return recorded;
      const counter = `${agencyId}#${kind}#${year}`;
      const n = (counters.get(counter) ?? 0) + 1;
      counters.set(counter, n);
      numbers.set(`${visitId}#${docId}`, n);
      return n;
    },

    async putApproval(approval) {
      const mine = under(approvals, approval.visitId);
      if (!mine.has(approval.id)) mine.set(approval.id, copy(approval));
    },
    async getApproval(visitId, approvalId) {
      const approval = approvals.get(visitId)?.get(approvalId);
      return approval && copy(approval);
    },
    async listApprovals(visitId) {
      return copy([...(approvals.get(visitId)?.values() ?? [])]);
    },
    async listOpenApprovalsOf(email) {
      return copy(
        [...approvals.values()]
          .flatMap((m) => [...m.values()])
          .filter(
            (a) =>
              a.person.email.toLowerCase() === email.toLowerCase() &&
              (a.status === 'PENDING' || a.status === 'CLAIMED'),
          ),
      );
    },
    async updateApproval(visitId, approvalId, from, patch, extra) {
      const current = approvals.get(visitId)?.get(approvalId);
      if (!current || !from.includes(current.status)) return undefined;
      const lease = extra?.leaseExpiredBefore;
      if (lease !== undefined && current.leaseUntil !== undefined && !(current.leaseUntil < lease))
        return undefined;
      const mailed = extra?.mailedBefore;
      if (mailed !== undefined && current.mailedAt !== undefined && !(current.mailedAt < mailed))
        return undefined;
      const next = patched(current, patch);
      under(approvals, visitId).set(approvalId, next);
      return copy(next);
    },

    async claimRequest(record) {
      const key = `${record.visitId}\n${record.key}`;
      const held = requests.get(key);
      if (held && !(held.status === 'IN_PROGRESS' && held.leaseUntil < record.createdAt)) return copy(held);
      requests.set(key, copy(record));
      return undefined;
    },
    async finishRequest(visitId, key, outcome) {
      const held = requests.get(`${visitId}\n${key}`);
      if (held?.status !== 'IN_PROGRESS') return;
      requests.set(
        `${visitId}\n${key}`,
        'result' in outcome
          ? { ...held, status: 'DONE', result: copy(outcome.result), leaseUntil: '' }
          : { ...held, leaseUntil: '' },
      );
    },

    async putArchiveEntry(entry) {
      archive.set(entry.visitId, copy(entry));
    },
    async getArchiveEntry(visitId) {
      const entry = archive.get(visitId);
      return entry && copy(entry);
    },
    async queryArchive(query) {
      const province = query.province?.normalize('NFC');
      const agencies = query.agencyIds ?? (query.agencyId ? [query.agencyId] : []);
      const provincesOf = (e: ArchiveEntry) => [
        ...provinceAndSuccessors(e.hostProvince, e.date),
        ...provinceAndSuccessors(e.visitingProvince, e.date),
      ];
      const found = [...archive.values()].filter(
        (e) =>
          (agencies.length === 0 ||
            agencies.includes(e.hostAgencyId) ||
            agencies.includes(e.visitingAgencyId)) &&
          (!province || provincesOf(e).includes(province)) &&
          (!query.from || e.date >= query.from) &&
          (!query.to || e.date <= query.to),
      );
      return newestFirst(found, (e) => `${e.date}#${e.visitId}`, query);
    },
  };

  // every method records its call before it runs
  const recorded = Object.fromEntries(
    Object.entries(store).map(([name, fn]) => [
      name,
      (...args: unknown[]) => {
        calls.push(name);
        return (fn as (...a: unknown[]) => unknown)(...args);
      },
    ]),
  ) as unknown as VisitStore & RequestStore;
  return Object.assign(recorded, { calls });
}

/**
 * The ActionStore contract in memory: first-write-wins creation, whole writes over the version read, the due turns
 * soonest first and an agency's items due first (one page: the domain's tests need no more).
 */
export function memoryActions(): ActionStore {
  const items = new Map<string, ActionItem>();
  const key = (visitId: string, id: string) => `${visitId}#${id}`;
  const order = (a: ActionItem, b: ActionItem) => Number(a.id.slice(1)) - Number(b.id.slice(1));
  return {
    async createAction(item) {
      if (items.has(key(item.visitId, item.id))) return false;
      items.set(key(item.visitId, item.id), copy(item));
      return true;
    },
    async getAction(visitId, id) {
      const item = items.get(key(visitId, id));
      return item && copy(item);
    },
    async listActions(visitId) {
      return copy([...items.values()].filter((i) => i.visitId === visitId).sort(order));
    },
    async replaceAction(item) {
      const current = items.get(key(item.visitId, item.id));
      if (!current || current.version !== item.version - 1) return false;
      items.set(key(item.visitId, item.id), copy(item));
      return true;
    },
    async dueActions(now) {
      const due = [...items.values()].filter((i) => i.nextAt !== undefined && i.nextAt <= now);
      return { items: copy(due.sort((a, b) => (a.nextAt ?? '').localeCompare(b.nextAt ?? ''))) };
    },
    async agencyActions(query) {
      const mine = [...items.values()].filter(
        (i) =>
          (i.hostAgencyId === query.agencyId || i.visitingAgencyId === query.agencyId) &&
          (query.status === undefined ||
            (query.status === 'overdue'
              ? i.status === 'open' && i.due < query.today
              : i.status === query.status)),
      );
      return {
        items: copy(mine.sort((a, b) => `${a.due}#${a.visitId}`.localeCompare(`${b.due}#${b.visitId}`))),
      };
    },
  };
}

/**
 * Makes the next `times` calls of `port[method]` throw `error` (the call does nothing), then lets calls through
 * again: a service that fails once, for the retries after a partial success.
 */
export function failNext<T extends object>(
  port: T,
  method: keyof T & string,
  error: Error = new Error(`${method} failed`),
  times = 1,
): void {
  const original = port[method] as (...args: unknown[]) => unknown;
  let left = times;
  (port as Record<string, unknown>)[method] = (...args: unknown[]) => {
    if (left > 0) {
      left--;
      return Promise.reject(error);
    }
    return original(...args);
  };
}

/** A clock the test sets and moves. */
export interface ManualClock extends Clock {
  set(iso: string): void;
  advance(ms: number): void;
}

export function manualClock(iso: string): ManualClock {
  let t = Date.parse(iso);
  return {
    now: () => new Date(t),
    set: (next) => {
      t = Date.parse(next);
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

/** Mail kept instead of sent. */
export interface MemoryMailer extends Mailer {
  readonly sent: Mail[];
}

export function memoryMailer(): MemoryMailer {
  const sent: Mail[] = [];
  return {
    sent,
    async send(mail) {
      sent.push(copy(mail));
      return { messageId: `m-${sent.length}` };
    },
  };
}

/**
 * A workflow that records starts and answers. One execution per visit id (the same start again is a no-op, a
 * different input is refused); a task token answers once, and a token the test has closed (timed out) answers
 * TaskClosedError, as Step Functions does.
 */
export interface MemoryWorkflow extends Workflow {
  readonly started: { visitId: string; input: Record<string, unknown> }[];
  readonly answers: { taskToken: string; output: Record<string, unknown> }[];
  readonly failures: { taskToken: string; error: string; cause: string }[];
  /** the task behind this token stops waiting (it timed out) */
  close(taskToken: string): void;
}

export function memoryWorkflow(): MemoryWorkflow {
  const started: MemoryWorkflow['started'] = [];
  const answers: MemoryWorkflow['answers'] = [];
  const failures: MemoryWorkflow['failures'] = [];
  const closed = new Set<string>();
  const answer = (taskToken: string) => {
    if (closed.has(taskToken)) throw new TaskClosedError('TaskTimedOut');
    closed.add(taskToken);
  };
  return {
    started,
    answers,
    failures,
    close: (taskToken) => closed.add(taskToken),
    async start(visitId, input) {
      const earlier = started.find((s) => s.visitId === visitId);
      if (earlier) {
        if (JSON.stringify(earlier.input) !== JSON.stringify(input))
          throw new Error('ExecutionAlreadyExists');
        return;
      }
      started.push({ visitId, input: copy(input) });
    },
    async succeed(taskToken, output) {
      answer(taskToken);
      answers.push({ taskToken, output: copy(output) });
    },
    async fail(taskToken, error, cause) {
      answer(taskToken);
      failures.push({ taskToken, error, cause });
    },
  };
}

/** Objects by key; a write-once store (the archive) refuses to overwrite, as Object Lock does. */
export interface MemoryDocuments extends DocumentStore {
  readonly objects: Map<string, { body: Uint8Array; contentType: string }>;
}

export function memoryDocuments(opts: { writeOnce?: boolean } = {}): MemoryDocuments {
  const objects = new Map<string, { body: Uint8Array; contentType: string }>();
  return {
    objects,
    async put(key, body, contentType): Promise<StoredObject> {
      if (opts.writeOnce && objects.has(key)) throw new ArchiveImmutableError(key);
      objects.set(key, { body: new Uint8Array(body), contentType });
      return { key, sha256: createHash('sha256').update(body).digest('hex'), size: body.byteLength };
    },
    async get(key) {
      const object = objects.get(key);
      if (!object) throw new DocumentNotFoundError();
      return new Uint8Array(object.body);
    },
    async downloadUrl(key, { filename, expiresSeconds = 300 }) {
      return `memory://${key}?filename=${encodeURIComponent(filename)}&expires=${expiresSeconds}`;
    },
  };
}

/** Link keys: `k1` is current until the test rotates to a new one; old keys still verify. */
export interface MemoryLinkKeys extends LinkKeys {
  rotate(id: string): void;
}

export function memoryLinkKeys(): MemoryLinkKeys {
  const keyOf = (id: string) => createHash('sha256').update(`link key ${id}`).digest();
  const keys = new Map([['k1', keyOf('k1')]]);
  let current = 'k1';
  return {
    async current() {
      return { id: current, key: keys.get(current) as Uint8Array };
    },
    async get(id) {
      return keys.get(id);
    },
    rotate(id) {
      keys.set(id, keyOf(id));
      current = id;
    },
  };
}

/**
 * Issuing in memory: agencies naming a signer get one whose signature is the SHA-256 of what it signs; the PDF
 * "drawn" is a line saying what it is, and "sealing" appends the signature, so a test reads what was issued how.
 * The PDF writer and the signatures themselves are tested with the real ones (test/pdf, test/signing).
 */
export interface MemoryIssuing extends Pick<Deps, 'signerFor' | 'renderPdf' | 'sealPdf'> {
  /** agencies whose signer is unavailable, by id */
  readonly unavailable: Set<string>;
  /** the one signer every agency naming one gets (a test makes it fail with `failNext`) */
  readonly signer: Signer;
  /** what a sealed "PDF" says: valid when the bytes before the seal still hash to it */
  verifyPdf: VerifyPdfSignatures;
}

const SEAL = ' sealed ';
const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest();

export function memoryIssuing(): MemoryIssuing {
  const unavailable = new Set<string>();
  const signer: Signer = {
    async certificates() {
      return {
        algorithm: 'ECDSA-SHA256',
        chain: [new TextEncoder().encode('memory certificate')],
        licensed: false,
      };
    },
    async sign(_data, hash) {
      return digest(hash);
    },
  };
  return {
    unavailable,
    signer,
    signerFor: (agency) => {
      if (!agency.signer) return { unsigned: `${agency.name} names no signer` };
      if (unavailable.has(agency.id))
        return { unsigned: `the ${agency.signer.kind} signer is not configured here` };
      return { signer };
    },
    async renderPdf(document, stamp) {
      const what = `pdf ${document.kind} v${document.input.version} no ${document.input.number}`;
      return new TextEncoder().encode(
        stamp ? `${what} stamped ${stamp.signedAt.toISOString()}` : `${what} unsigned`,
      );
    },
    async sealPdf(pdf, by) {
      const signature = Buffer.from(await by.sign(pdf, digest(pdf))).toString('hex');
      return new Uint8Array(Buffer.concat([pdf, Buffer.from(`${SEAL}${signature}`)]));
    },
    async verifyPdf(pdf) {
      const text = Buffer.from(pdf).toString('latin1');
      const at = text.lastIndexOf(SEAL);
      if (at < 0) return [];
      const valid = digest(digest(pdf.subarray(0, at))).toString('hex') === text.slice(at + SEAL.length);
      return [
        { valid, intact: valid, problems: valid ? [] : ['the signature does not match the signed bytes'] },
      ];
    },
  };
}

export const PUBLIC_URL = 'https://visits.example';

/** Every port in memory, on a clock set to `now`; `deps` is what the domain's steps and actions take. */
export function memoryWorld(now: string) {
  const clock = manualClock(now);
  const store = memoryStore(clock);
  const mailer = memoryMailer();
  const workflow = memoryWorkflow();
  const documents = memoryDocuments();
  const archive = memoryDocuments({ writeOnce: true });
  const links = memoryLinkKeys();
  const directory = memoryDirectory({ now });
  const actions = memoryActions();
  const issuing = memoryIssuing();
  const deps: Deps & { directory: MemoryDirectory } = {
    store,
    clock,
    workflow,
    mailer,
    compose: noticeComposer(PUBLIC_URL),
    documents,
    links,
    directory,
    publicUrl: PUBLIC_URL,
    actions,
    people: directoryPeople(directory, clock),
    signerFor: issuing.signerFor,
    renderPdf: issuing.renderPdf,
    sealPdf: issuing.sealPdf,
  };
  return { clock, store, mailer, workflow, documents, archive, links, directory, actions, issuing, deps };
}
