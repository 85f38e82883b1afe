/**
 * The embedded local runtime (`npm start`): one process running the emulators (DynamoDB, S3, SES), the stand-in
 * for Secrets Manager, the Step Functions runtime with the lifecycle's ASL as the CDK chain renders it, and the HTTP
 * gateway in front of the same handler modules the stack deploys. Handlers reach every service through the SDK's
 * standard endpoint variables; the runtime only sets them. Data lives under `dataDir`, so the next start keeps it:
 * tables and buckets, the sign-in key, the link key, the test CA that signs issued PDFs, the application clock and
 * waiting executions.
 *
 * Besides the manifest's routes it serves the local-only routes of API.md (`/local/sign-in`, `/local/users`,
 * `/local/clock`, `/local/outbox`, `/local/jwks.json`) and a user picker at `/auth/sign-in` standing in for the
 * managed login page.
 */
import '#infra/local/polyfills.ts';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { appClock, clockOffset, setClockOffset } from '#adapters/clock.ts';
import { SESSION_COOKIE } from '#commons/identity.ts';
import { listAgencies } from '#domain/agencies.ts';
import { vietnamIso } from '#domain/clock.ts';
import { ENV, FUNCTIONS, type FunctionName, ROUTES } from '#functions/manifest.ts';
import {
  createLocalAuth,
  findLocalUser,
  type LocalUser,
  localUsers,
  TOKEN_TTL_SECONDS,
} from '#infra/local/auth.ts';
import { LOCAL_LINK_KEY_SECRET_ID, startAwsStandIns } from '#infra/local/aws-stand-ins.ts';
import { ensureBuckets, ensureTable, listSentMail, startEmulators } from '#infra/local/emulators.ts';
import {
  type AuthorizerHandler,
  type AuthorizerResult,
  type HttpHandler,
  lambdaContext,
  startGateway,
} from '#infra/local/gateway.ts';
import { startSfnApiServer } from '#infra/local/stepfunctions/api-server.ts';
import { createDynamoCheckpoints } from '#infra/local/stepfunctions/dynamo-checkpoints.ts';
import { createLocalStepFunctions, type LocalStepFunctions } from '#infra/local/stepfunctions/runtime.ts';
import { ensureTestSigner } from '#infra/local/test-ca.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION, renderLifecycleAsl } from '#workflows/render.ts';

/** Local names of the resources the stack creates (there, CloudFormation names them). */
export const LOCAL_NAMES = {
  table: 'exchange-visits',
  documentsBucket: 'exchange-visits-documents',
  archiveBucket: 'exchange-visits-archive',
  stateMachineArn: `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:exchange-visits-lifecycle`,
  sender: 'no-reply@exchange-visits.example',
  archiveRetentionDays: '3650',
} as const;

export interface LocalRuntimeOptions {
  dataDir: string;
  /** the gateway's port; 0 picks a free one */
  port: number;
  host?: string;
  /** no progress lines from the workflow runtime */
  quiet?: boolean;
  /** told of each handler invocation as it settles: the function and its duration (benchmarks read this) */
  onInvoke?: (fn: FunctionName, ms: number) => void;
}

export interface LocalRuntime {
  url: string;
  /** aws-ses-v2-local's web page listing the mail sent */
  mailViewerUrl: string;
  dataDir: string;
  /** the variables set for the handlers (also assigned to process.env) */
  env: Record<string, string>;
  users: readonly LocalUser[];
  sfn: LocalStepFunctions;
  /** waiting executions resumed at start */
  resumed: number;
  stop(): Promise<void>;
}

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

type AnyHandler = (event: unknown, context: Context) => unknown;

/** Loads a function's handler module once (the same file the stack bundles). */
function handlerLoader(
  onInvoke?: LocalRuntimeOptions['onInvoke'],
): (fn: FunctionName) => Promise<AnyHandler> {
  const cache = new Map<FunctionName, Promise<AnyHandler>>();
  return (fn) => {
    let loading = cache.get(fn);
    if (!loading) {
      const url = pathToFileURL(join(REPO_ROOT, FUNCTIONS[fn].entry)).href;
      loading = import(url).then((mod: { handler?: unknown }) => {
        if (typeof mod.handler !== 'function') throw new Error(`${FUNCTIONS[fn].entry} exports no handler`);
        const handler = mod.handler as AnyHandler;
        if (!onInvoke) return handler;
        return async (event: unknown, context: Context) => {
          const started = performance.now();
          try {
            return await handler(event, context);
          } finally {
            onInvoke(fn, performance.now() - started);
          }
        };
      });
      loading.catch(() => cache.delete(fn));
      cache.set(fn, loading);
    }
    return loading;
  };
}

