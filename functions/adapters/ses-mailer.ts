/**
 * Mailer on SES v2. A mail without attachments goes as Simple content (SES builds the MIME); one with attachments
 * goes as Raw MIME built here: multipart/mixed holding a multipart/alternative (text, and html when given) and
 * each attachment in base64, with UTF-8 encoded-word subjects and RFC 2231 file names for Vietnamese text.
 */
import { randomUUID } from 'node:crypto';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Mail, MailAttachment, Mailer, MailTags } from '#domain/ports.ts';
import { ENV } from '#functions/manifest.ts';
import { lazy, requireEnv } from './env.ts';
import { asciiFilename, attachmentDisposition } from './filenames.ts';

const CRLF = '\r\n';

function assertHeaderSafe(value: string, what: string): string {
  if (/[\r\n]/.test(value)) throw new Error(`${what} must not contain line breaks`);
  return value;
}

/** RFC 2047 encoded words (B encoding), each at most 75 characters, split only between characters. */
export function encodedWords(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text) && !text.includes('=?')) return text;
  const words: string[] = [];
  let chunk = '';
  const maxBytes = 45; // 45 bytes → 60 base64 characters + 12 for "=?UTF-8?B??="
  for (const ch of text.normalize('NFC')) {
    if (Buffer.byteLength(chunk + ch, 'utf8') > maxBytes) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join(`${CRLF} `);
}

function base64Lines(data: Uint8Array | string): string {
  const b64 = Buffer.from(typeof data === 'string' ? Buffer.from(data, 'utf8') : data).toString('base64');
  return b64.replace(/.{1,76}/g, (line) => `${line}${CRLF}`);
}

function attachmentPart(a: MailAttachment): string {
  const filename = assertHeaderSafe(a.filename, 'an attachment file name');
  return [
    `Content-Type: ${assertHeaderSafe(a.contentType, 'a content type')}; name="${asciiFilename(filename, 'attachment')}"`,
    `Content-Disposition: ${attachmentDisposition(filename, 'attachment')}`,
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(a.content),
  ].join(CRLF);
}

function textPart(type: 'plain' | 'html', body: string): string {
  return [
    `Content-Type: text/${type}; charset=UTF-8`,
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(body),
  ].join(CRLF);
}

/** The whole message as MIME text (CRLF line ends, 7-bit clean). */
export function buildRawMessage(from: string, mail: Mail, now: Date = new Date()): string {
  const mixed = `mixed-${randomUUID()}`;
  const alternative = `alt-${randomUUID()}`;
  const headers = [
    `From: ${assertHeaderSafe(from, 'the sender')}`,
    `To: ${mail.to.map((t) => assertHeaderSafe(t, 'a recipient')).join(', ')}`,
    `Subject: ${encodedWords(mail.subject.replace(/[\r\n]+/g, ' '))}`,
    `Date: ${now.toUTCString().replace('GMT', '+0000')}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${mixed}"`,
  ];
  const alternatives = [textPart('plain', mail.text)];
  if (mail.html !== undefined) alternatives.push(textPart('html', mail.html));
  const body = [
    `--${mixed}`,
    `Content-Type: multipart/alternative; boundary="${alternative}"`,
    '',
    ...alternatives.flatMap((p) => [`--${alternative}`, p]),
    `--${alternative}--`,
    '',
    ...(mail.attachments ?? []).flatMap((a) => [`--${mixed}`, attachmentPart(a)]),
    `--${mixed}--`,
    '',
  ];
  return [...headers, '', ...body].join(CRLF);
}

/**
 * The SES message tag each of a mail's tags travels as; SES hands them back, by these names, in the delivery
 * events it publishes (`mail.tags.<name>: [value]`).
 */
export const MAIL_TAG_NAMES = { visitId: 'visitId', notice: 'notice' } as const satisfies Record<
  keyof MailTags,
  string
>;

/** A tag value SES accepts: letters, digits, `_` and `-`, at most 256 characters. */
function tagValue(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 256) || '_';
}

function emailTags(tags: MailTags | undefined) {
  if (!tags) return undefined;
  return (Object.keys(MAIL_TAG_NAMES) as (keyof MailTags)[]).map((key) => ({
    Name: MAIL_TAG_NAMES[key],
    Value: tagValue(tags[key]),
  }));
}

export function createMailer(ses: SESv2Client, from: string, configurationSet?: string): Mailer {
  return {
    async send(mail) {
      if (mail.to.length === 0) throw new Error('a mail needs at least one recipient');
      const attachments = mail.attachments ?? [];
      const out = await ses.send(
        new SendEmailCommand({
          FromEmailAddress: from,
          Destination: { ToAddresses: mail.to },
          ConfigurationSetName: configurationSet,
          EmailTags: emailTags(mail.tags),
          Content:
            attachments.length === 0
              ? {
                  Simple: {
                    Subject: { Data: mail.subject, Charset: 'UTF-8' },
                    Body: {
                      Text: { Data: mail.text, Charset: 'UTF-8' },
                      ...(mail.html !== undefined ? { Html: { Data: mail.html, Charset: 'UTF-8' } } : {}),
                    },
                  },
                }
              : { Raw: { Data: Buffer.from(buildRawMessage(from, mail), 'utf8') } },
        }),
      );
      if (!out.MessageId) throw new Error('SES accepted the mail without a message id');
      return { messageId: out.MessageId };
    },
  };
}

/** The process's one SES client. */
export const sesClient = lazy(() => new SESv2Client({}));

/** The mailer for SENDER_EMAIL (and SES_CONFIGURATION_SET when set), on the process's client. */
export const mailer = lazy(() =>
  createMailer(sesClient(), requireEnv(ENV.sender), process.env[ENV.configurationSet] || undefined),
);
