import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMailer, encodedWords } from '#adapters/ses-mailer.ts';
import { listSentMail, type SentMail } from '#infra/local/emulators.ts';
import { useEmulators } from '../support/emulators.ts';

const env = useEmulators();
const FROM = 'Exchange Visits <no-reply@visits.example>';
const mailer = () => createMailer(env.ses, FROM);

async function sent(messageId: string): Promise<SentMail> {
  const mail = (await listSentMail(env.endpoints.ses)).find((m) => m.messageId === messageId);
  if (!mail) throw new Error(`mail ${messageId} was not stored`);
  return mail;
}

describe('the SES mailer', () => {
  it('a mail without attachments is stored with its Vietnamese subject, text and html', async () => {
    const { messageId } = await mailer().send({
      to: ['sang.nh@btgtu.quangnam.example'],
      subject: 'Đề nghị phê duyệt chương trình làm việc — Thanh Hóa',
      text: 'Kính gửi đồng chí Nguyễn Hữu Sáng,\nXin mời xem dự thảo.',
      html: '<p>Kính gửi đồng chí <b>Nguyễn Hữu Sáng</b></p>',
    });

    const mail = await sent(messageId);

    expect(mail).toMatchObject({
      to: ['sang.nh@btgtu.quangnam.example'],
      subject: 'Đề nghị phê duyệt chương trình làm việc — Thanh Hóa',
      text: 'Kính gửi đồng chí Nguyễn Hữu Sáng,\nXin mời xem dự thảo.',
      html: '<p>Kính gửi đồng chí <b>Nguyễn Hữu Sáng</b></p>',
      attachments: [],
    });
  });

  it('a mail with attachments arrives whole: subject, both bodies and every attachment byte', async () => {
    const docx = randomBytes(40_000);
    const ics = new TextEncoder().encode('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n');
    const subject = 'Chương trình làm việc đã được phê duyệt: Trao đổi kinh nghiệm thực hiện Nghị quyết 35';

    const { messageId } = await mailer().send({
      to: ['huong.nt@btgtu.thanhhoa.example', 'hoa.lt@btgtu.quangnam.example'],
      subject,
      text: 'Chương trình đã được phê duyệt.',
      html: '<p>Chương trình đã được <i>phê duyệt</i>.</p>',
      attachments: [
        {
          filename: 'Chương trình làm việc.docx',
          contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          content: docx,
        },
        { filename: 'lich.ics', contentType: 'text/calendar', content: ics },
      ],
    });
    const mail = await sent(messageId);

    expect(mail.subject).toBe(subject);
    expect(mail.to).toEqual(['huong.nt@btgtu.thanhhoa.example', 'hoa.lt@btgtu.quangnam.example']);
    expect(mail.text?.trim()).toBe('Chương trình đã được phê duyệt.');
    expect(mail.html).toContain('<i>phê duyệt</i>');
    expect(mail.attachments.map((a) => [a.filename, a.contentType, a.size])).toEqual([
      [
        'Chương trình làm việc.docx',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        docx.length,
      ],
      ['lich.ics', 'text/calendar', ics.length],
    ]);
    expect(Buffer.from(mail.attachments[0]?.content ?? '', 'base64').equals(docx)).toBe(true);
  });

  it('a mail with no recipient is not sent', async () => {
    await expect(mailer().send({ to: [], subject: 's', text: 't' })).rejects.toThrow(/recipient/);
  });

  it('a recipient carrying a line break cannot add headers', async () => {
    const mail = {
      to: ['a@x.example\r\nBcc: victim@x.example'],
      subject: 's',
      text: 't',
      attachments: [{ filename: 'a.txt', contentType: 'text/plain', content: new Uint8Array([65]) }],
    };

    await expect(mailer().send(mail)).rejects.toThrow(/line breaks/);
  });

  it('encoded words stay within 75 characters and never split a letter', () => {
    const subject = 'Biên bản làm việc giữa Ban Tuyên giáo Tỉnh ủy Quảng Nam và Thanh Hóa về Nghị quyết 35';

    const words = encodedWords(subject).split('\r\n ');

    expect(words.every((w) => w.length <= 75)).toBe(true);
    const decoded = words.map((w) => Buffer.from(w.slice(10, -2), 'base64').toString('utf8'));
    expect(decoded.join('')).toBe(subject);
    expect(decoded.every((d) => !d.includes('\ufffd'))).toBe(true);
  });
});
