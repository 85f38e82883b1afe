/**
 * The one HTTP toolkit of the local servers (the gateway, its /local routes, the Step Functions API and the AWS
 * stand-ins): listen and close, read a body up to a limit, parse JSON or a form, and answer JSON, HTML or an AWS
 * JSON protocol error, each with its length. Nothing here logs a body or a header: they carry tokens.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Headers = Record<string, string | string[]>;

export interface Listening {
  url: string;
  port: number;
  /** stops listening and drops open connections (keep-alive sockets of SDK clients would hold it open) */
  close(): Promise<void>;
}

/** Listens on `port` (0 picks a free one) at `host`, 127.0.0.1 unless given. */
export async function listen(server: Server, port: number, host = '127.0.0.1'): Promise<Listening> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    port: bound,
    close: () => closeServer(server),
  };
}

/** Closes a server, through `closeFn` where its owner wraps `close`, and drops its open connections. */
export function closeServer(
  server: Server,
  closeFn: (cb: (err?: Error | null) => void) => void = (cb) => server.close(cb),
): Promise<void> {
  return new Promise((resolve, reject) => {
    closeFn((err) => (err ? reject(err) : resolve()));
    server.closeAllConnections();
  });
}

export type BodyRead = { ok: true; body: Buffer } | { ok: false };

/**
 * Reads the body up to `limit` bytes. A larger one is drained (so the client reads the answer) and refused; past
 * `drainLimit` (16 × limit unless given), declared or sent, the connection is cut instead.
 */
export function readBody(
  req: IncomingMessage,
  limit: number,
  drainLimit: number = 16 * limit,
): Promise<BodyRead> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > drainLimit) {
      resolve({ ok: false });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > drainLimit) req.destroy();
    });
    req.on('end', () => resolve(size > limit ? { ok: false } : { ok: true, body: Buffer.concat(chunks) }));
    req.on('close', () => {
      if (!req.complete) resolve({ ok: false });
    });
    req.on('error', reject);
  });
}

export type JsonObjectRead =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; why: 'syntax' | 'shape' };

/** Parses text that must hold a JSON object; an empty text is `{}` where `emptyIsObject`. */
export function parseJsonObject(text: string, emptyIsObject = false): JsonObjectRead {
  if (emptyIsObject && text === '') return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, why: 'syntax' };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { ok: false, why: 'shape' };
  return { ok: true, value: value as Record<string, unknown> };
}

export type ParsedBody =
  | { kind: 'json'; value: Record<string, unknown> }
  | { kind: 'form'; value: Record<string, string> }
  | { kind: 'bad'; why: string };

/** Reads a small body as a form (`application/x-www-form-urlencoded`) or a JSON object. */
export async function parseBody(req: IncomingMessage, limit = 64 * 1024): Promise<ParsedBody> {
  const read = await readBody(req, limit);
  if (!read.ok) return { kind: 'bad', why: 'The request body is too large' };
  const text = read.body.toString('utf8');
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  // `curl -d '{...}'` labels JSON as a form: a body that opens with a brace is read as JSON
  if (type === 'application/x-www-form-urlencoded' && !text.trimStart().startsWith('{')) {
    return { kind: 'form', value: Object.fromEntries(new URLSearchParams(text)) };
  }
  const parsed = parseJsonObject(text);
  if (parsed.ok) return { kind: 'json', value: parsed.value };
  return {
    kind: 'bad',
    why: parsed.why === 'syntax' ? 'The body is not valid JSON' : 'The body must be a JSON object',
  };
}

/** Answers `body` with its length; nothing when an answer has begun already. */
export function send(res: ServerResponse, status: number, headers: Headers, body: Buffer | string): void {
  if (res.headersSent) return;
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { ...headers, 'content-length': String(bytes.length) });
  res.end(bytes);
}

/** Answers a JSON value; `headers` add to, or replace, `content-type: application/json; charset=utf-8`. */
export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Headers = {}): void {
  send(res, status, { 'content-type': 'application/json; charset=utf-8', ...headers }, JSON.stringify(value));
}

/** Answers an HTML page of this machine's own: never cached, no script, forms posting only here. */
export function sendHtml(res: ServerResponse, status: number, html: string, headers: Headers = {}): void {
  send(
    res,
    status,
    {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
      ...headers,
    },
    html,
  );
}

/** Answers the contract's JSON error shape `{ error: { code, message, fields? } }`, never cached. */
export function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  fields?: Record<string, string>,
): void {
  sendJson(
    res,
    status,
    { error: { code, message, ...(fields ? { fields } : {}) } },
    { 'cache-control': 'no-store' },
  );
}

/** The AWS JSON protocols: awsJson1_0 (Step Functions) and awsJson1_1 (Secrets Manager). */
export type AwsJsonProtocol = '1.0' | '1.1';

/** Answers in an AWS JSON protocol: its content type, a request id, and for an error its type in a header too. */
export function sendAwsJson(
  res: ServerResponse,
  protocol: AwsJsonProtocol,
  status: number,
  body: Record<string, unknown>,
  errorType?: string,
): void {
  send(
    res,
    status,
    {
      'content-type': `application/x-amz-json-${protocol}`,
      'x-amzn-requestid': randomUUID(),
      ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
    },
    JSON.stringify(body),
  );
}

/** Answers an AWS JSON protocol error, `{"__type", "message"}`, as the services do. */
export function sendAwsError(
  res: ServerResponse,
  protocol: AwsJsonProtocol,
  status: number,
  type: string,
  message: string,
): void {
  sendAwsJson(res, protocol, status, { __type: type, message }, type);
}