// --- the application clock, kept in <dataDir>/clock.json -------------------------------------------------------

interface ClockFile {
  offsetMs: number;
}

function restoreClock(dataDir: string): void {
  const file = join(dataDir, 'clock.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      setClockOffset(0);
      return;
    }
    throw err;
  }
  const stored = JSON.parse(text) as Partial<ClockFile>;
  if (typeof stored.offsetMs !== 'number' || !Number.isFinite(stored.offsetMs))
    throw new Error(`${file}: offsetMs must be a number of milliseconds`);
  setClockOffset(stored.offsetMs);
}

function saveClock(dataDir: string): void {
  const file = join(dataDir, 'clock.json');
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ offsetMs: clockOffset() } satisfies ClockFile)}\n`);
  renameSync(tmp, file);
}

// --- small HTTP helpers for the local routes ------------------------------------------------------------------

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | string[]> = {},
) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  fields?: Record<string, string>,
): void {
  sendJson(res, status, { error: { code, message, ...(fields ? { fields } : {}) } });
}

function sendHtml(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string | string[]> = {},
) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
    'content-length': String(Buffer.byteLength(body)),
    ...headers,
  });
  res.end(body);
}

function readSmallBody(req: IncomingMessage, limit = 64 * 1024): Promise<string | undefined> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolvePromise(size > limit ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

type ParsedBody =
  | { kind: 'json'; value: Record<string, unknown> }
  | { kind: 'form'; value: Record<string, string> }
  | { kind: 'bad'; why: string };

async function parseBody(req: IncomingMessage): Promise<ParsedBody> {
  const text = await readSmallBody(req);
  if (text === undefined) return { kind: 'bad', why: 'The request body is too large' };
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  // `curl -d '{...}'` labels JSON as a form: a body that opens with a brace is read as JSON
  if (type === 'application/x-www-form-urlencoded' && !text.trimStart().startsWith('{')) {
    return { kind: 'form', value: Object.fromEntries(new URLSearchParams(text)) };
  }
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== 'object' || Array.isArray(value))
      return { kind: 'bad', why: 'The body must be a JSON object' };
    return { kind: 'json', value: value as Record<string, unknown> };
  } catch {
    return { kind: 'bad', why: 'The body is not valid JSON' };
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Only a path on this site: no scheme, no host, no `//evil.example`. */
function safeNext(next: string | null | undefined): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}

