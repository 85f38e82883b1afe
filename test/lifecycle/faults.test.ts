import { DescribeExecutionCommand, SFNClient, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { s3Client } from '#adapters/s3-document-store.ts';
import { sesClient } from '#adapters/ses-mailer.ts';
import { executionArn as executionArn_ } from '#adapters/sfn-workflow.ts';
import { linkPath } from '#infra/local/client.ts';
import { LOCAL_NAMES } from '#infra/local/environment.ts';
import { seedRequest } from '#infra/local/seed-visit.ts';
import { dateAfter, PEOPLE } from '../support/people.ts';
import { useRuntime } from '../support/runtime.ts';

const local = useRuntime('faults');

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
    const now = await local.client.clock({ advanceDays: 0 });
    const before = (await local.client.outbox()).length;
    const res = await local.client.request<{ id: string }>('POST', '/visits', {
      as: PEOPLE.requester,
      body: seedRequest(dateAfter(now, 15)),
    });
    expect(res.status).toBe(201);
    const visit = await local.client.waitForStatus(res.body.id, PEOPLE.requester, 'AWAITING_APPROVAL');
    expect(faults).toBe(1);
    expect(visit.documents as unknown[]).toHaveLength(1);
    const events = (visit.events as { type: string }[]).map((e) => e.type);
    expect(events.filter((t) => t === 'AGENDA_DRAFTED')).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 500));
    const mails = (await local.client.outbox()).slice(before).filter((m) => m.to.includes(PEOPLE.approver1));
    expect(mails).toHaveLength(1);
    s3Client().middlewareStack.remove('loseOneAnswer');
  });

  it('that refuses the rejection notice once still leaves one REJECTED event and one notice', async () => {
    // the mail service refuses the first attempt at the rejection notice: the Decide step fails after the status
    // moved, and its retry must finish the turn without repeating what went through
    let refused = 0;
    sesClient().middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { Content?: { Simple?: { Subject?: { Data?: string } } } };
        const subject = input.Content?.Simple?.Subject?.Data ?? '';
        if (context.commandName === 'SendEmailCommand' && /từ chối/.test(subject) && refused === 0) {
          refused++;
          const error = new Error('Maximum sending rate exceeded.');
          error.name = 'TooManyRequestsException';
          throw error;
        }
        return next(args);
      },
      { step: 'initialize', name: 'refuseOnce' },
    );
    const now = await local.client.clock({ advanceDays: 0 });
    let before = (await local.client.outbox()).length;
    const res = await local.client.request<{ id: string }>('POST', '/visits', {
      as: PEOPLE.requester,
      body: seedRequest(dateAfter(now, 16)),
    });
    const mail = await local.client.waitForMail(PEOPLE.approver1, /phê duyệt/, before);
    before = (await local.client.outbox()).length;
    const post = await local.client.request('POST', linkPath(mail, '/approve/'), {
      form: { decision: 'reject', comment: 'Chưa bố trí được lịch' },
    });
    expect(post.status).toBe(200);
    const visit = await local.client.waitForStatus(res.body.id, PEOPLE.requester, 'REJECTED');
    await local.client.waitForMail(PEOPLE.requester, /từ chối/, before);
    await new Promise((r) => setTimeout(r, 300));
    expect(refused).toBe(1);
    const after = await local.client.visit(visit.id as string, PEOPLE.requester);
    const events = after.events as { type: string }[];
    expect(events.filter((e) => e.type === 'REJECTED')).toHaveLength(1);
    const notices = (await local.client.outbox()).slice(before).filter((m) => /từ chối/.test(m.subject));
    expect(notices).toHaveLength(1);
    sesClient().middlewareStack.remove('refuseOnce');
  });
});

describe('an execution that ends without its visit', () => {
  it('stopped by an operator, lands its visit in FAILED with the reason and tells the requester', async () => {
    const now = await local.client.clock({ advanceDays: 0 });
    const before = (await local.client.outbox()).length;
    const res = await local.client.request<{ id: string }>('POST', '/visits', {
      as: PEOPLE.requester,
      body: seedRequest(dateAfter(now, 17)),
    });
    const id = res.body.id;
    await local.client.waitForStatus(id, PEOPLE.requester, 'AWAITING_APPROVAL');
    const sfn = new SFNClient({ endpoint: local.runtime.env.AWS_ENDPOINT_URL_SFN });
    const executionArn = executionArn_(LOCAL_NAMES.stateMachineArn, id);

    await sfn.send(new StopExecutionCommand({ executionArn, error: 'Operator', cause: 'stopped by hand' }));

    const visit = await local.client.waitForStatus(id, PEOPLE.requester, 'FAILED');
    expect(visit.failureReason).toMatch(/ABORTED/);
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('ABORTED');
    await local.client.waitForMail(PEOPLE.requester, /Lỗi xử lý/, before);
    sfn.destroy();
  });
});
