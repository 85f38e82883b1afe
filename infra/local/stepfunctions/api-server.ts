/**
 * Serves the local runtime over the Step Functions JSON protocol (awsJson1_0: `POST /`,
 * `X-Amz-Target: AWSStepFunctions.<Operation>`), so handlers use the ordinary `@aws-sdk/client-sfn` through
 * `AWS_ENDPOINT_URL_SFN`. Errors answer as the service does (HTTP 400, `{"__type", "message"}` and the
 * `x-amzn-errortype` header), so the SDK raises the same named exceptions. No request is ever logged: bodies
 * carry task tokens.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listen, parseJsonObject, readBody, sendAwsError, sendAwsJson } from '#infra/local/http.ts';
import { isServiceError, SfnServiceError } from '#infra/local/stepfunctions/errors.ts';
import type { HistoryEvent, LocalStepFunctions } from '#infra/local/stepfunctions/runtime.ts';

export interface SfnApiServer {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

type Body = Record<string, unknown>;

/** Dates go over the wire as epoch seconds. */
function epoch(date: Date): number {
  return date.getTime() / 1000;
}

function str(body: Body, key: string, required = true): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) {
    if (required) throw new SfnServiceError('ValidationException', `${key} is required`);
    return undefined;
  }
  if (typeof value !== 'string') throw new SfnServiceError('ValidationException', `${key} must be a string`);
  return value;
}

function parseJson(text: string, error: 'InvalidOutput' | 'InvalidExecutionInput'): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new SfnServiceError(error, 'Invalid JSON');
  }
}

function wireEvent(e: HistoryEvent): Body {
  return { ...e, timestamp: epoch(e.timestamp) };
}

type Operation = (sfn: LocalStepFunctions, body: Body) => Promise<Body>;

const OPERATIONS: Record<string, Operation> = {
  async StartExecution(sfn, body) {
    const arn = str(body, 'stateMachineArn');
    if (arn !== sfn.stateMachineArn) {
      throw new SfnServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    }
    const input = parseJson(str(body, 'input', false) ?? '{}', 'InvalidExecutionInput');
    const started = await sfn.startExecution(str(body, 'name', false) ?? randomUUID(), input);
    return { executionArn: started.executionArn, startDate: epoch(started.startDate) };
  },
  async SendTaskSuccess(sfn, body) {
    const token = str(body, 'taskToken') as string;
    const output = parseJson(str(body, 'output') as string, 'InvalidOutput');
    await sfn.sendTaskSuccess(token, output);
    return {};
  },
  async SendTaskFailure(sfn, body) {
    await sfn.sendTaskFailure(
      str(body, 'taskToken') as string,
      str(body, 'error', false),
      str(body, 'cause', false),
    );
    return {};
  },
  async SendTaskHeartbeat(sfn, body) {
    await sfn.sendTaskHeartbeat(str(body, 'taskToken') as string);
    return {};
  },
  async StopExecution(sfn, body) {
    const stopped = await sfn.stopExecution(
      str(body, 'executionArn') as string,
      str(body, 'error', false),
      str(body, 'cause', false),
    );
    return { stopDate: epoch(stopped.stopDate) };
  },
  async DescribeExecution(sfn, body) {
    const d = await sfn.describeExecution(str(body, 'executionArn') as string);
    return {
      ...d,
      startDate: epoch(d.startDate),
      ...(d.stopDate && { stopDate: epoch(d.stopDate) }),
    };
  },
  async GetExecutionHistory(sfn, body) {
    let events = (await sfn.getExecutionHistory(str(body, 'executionArn') as string)).events.map(wireEvent);
    if (body.reverseOrder === true) events = events.reverse();
    const start = typeof body.nextToken === 'string' ? Number.parseInt(body.nextToken, 10) || 0 : 0;
    const size = typeof body.maxResults === 'number' && body.maxResults > 0 ? body.maxResults : 1000;
    const page = events.slice(start, start + size);
    return start + size < events.length
      ? { events: page, nextToken: String(start + size) }
      : { events: page };
  },
};

function sendError(res: ServerResponse, status: number, type: string, message: string): void {
  sendAwsError(res, '1.0', status, type, message);
}

async function handle(sfn: LocalStepFunctions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'POST') return sendError(res, 405, 'UnknownOperationException', 'POST only');
  const target = String(req.headers['x-amz-target'] ?? '');
  const op = target.startsWith('AWSStepFunctions.')
    ? OPERATIONS[target.slice('AWSStepFunctions.'.length)]
    : undefined;
  if (!op) return sendError(res, 400, 'UnknownOperationException', `Unknown operation ${target}`);
  const read = await readBody(req, MAX_BODY);
  if (!read.ok) return sendError(res, 413, 'ValidationException', 'Request too large');
  const body = parseJsonObject(read.body.toString('utf8'), true);
  if (!body.ok)
    return sendError(
      res,
      400,
      'SerializationException',
      body.why === 'syntax' ? 'Malformed JSON' : 'Expected a JSON object',
    );
  try {
    sendAwsJson(res, '1.0', 200, await op(sfn, body.value));
  } catch (err) {
    if (isServiceError(err)) return sendError(res, 400, err.name, err.message);
    sendError(res, 500, 'InternalFailure', 'Internal failure');
  }
}

export async function startSfnApiServer(
  sfn: LocalStepFunctions,
  opts: { port?: number; host?: '127.0.0.1' } = {},
): Promise<SfnApiServer> {
  const server = createServer((req, res) => {
    handle(sfn, req, res).catch(() => {
      if (!res.headersSent) sendError(res, 500, 'InternalFailure', 'Internal failure');
      else res.destroy();
    });
  });
  const { url, close } = await listen(server, opts.port ?? 0, opts.host);
  return { url, close };
}