const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const URL_IN_TEXT = /https?:\/\/[^\s<>"')\]]+/g;

/** The URLs in a mail's text, in order, once each, without a sentence's closing punctuation. */
function linksIn(text: string): string[] {
  return [...new Set((text.match(URL_IN_TEXT) ?? []).map((u) => u.replace(/[.,;:!?]+$/, '')))];
}

function signInPage(users: readonly LocalUser[], next: string, notice?: string): string {
  const agencyName = new Map(listAgencies().map((a) => [a.id, a.name]));
  const rows = users
    .map(
      (u) =>
        `<li><button name="email" value="${escapeHtml(u.email)}">${escapeHtml(u.name)}</button> <small>${escapeHtml(
          u.roles.join(', '),
        )} · ${escapeHtml(agencyName.get(u.agencyId) ?? u.agencyId)} · ${escapeHtml(u.email)}</small></li>`,
    )
    .join('');
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Đăng nhập (máy cục bộ)</title>
<style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem}li{margin:.5rem 0}button{font:inherit;padding:.3rem .8rem}</style></head>
<body><main><h1>Đăng nhập</h1><p>Bản chạy cục bộ: chọn một người dùng mẫu. <small>(Local runtime: pick a seeded user.)</small></p>
${notice ? `<p role="alert">${escapeHtml(notice)}</p>` : ''}
<form method="post" action="/local/sign-in"><input type="hidden" name="next" value="${escapeHtml(next)}"><ul>${rows}</ul></form>
</main></body></html>`;
}

export async function startLocalRuntime(opts: LocalRuntimeOptions): Promise<LocalRuntime> {
  const dataDir = resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const info = opts.quiet ? () => undefined : (line: string) => console.log(line);
  const stops: (() => Promise<void>)[] = [];
  let ready = false;
  let stopped = false;

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    ready = false;
    const errors: unknown[] = [];
    for (const s of stops.reverse()) {
      try {
        await s();
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, 'stopping the local runtime failed');
  };

  try {
    restoreClock(dataDir);
    // the local test CA, made on the first start: the `test` signer of the seed agencies
    const testSignerDir = await ensureTestSigner(dataDir);

    const emulators = await startEmulators({ dataDir });
    stops.push(() => emulators.stop());
    const standIns = await startAwsStandIns({ dataDir, linkKeySecretId: LOCAL_LINK_KEY_SECRET_ID });
    stops.push(() => standIns.stop());

    // the lifecycle, exactly as the stack ships it
    const { definition, functionArns } = renderLifecycleAsl();
    const load = handlerLoader(opts.onInvoke);
    // from here on, SDK clients (the runtime's and the handlers') find the emulators through the standard variables
    Object.assign(process.env, emulators.env, standIns.env);
    const dynamo = new DynamoDBClient({});
    stops.push(async () => dynamo.destroy());
    const sfn = createLocalStepFunctions({
      definition,
      stateMachineArn: LOCAL_NAMES.stateMachineArn,
      knownFunctionArns: Object.keys(functionArns),
      invoke: async (arn, payload) => {
        const fn = functionArns[arn];
        if (!fn) throw new Error(`no local function for ${arn}`);
        const handler = await load(fn);
        return handler(payload, lambdaContext(fn));
      },
      checkpoints: createDynamoCheckpoints(DynamoDBDocumentClient.from(dynamo), LOCAL_NAMES.table),
      now: () => appClock.now(),
      log: opts.quiet ? undefined : (msg, data) => console.log(data ? `${msg} ${JSON.stringify(data)}` : msg),
    });
    stops.push(() => sfn.stop());
    const sfnApi = await startSfnApiServer(sfn, { port: 0 });
    stops.push(() => sfnApi.close());

    // the gateway listens first (answering 503 until ready), so PUBLIC_URL and the issuer carry its real port
    let localRoutes: (req: IncomingMessage, res: ServerResponse) => Promise<boolean> = async () => false;
    const authorizer: AuthorizerHandler = async (event, context) =>
      (await load('authorizer'))(event, context) as Promise<AuthorizerResult>;
    const gateway = await startGateway({
      port: opts.port,
      host: opts.host,
      routes: ROUTES,
      loadHandler: async (fn) => (await load(fn)) as HttpHandler,
      authorizer,
      localRoutes: (req, res) => localRoutes(req, res),
      ready: () => ready,
    });
    stops.push(() => gateway.close());

    const issuer = `${gateway.url}/local`;
    const auth = createLocalAuth({ dataDir, issuer });
    const env: Record<string, string> = {
      ...emulators.env,
      ...standIns.env,
      AWS_ENDPOINT_URL_SFN: sfnApi.url,
      [ENV.table]: LOCAL_NAMES.table,
      [ENV.documentsBucket]: LOCAL_NAMES.documentsBucket,
      [ENV.archiveBucket]: LOCAL_NAMES.archiveBucket,
      [ENV.archiveRetentionDays]: LOCAL_NAMES.archiveRetentionDays,
      [ENV.stateMachineArn]: LOCAL_NAMES.stateMachineArn,
      [ENV.sender]: LOCAL_NAMES.sender,
      [ENV.linkKeySecret]: LOCAL_LINK_KEY_SECRET_ID,
      [ENV.publicUrl]: gateway.url,
      [ENV.jwtIssuer]: issuer,
      [ENV.jwksUri]: `${issuer}/jwks.json`,
      [ENV.userPoolClientId]: auth.clientId,
      [ENV.testSignerDir]: testSignerDir,
    };
    Object.assign(process.env, env);

    await ensureTable(dynamo, LOCAL_NAMES.table);
    const s3 = new S3Client({ forcePathStyle: true });
    try {
      await ensureBuckets(s3, [LOCAL_NAMES.documentsBucket, LOCAL_NAMES.archiveBucket]);
    } finally {
      s3.destroy();
    }

    localRoutes = async (req, res) => {
      const method = req.method ?? 'GET';
      const url = new URL(req.url ?? '/', gateway.url);
      const path = url.pathname;

      if (method === 'GET' && (path === '/local/jwks.json' || path === '/local/.well-known/jwks.json')) {
        sendJson(res, 200, auth.jwks, { 'cache-control': 'max-age=300' });
        return true;
      }

      if (method === 'GET' && path === '/local/users') {
        sendJson(res, 200, localUsers());
        return true;
      }

      if (method === 'GET' && path === '/auth/sign-in') {
        sendHtml(res, 200, signInPage(localUsers(), safeNext(url.searchParams.get('next'))));
        return true;
      }

      if (method === 'POST' && path === '/auth/sign-out') {
        res.writeHead(303, {
          location: '/auth/sign-in',
          'set-cookie': `${SESSION_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0`,
          'cache-control': 'no-store',
        });
        res.end();
        return true;
      }

      if (method === 'POST' && path === '/local/sign-in') {
        const body = await parseBody(req);
        if (body.kind === 'bad') {
          sendError(res, 400, 'MALFORMED', body.why);
          return true;
        }
        const email = body.value.email;
        if (typeof email !== 'string' || email.trim() === '') {
          sendError(res, 422, 'VALIDATION', 'The input is not valid', { email: 'an email is required' });
          return true;
        }
        const user = findLocalUser(email);
        if (!user) {
          if (body.kind === 'form') {
            sendHtml(
              res,
              404,
              signInPage(
                localUsers(),
                safeNext(body.value.next),
                `Không có người dùng ${email} (no such user)`,
              ),
            );
          } else {
            sendError(res, 404, 'USER_NOT_FOUND', 'No seeded user has this email', {
              email: 'not a seeded user (see GET /local/users)',
            });
          }
          return true;
        }
        const token = auth.signToken(user);
        const cookie = `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Lax; Path=/; Max-Age=${TOKEN_TTL_SECONDS}`;
        if (body.kind === 'form') {
          res.writeHead(303, {
            location: safeNext(body.value.next),
            'set-cookie': cookie,
            'cache-control': 'no-store',
          });
          res.end();
        } else {
          sendJson(res, 200, { token }, { 'set-cookie': cookie });
        }
        return true;
      }

      if (method === 'POST' && path === '/local/clock') {
        const body = await parseBody(req);
        if (body.kind !== 'json') {
          sendError(res, 400, 'MALFORMED', body.kind === 'bad' ? body.why : 'The body must be JSON');
          return true;
        }
        const { advanceDays, now } = body.value;
        let offset: number;
        if (advanceDays !== undefined && now !== undefined) {
          sendError(res, 422, 'VALIDATION', 'The input is not valid', {
            now: 'give either advanceDays or now, not both',
          });
          return true;
        }
        if (advanceDays !== undefined) {
          if (typeof advanceDays !== 'number' || !Number.isFinite(advanceDays)) {
            sendError(res, 422, 'VALIDATION', 'The input is not valid', {
              advanceDays: 'must be a number of days',
            });
            return true;
          }
          offset = clockOffset() + advanceDays * 86_400_000;
        } else if (now !== undefined) {
          const at = typeof now === 'string' && ISO_DATETIME.test(now) ? Date.parse(now) : Number.NaN;
          if (!Number.isFinite(at)) {
            sendError(res, 422, 'VALIDATION', 'The input is not valid', {
              now: 'must be an ISO 8601 date-time with an offset, e.g. 2026-08-24T08:00:00+07:00',
            });
            return true;
          }
          offset = at - Date.now();
        } else {
          sendError(res, 422, 'VALIDATION', 'The input is not valid', {
            advanceDays: 'give advanceDays or now',
          });
          return true;
        }
        setClockOffset(offset);
        saveClock(dataDir);
        // let the deadlines the move passed fire, so the answer comes after their reminders and timeouts
        sfn.clockChanged();
        await Promise.race([sfn.idle(), new Promise((r) => setTimeout(r, 20_000).unref())]);
        sendJson(res, 200, { now: vietnamIso(appClock.now()) });
        return true;
      }

      if (method === 'GET' && path === '/local/outbox') {
        const mails = await listSentMail(emulators.endpoints.ses);
        sendJson(
          res,
          200,
          mails.map((m) => ({
            id: m.messageId,
            to: m.to,
            subject: m.subject,
            text: m.text ?? '',
            html: m.html ?? '',
            links: linksIn(m.text ?? m.html ?? ''),
            attachments: m.attachments.map((a) => ({
              filename: a.filename ?? '',
              contentType: a.contentType,
              size: a.size,
            })),
            at: vietnamIso(new Date(m.at * 1000)),
          })),
        );
        return true;
      }

      return false;
    };

    const resumed = await sfn.resume();
    ready = true;
    info(`[local] ready at ${gateway.url}${resumed > 0 ? ` (${resumed} waiting execution(s) resumed)` : ''}`);

    return {
      url: gateway.url,
      mailViewerUrl: emulators.endpoints.ses,
      dataDir,
      env,
      users: localUsers(),
      sfn,
      resumed,
      stop,
    };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}
