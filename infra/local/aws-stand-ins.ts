/**
 * Stand-ins for the AWS APIs the emulators lack, answering the same wire protocol so handlers reach them through
 * the SDK's standard endpoint variables with no "if local" branch. Today: Secrets Manager for the approval-link key
 * (`AWS_ENDPOINT_URL_SECRETS_MANAGER`). Its current value is `<dataDir>/link-keys.json`, generated once:
 * `{"current":"k1","keys":{"k1":"<base64 of 32 random bytes>"}}`, and read on every call, so a rotation takes
 * effect without a restart. Besides GetSecretValue it serves what the rotation protocol uses — DescribeSecret,
 * RotateSecret (marks a new version AWSPENDING; it does not invoke a function), PutSecretValue and
 * UpdateSecretVersionStage (moving AWSCURRENT writes the file) — so the rotation function runs against it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { listen, parseJsonObject, readBody, sendAwsError, sendAwsJson } from '#infra/local/http.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '#workflows/local-arns.ts';

export const LOCAL_LINK_KEY_SECRET_ID = 'exchange-visits/link-keys';
/** The largest request body served; Secrets Manager requests are small. */
const BODY_LIMIT_BYTES = 64 * 1024;

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
  return `arn:aws:secretsmanager:${LOCAL_REGION}:${LOCAL_ACCOUNT}:secret:${name}-LoCaL1`;
}

function answer(res: ServerResponse, body: Record<string, unknown>): void {
  sendAwsJson(res, '1.1', 200, body);
}

function fail(res: ServerResponse, status: number, type: string, message: string): void {
  sendAwsError(res, '1.1', status, type, message);
}

/** One version of the secret: its staging labels and, once stored, its value. */
interface Version {
  stages: string[];
  value?: string;
  created: number;
}

/** The secret's versions; the AWSCURRENT one's value is the key file itself. */
interface SecretVersions {
  versions: Map<string, Version>;
  valueOf(id: string): string | undefined;
  moveStage(stage: string, to: string): void;
}

const CURRENT_ID = 'local-initial';

function createSecretVersions(keysFile: string): SecretVersions {
  const versions = new Map<string, Version>([[CURRENT_ID, { stages: ['AWSCURRENT'], created: Date.now() }]]);
  const isCurrent = (id: string) => versions.get(id)?.stages.includes('AWSCURRENT') ?? false;
  return {
    versions,
    valueOf: (id) => (isCurrent(id) ? readFileSync(keysFile, 'utf8') : versions.get(id)?.value),
    moveStage(stage, to) {
      const target = versions.get(to);
      if (!target) return;
      for (const [id, v] of versions) {
        if (id === to || !v.stages.includes(stage)) continue;
        v.stages = v.stages.filter((s) => s !== stage && s !== 'AWSPREVIOUS');
        // the version that loses AWSCURRENT keeps its value, as AWSPREVIOUS
        if (stage === 'AWSCURRENT') {
          v.value = readFileSync(keysFile, 'utf8');
          for (const other of versions.values())
            other.stages = other.stages.filter((s) => s !== 'AWSPREVIOUS');
          v.stages.push('AWSPREVIOUS');
        }
      }
      if (stage === 'AWSCURRENT') {
        const text = target.value ?? readFileSync(keysFile, 'utf8');
        const tmp = `${keysFile}.${process.pid}.tmp`;
        writeFileSync(tmp, text, { mode: 0o600 });
        renameSync(tmp, keysFile);
        target.stages = target.stages.filter((s) => s !== 'AWSPENDING');
      }
      if (!target.stages.includes(stage)) target.stages.push(stage);
    },
  };
}

type Outcome = { body: Record<string, unknown> } | { error: string; message: string };
const NOT_FOUND: Outcome = {
  error: 'ResourceNotFoundException',
  message: "Secrets Manager can't find the specified secret value.",
};

