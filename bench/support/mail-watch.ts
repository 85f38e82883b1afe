/**
 * Watches the local outbox (the SES emulator's store, read with a `since` filter so a poll does not re-read every
 * mail) and hands each new mail to the first waiter whose predicate it matches. A mail's time is when the SES API
 * answered its SendEmail (seen by the counting proxy), else when the watcher first saw it.
 */
import { listSentMail, type SentMail } from '#infra/local/emulators.ts';
import type { Counter } from './proxy.ts';

export interface Mail {
  id: string;
  to: string[];
  subject: string;
  text: string;
  links: string[];
  at: number;
}

const URL_IN_TEXT = /https?:\/\/[^\s<>"')\]]+/g;
const linksIn = (text: string) => [
  ...new Set((text.match(URL_IN_TEXT) ?? []).map((u) => u.replace(/[.,;:!?]+$/, ''))),
];

export function linkPath(mail: Mail, prefix: string): string {
  for (const l of mail.links) {
    const path = new URL(l).pathname;
    if (path.startsWith(prefix)) return path;
  }
  throw new Error(`mail "${mail.subject}" has no ${prefix} link`);
}

interface Waiter {
  match: (m: Mail) => boolean;
  resolve: (m: Mail) => void;
}

export class MailWatch {
  private seen = new Set<string>();
  private unclaimed: Mail[] = [];
  private waiters: Waiter[] = [];
  private since = 0;
  private polling: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout;
  /** every mail seen, in order */
  readonly all: Mail[] = [];

  constructor(
    private readonly sesUrl: string,
    private readonly ses: Counter,
  ) {
    ses.onSent = () => this.poke();
    this.timer = setInterval(() => this.poke(), 250);
  }

  stop(): void {
    clearInterval(this.timer);
    this.ses.onSent = undefined;
  }

  wait(match: (m: Mail) => boolean, timeoutMs = 120_000): Promise<Mail> {
    const i = this.unclaimed.findIndex(match);
    if (i >= 0) return Promise.resolve(this.unclaimed.splice(i, 1)[0]!);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { match, resolve };
      this.waiters.push(waiter);
      setTimeout(() => {
        const at = this.waiters.indexOf(waiter);
        if (at < 0) return;
        this.waiters.splice(at, 1);
        reject(new Error(`no mail matching ${match.toString().slice(0, 200)}`));
      }, timeoutMs).unref();
    });
  }

  private poke(): void {
    if (this.polling) {
      this.again = true;
      return;
    }
    this.polling = this.poll()
      .catch((err: unknown) => console.error('bench: outbox poll failed', err))
      .finally(() => {
        this.polling = undefined;
        if (this.again) {
          this.again = false;
          this.poke();
        }
      });
  }

  private async poll(): Promise<void> {
    const mails: SentMail[] = await listSentMail(this.sesUrl, { since: this.since });
    for (const m of mails) {
      if (this.seen.has(m.messageId)) continue;
      this.seen.add(m.messageId);
      this.since = Math.max(this.since, Math.floor(m.at) - 1);
      const mail: Mail = {
        id: m.messageId,
        to: m.to,
        subject: m.subject,
        text: m.text ?? '',
        links: linksIn(m.text ?? m.html ?? ''),
        at: this.ses.sentAt.get(m.messageId) ?? performance.now(),
      };
      this.all.push(mail);
      const w = this.waiters.findIndex((x) => x.match(mail));
      if (w >= 0) this.waiters.splice(w, 1)[0]!.resolve(mail);
      else this.unclaimed.push(mail);
    }
  }
}
