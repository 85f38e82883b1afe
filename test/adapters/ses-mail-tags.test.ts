/**
 * A mail sent for a visit carries its visit and notice as SES message tags, which SES hands back in the bounce and
 * complaint events; the real SDK sends them, and the SES emulator accepts them (it keeps no tags, so the request
 * itself is read).
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { HttpRequest } from '@smithy/types';
import { afterAll, describe, expect, it } from 'vitest';
import { createMailer } from '#adapters/ses-mailer.ts';
import { useEmulators } from '../support/emulators.ts';

useEmulators();
const sent: unknown[] = [];
const ses = new SESv2Client({});
ses.middlewareStack.add(
  (next) => async (args) => {
    const body: unknown = (args.request as HttpRequest).body;
    sent.push(JSON.parse(body instanceof Uint8Array ? new TextDecoder().decode(body) : String(body)));
    return next(args);
  },
  { step: 'finalizeRequest', name: 'recordBodies' },
);
afterAll(() => ses.destroy());

const mail = { to: ['lan.ntt@example.gov.vn'], subject: 'Đề nghị phê duyệt', text: 'Nội dung' };

describe('mail tags', () => {
  it('travel with the mail as the SES tags visitId and notice', async () => {
    const mailer = createMailer(ses, 'no-reply@exchange-visits.example');

    const out = await mailer.send({
      ...mail,
      tags: { visitId: '20300801-7K3QX9M2PA', notice: 'approvalRequest' },
    });

    expect(out.messageId).toBeTruthy();
    expect(sent.at(-1)).toMatchObject({
      EmailTags: [
        { Name: 'visitId', Value: '20300801-7K3QX9M2PA' },
        { Name: 'notice', Value: 'approvalRequest' },
      ],
    });
  });

  it('keep to the characters SES allows in a tag value', async () => {
    const mailer = createMailer(ses, 'no-reply@exchange-visits.example');

    await mailer.send({ ...mail, tags: { visitId: 'a b/c', notice: 'ok' } });

    expect(sent.at(-1)).toMatchObject({
      EmailTags: [{ Name: 'visitId', Value: 'a_b_c' }, { Name: 'notice' }],
    });
  });

  it('are left out of a mail sent for no visit', async () => {
    await createMailer(ses, 'no-reply@exchange-visits.example').send(mail);

    expect(sent.at(-1)).not.toHaveProperty('EmailTags');
  });
});
