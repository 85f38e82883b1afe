import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3Client } from '#adapters/s3-document-store.ts';
import { Client } from '#infra/local/client.ts';
import { type LocalRuntime, startLocalRuntime } from '#infra/local/runtime.ts';
import { seedRequest } from '#infra/local/seed-visit.ts';
import { dateAfter, PEOPLE } from '../support/people.ts';

let runtime: LocalRuntime;
let client: Client;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ev-faults-'));
  runtime = await startLocalRuntime({ dataDir, port: 0, quiet: true });
  client = new Client(runtime.url);
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a transient fault in a task', () => {
  it('is retried without a second document, number or mail', async () => {
    // The agenda's upload reaches S3 but its answer is lost once: the step fails after its work is done.
    let faults = 0;
    s3Client().middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        const input = args.input as { Key?: string };
        if (
          context.commandName === 'PutObjectCommand' &&
          input.Key?.endsWith('/agenda-v1.docx') &&
          faults === 0
        ) {
          faults++;
          const error = new Error('We encountered an internal error. Please try again.');
          error.name = 'InternalError';
          throw error;
        }
        return result;
      },
      { step: 'deserialize', name: 'loseOneAnswer' },
    );
    const now = await client.clock({ advanceDays: 0 });
    const before = (await client.outbox()).length;
    const res = await client.request<{ id: string }>('POST', '/visits', {
      as: PEOPLE.requester,
      body: seedRequest(dateAfter(now, 15)),
    });
    expect(res.status).toBe(201);
    const visit = await client.waitForStatus(res.body.id, PEOPLE.requester, 'AWAITING_APPROVAL');
    expect(faults).toBe(1);
    expect(visit.documents as unknown[]).toHaveLength(1);
    const events = (visit.events as { type: string }[]).map((e) => e.type);
    expect(events.filter((t) => t === 'AGENDA_DRAFTED')).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 500));
    const mails = (await client.outbox()).slice(before).filter((m) => m.to.includes(PEOPLE.approver1));
    expect(mails).toHaveLength(1);
    s3Client().middlewareStack.remove('loseOneAnswer');
  });
});