const OPERATIONS: Record<string, (secret: SecretVersions, input: Record<string, unknown>) => Outcome> = {
  GetSecretValue(secret, input) {
    const stage = typeof input.VersionStage === 'string' ? input.VersionStage : undefined;
    let id = typeof input.VersionId === 'string' ? input.VersionId : undefined;
    if (!id) id = [...secret.versions].find(([, v]) => v.stages.includes(stage ?? 'AWSCURRENT'))?.[0];
    const version = id ? secret.versions.get(id) : undefined;
    const value = id ? secret.valueOf(id) : undefined;
    if (!id || !version || value === undefined || (stage && !version.stages.includes(stage)))
      return NOT_FOUND;
    return {
      body: {
        VersionId: id,
        SecretString: value,
        VersionStages: version.stages,
        CreatedDate: version.created / 1000,
      },
    };
  },
  DescribeSecret(secret) {
    return {
      body: {
        RotationEnabled: true,
        VersionIdsToStages: Object.fromEntries([...secret.versions].map(([id, v]) => [id, v.stages])),
      },
    };
  },
  RotateSecret(secret, input) {
    const id = typeof input.ClientRequestToken === 'string' ? input.ClientRequestToken : randomUUID();
    if (!secret.versions.has(id)) secret.versions.set(id, { stages: [], created: Date.now() });
    secret.moveStage('AWSPENDING', id);
    return { body: { VersionId: id } };
  },
  PutSecretValue(secret, input) {
    const id = typeof input.ClientRequestToken === 'string' ? input.ClientRequestToken : randomUUID();
    if (typeof input.SecretString !== 'string')
      return { error: 'InvalidParameterException', message: 'SecretString is required' };
    const existing = secret.versions.get(id);
    if (existing?.value !== undefined && existing.value !== input.SecretString)
      return {
        error: 'ResourceExistsException',
        message: 'A version with this token already has another value',
      };
    const version = existing ?? { stages: [], created: Date.now() };
    version.value = input.SecretString;
    secret.versions.set(id, version);
    const stages = Array.isArray(input.VersionStages) ? input.VersionStages.map(String) : ['AWSCURRENT'];
    for (const stage of stages) secret.moveStage(stage, id);
    return { body: { VersionId: id, VersionStages: version.stages } };
  },
  UpdateSecretVersionStage(secret, input) {
    const stage = typeof input.VersionStage === 'string' ? input.VersionStage : '';
    const to = typeof input.MoveToVersionId === 'string' ? input.MoveToVersionId : '';
    if (!stage || !secret.versions.has(to)) return NOT_FOUND;
    const from = typeof input.RemoveFromVersionId === 'string' ? input.RemoveFromVersionId : undefined;
    const holder = [...secret.versions].find(([, v]) => v.stages.includes(stage))?.[0];
    if (holder && holder !== to && holder !== from)
      return {
        error: 'InvalidParameterException',
        message: `The stage ${stage} is on ${holder}, not on ${from}`,
      };
    secret.moveStage(stage, to);
    return { body: {} };
  },
};

export async function startAwsStandIns(opts: {
  dataDir: string;
  linkKeySecretId?: string;
  port?: number;
  host?: string;
}): Promise<AwsStandIns> {
  const secretId = opts.linkKeySecretId ?? LOCAL_LINK_KEY_SECRET_ID;
  const keysFile = join(opts.dataDir, 'link-keys.json');
  ensureLinkKeys(opts.dataDir);
  const arn = secretArn(secretId);
  const secret = createSecretVersions(keysFile);

  const server = createServer((req, res) => {
    void (async () => {
      const target = req.headers['x-amz-target'];
      if (req.method !== 'POST' || typeof target !== 'string') {
        fail(res, 400, 'UnknownOperationException', 'Only the AWS JSON protocol is served here');
        return;
      }
      const read = await readBody(req, BODY_LIMIT_BYTES);
      if (!read.ok) {
        fail(res, 413, 'ValidationException', 'The request body is too large');
        return;
      }
      const parsed = parseJsonObject(read.body.toString('utf8'), true);
      if (!parsed.ok) {
        const why = parsed.why === 'syntax' ? 'is not valid JSON' : 'must be a JSON object';
        fail(res, 400, 'SerializationException', `The request body ${why}`);
        return;
      }
      const input = parsed.value;
      const operation = target.startsWith('secretsmanager.') ? target.slice('secretsmanager.'.length) : '';
      const served = OPERATIONS[operation];
      if (!served) {
        fail(res, 400, 'UnknownOperationException', `${target} is not served by the local stand-in`);
        return;
      }
      if (typeof input.SecretId !== 'string' || input.SecretId === '') {
        fail(res, 400, 'InvalidParameterException', 'SecretId is required');
        return;
      }
      if (input.SecretId !== secretId && input.SecretId !== arn) {
        fail(res, 400, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
        return;
      }
      const outcome = served(secret, input);
      if ('error' in outcome) fail(res, 400, outcome.error, outcome.message);
      else answer(res, { ARN: arn, Name: secretId, ...outcome.body });
    })().catch(() => {
      if (!res.headersSent) fail(res, 500, 'InternalServiceError', 'The local stand-in failed');
      else res.destroy();
    });
  });

  const listening = await listen(server, opts.port ?? 0, opts.host);
  return {
    secretsManagerEndpoint: listening.url,
    env: { AWS_ENDPOINT_URL_SECRETS_MANAGER: listening.url },
    stop: listening.close,
  };
}
