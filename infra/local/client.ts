/**
 * A small client for the local runtime's HTTP API, used by the lifecycle tests and the demo: it acts as the
 * people would (signed-in staff and secretaries, approvers following mailed links) and reads the outbox.
 */

export interface OutboxMail {
  id: string;
  to: string[];
  subject: string;
  text: string;
  html?: string;
  links: string[];
  attachments: { filename: string; contentType: string; size: number }[];
  at: string;
}

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export class Client {
  private tokens = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    opts: {
      body?: unknown;
      as?: string;
      form?: Record<string, string>;
      headers?: Record<string, string>;
    } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    if (opts.as) headers.authorization = `Bearer ${await this.token(opts.as)}`;
    let body: string | undefined;
    if (opts.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(opts.form).toString();
    } else if (opts.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    const res = await fetch(new URL(path, this.baseUrl), { method, headers, body, redirect: 'manual' });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  async token(email: string): Promise<string> {
    const known = this.tokens.get(email);
    if (known) return known;
    const res = await fetch(new URL('/local/sign-in', this.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ email }),
    });
    if (res.status !== 200) throw new Error(`sign-in as ${email} answered ${res.status}`);
    const { token } = (await res.json()) as { token: string };
    this.tokens.set(email, token);
    return token;
  }

  async outbox(): Promise<OutboxMail[]> {
    const res = await this.request<OutboxMail[]>('GET', '/local/outbox');
    return res.body;
  }

  async clock(body: { advanceDays: number } | { now: string }): Promise<string> {
    const res = await this.request<{ now: string }>('POST', '/local/clock', { body });
    if (res.status !== 200) throw new Error(`clock answered ${res.status}`);
    return res.body.now;
  }

  async visit(id: string, as: string): Promise<Record<string, unknown> & { status: string }> {
    const res = await this.request<Record<string, unknown> & { status: string }>('GET', `/visits/${id}`, {
      as,
    });
    if (res.status !== 200) throw new Error(`GET /visits/${id} answered ${res.status}`);
    return res.body;
  }

  /** Polls the visit until it has `status` (or one of them); fails with the last status seen. */
  async waitForStatus(
    id: string,
    as: string,
    status: string | string[],
    timeoutMs = 20_000,
  ): Promise<Record<string, unknown> & { status: string }> {
    const wanted = Array.isArray(status) ? status : [status];
    const until = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < until) {
      const v = await this.visit(id, as);
      last = v.status;
      if (wanted.includes(v.status)) return v;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`visit ${id} did not reach ${wanted.join('|')} (last: ${last})`);
  }

  /** Waits for a mail to `to` whose subject matches, newer than `after` mails; returns it. */
  async waitForMail(to: string, subject: RegExp, after = 0, timeoutMs = 20_000): Promise<OutboxMail> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const mails = (await this.outbox()).slice(after);
      const found = mails.find((m) => m.to.includes(to) && subject.test(m.subject));
      if (found) return found;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no mail to ${to} matching ${subject}`);
  }
}

/** The path of the first link in a mail that starts with `prefix` (e.g. "/approve/"). */
export function linkPath(mail: OutboxMail, prefix: string): string {
  for (const l of mail.links) {
    const u = new URL(l);
    if (u.pathname.startsWith(prefix)) return u.pathname;
  }
  throw new Error(`mail "${mail.subject}" has no ${prefix} link`);
}
