/**
 * A counting HTTP proxy put in front of an emulator (S3, SES): every request passes through unchanged (one
 * keep-alive agent upstream) and is counted by operation; for SES it also notes when each message was sent.
 */
import { Agent, createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Service = 's3' | 'ses';

export interface Counter {
  url: string;
  /** requests by operation */
  counts: Record<string, number>;
  /** SES only: completion time (performance.now()) of each sent message, by message id */
  sentAt: Map<string, number>;
  onSent?: () => void;
  close(): Promise<void>;
}

/** DynamoDB usage: requests by operation, capacity units (read, write), writes that set an index key. */
export interface Snapshot {
  counts: Record<string, number>;
  capacity: Record<string, number>;
  indexKeyWrites: number;
}

export function diff(after: Snapshot, before: Snapshot): Snapshot {
  const sub = (a: Record<string, number>, b: Record<string, number>) =>
    Object.fromEntries(
      Object.entries(a)
        .map(([k, v]) => [k, v - (b[k] ?? 0)] as const)
        .filter(([, v]) => v !== 0),
    );
  return {
    counts: sub(after.counts, before.counts),
    capacity: sub(after.capacity, before.capacity),
    indexKeyWrites: after.indexKeyWrites - before.indexKeyWrites,
  };
}

function s3Operation(req: IncomingMessage): string {
  const url = new URL(req.url ?? '/', 'http://x');
  const parts = url.pathname.split('/').filter(Boolean);
  const hasKey = parts.length > 1;
  switch (req.method) {
    case 'PUT':
      return !hasKey ? 'CreateBucket' : req.headers['x-amz-copy-source'] ? 'CopyObject' : 'PutObject';
    case 'GET':
      return hasKey ? 'GetObject' : 'ListObjects';
    case 'HEAD':
      return hasKey ? 'HeadObject' : 'HeadBucket';
    case 'DELETE':
      return 'DeleteObject';
    default:
      return `${req.method} ${hasKey ? 'object' : 'bucket'}`;
  }
}

function sesOperation(req: IncomingMessage): string {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (req.method === 'POST' && path === '/v2/email/outbound-emails') return 'SendEmail';
  return `${req.method} ${path}`;
}

export async function startCounter(service: Service, target: string): Promise<Counter> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const counts: Record<string, number> = {};
  const sentAt = new Map<string, number>();
  let self: Counter;

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const op = service === 's3' ? s3Operation(req) : sesOperation(req);
      counts[op] = (counts[op] ?? 0) + 1;

      const headers = { ...req.headers, 'content-length': String(body.length) };
      const up = request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent },
        (upRes) => {
          if (op !== 'SendEmail') {
            res.writeHead(upRes.statusCode ?? 502, upRes.headers);
            upRes.pipe(res);
            return;
          }
          const out: Buffer[] = [];
          upRes.on('data', (c: Buffer) => out.push(c));
          upRes.on('end', () => {
            const answer = Buffer.concat(out);
            res.writeHead(upRes.statusCode ?? 502, upRes.headers);
            res.end(answer);
            try {
              const json = JSON.parse(answer.toString('utf8')) as { MessageId?: string };
              if (json.MessageId) {
                sentAt.set(json.MessageId, performance.now());
                self.onSent?.();
              }
            } catch {
              // an error answer or not JSON: nothing to add
            }
          });
        },
      );
      up.on('error', (err) => {
        res.writeHead(502);
        res.end(String(err));
      });
      up.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  self = {
    url: `http://127.0.0.1:${port}`,
    counts,
    sentAt,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        agent.destroy();
      }),
  };
  return self;
}
