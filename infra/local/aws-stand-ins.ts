/**
 * Stand-ins for the AWS APIs the emulators lack, answering the same wire protocol so handlers reach them through
 * the SDK's standard endpoint variables with no "if local" branch. Today: Secrets Manager's GetSecretValue for
 * the approval-link key (`AWS_ENDPOINT_URL_SECRETS_MANAGER`), served from `<dataDir>/link-keys.json`, generated
 * once: `{"current":"k1","keys":{"k1":"<base64 of 32 random bytes>"}}`. The file is read on every call, so a
 * rotation (a new key id made current, old ones kept) takes effect without a restart.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export const LOCAL_LINK_KEY_SECRET_ID = 'exchange-visits/link-keys';
const REGION = 'ap-southeast-1';
const ACCOUNT = '000000000000';

export interface LinkKeys {
  current: string;
  /** key id → base64 key */
  keys: Record<string, string>;
}

export interface AwsStandIns {
  /** the endpoint for AWS_ENDPOINT_URL_SECRETS_MANAGER */
  secretsManagerEndpoint: string;
  /** the variables a handler needs to reach the stand-ins */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** Reads `<dataDir>/link-keys.json`, generating it on first use. */
export function ensureLinkKeys(dataDir: string): LinkKeys {
  const file = join(dataDir, 'link-keys.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LinkKeys;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const keys: LinkKeys = { current: 'k1', keys: { k1: randomBytes(32).toString('base64') } };
  mkdirSync(dataDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
  return keys;
}

function secretArn(name: string): string {
  // Secrets Manager appends six random characters to a secret's name in its ARN
  return `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-LoCaL1`;
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () =>
      size > limit
        ? reject(new RangeError('body too large'))
        : resolve(Buffer.concat(chunks).toString('utf8')),
    );
    req.on('error', reject);
  });
}

function answer(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(text);
}

function fail(res: ServerResponse, status: number, type: string, message: string): void {
  answer(res, status, { __type: type, message }, type);
}

export async function startAwsStandIns(opts: {
  dataDir: string;
  linkKeySecretId?: string;
  port?: number;
  host?: string;
}): Promise<AwsStandIns> {
  const secretId = opts.linkKeySecretId ?? LOCAL_LINK_KEY_SECRET_ID;
  const keysFile = join(opts.dataDir, 'link-keys.json');
  ensureLinkKeys(opts.dataDir);

  const server = createServer((req, res) => {
    void (async () => {
      const target = req.headers['x-amz-target'];
      if (req.method !== 'POST' || typeof target !== 'string') {
        fail(res, 400, 'UnknownOperationException', 'Only the AWS JSON protocol is served here');
        return;
      }
      let input: { SecretId?: unknown; VersionStage?: unknown };
      try {
        input = JSON.parse((await readBody(req, 64 * 1024)) || '{}') as typeof input;
      } catch {
        fail(res, 400, 'SerializationException', 'The request body is not valid JSON');
        return;
      }
      if (target !== 'secretsmanager.GetSecretValue') {
        fail(res, 400, 'UnknownOperationException', `${target} is not served by the local stand-in`);
        return;
      }
      if (typeof input.SecretId !== 'string' || input.SecretId === '') {
        fail(res, 400, 'InvalidParameterException', 'SecretId is required');
        return;
      }
      const arn = secretArn(secretId);
      if (input.SecretId !== secretId && input.SecretId !== arn) {
        fail(res, 400, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
        return;
      }
      if (input.VersionStage !== undefined && input.VersionStage !== 'AWSCURRENT') {
        fail(res, 400, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret value.");
        return;
      }
      const text = readFileSync(keysFile, 'utf8');
      const modified = statSync(keysFile).mtimeMs;
      answer(res, 200, {
        ARN: arn,
        Name: secretId,
        VersionId: `local-${Math.floor(modified)}`,
        SecretString: text,
        VersionStages: ['AWSCURRENT'],
        CreatedDate: Math.floor(modified) / 1000,
      });
    })().catch(() => {
      if (!res.headersSent) fail(res, 500, 'InternalServiceError', 'The local stand-in failed');
      else res.destroy();
    });
  });

  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://${host}:${port}`;
  return {
    secretsManagerEndpoint: endpoint,
    env: { AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
