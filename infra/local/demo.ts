/**
 * `npm run demo`: plays the real 2024 visit (a Thanh Hóa delegation visiting Quảng Nam, in 2024, under the names of
 * then) and today's seed visit between their successors (Thanh Hóa visiting Đà Nẵng) through the HTTP API as their
 * people would — submit, approve through the mailed links, record the minutes after moving the clock past the
 * visit, the chair's sign-off, the archive — then the auditor finds, downloads and verifies the minutes. Prints each
 * step and its time, and where the documents are. Talks to a runtime already serving at PORT (default 3000), or
 * starts one on DATA_DIR (default .data) for the length of the demo, its functions' JSON log lines going to
 * demo-functions.log there (the terminal shows the steps). Exits non-zero on any failure.
 */
import '#infra/local/polyfills.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { seedAgency } from '#domain/directory/seed.ts';
import type { MinutesRecord, VisitRequest } from '#domain/visit.ts';
import { Client, linkPath } from '#infra/local/client.ts';
import { jsonLinesTo } from '#infra/local/log-file.ts';
import {
  PEOPLE,
  PEOPLE_2024,
  seedMinutes,
  seedRequest,
  VISIT_2024_DATE,
  visit2024Minutes,
  visit2024Request,
} from '#infra/local/seed-visit.ts';

const { requester: REQUESTER, secretary: SECRETARY, auditor: AUDITOR } = PEOPLE;

interface Step {
  name: string;
  ms: number;
}

async function reachable(url: string): Promise<boolean> {
  try {
    const res = await fetch(new URL('/healthz', url), { signal: AbortSignal.timeout(1000) });
    return res.status === 200;
  } catch {
    return false;
  }
}

function fail(message: string): never {
  throw new Error(message);
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? '3000');
  const dataDir = resolve(process.env.DATA_DIR ?? '.data');
  let url = `http://127.0.0.1:${port}`;
  let stop: (() => Promise<void>) | undefined;
  if (!(await reachable(url))) {
    const { startLocalRuntime } = await import('#infra/local/runtime.ts');
    // the functions run in this process: their JSON log lines go to a file, the terminal shows the steps
    mkdirSync(dataDir, { recursive: true });
    const logFile = join(dataDir, 'demo-functions.log');
    writeFileSync(logFile, '');
    const restore = jsonLinesTo(logFile);
    const runtime = await startLocalRuntime({ dataDir, port: 0, quiet: true });
    url = runtime.url;
    stop = async () => {
      await runtime.stop();
      restore();
    };
    console.log(`Started the local runtime for the demo at ${url} (data in ${dataDir})`);
    console.log(`The functions' log lines go to ${logFile}`);
  } else {
    console.log(`Using the runtime serving at ${url}`);
  }

  const client = new Client(url);
  const steps: Step[] = [];
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const out = await fn();
    const ms = performance.now() - t;
    steps.push({ name, ms });
    console.log(`  ✓ ${name.padEnd(64)} ${ms.toFixed(0).padStart(6)} ms`);
    return out;
  };

  /** Plays one visit from the request to the archive, as its people would; answers its id and the archived visit. */
  const play = async (v: {
    who: string;
    request: VisitRequest;
    minutes: MinutesRecord;
    people: { requester: string; secretary: string };
  }) => {
    const { startDate } = v.request;
    const host = seedAgency(v.request.hostAgencyId, startDate);
    const chain = host.approvalChain.map((s) => s.approver.email);
    console.log(`\n${v.who}: ${v.request.title}\n  ${startDate}, ${v.request.place}\n`);
    let mails = (await client.outbox()).length;
    const visitId = await step(`Staff of Thanh Hóa submits the request to ${host.name}`, async () => {
      const res = await client.request<{ id: string }>('POST', '/visits', {
        as: v.people.requester,
        body: v.request,
      });
      if (res.status !== 201) fail(`submit answered ${res.status}: ${JSON.stringify(res.body)}`);
      return res.body.id;
    });
    console.log(`    visit ${visitId}`);
    for (const [i, approver] of chain.entries()) {
      const mail = await step(`Agenda drafted, approval mail to approver ${i + 1} (${approver})`, () =>
        client.waitForMail(approver, /phê duyệt/, mails),
      );
      const link = linkPath(mail, '/approve/');
      await step(`Approver ${i + 1} opens the link (changes nothing)`, async () => {
        const res = await client.request('GET', link);
        if (res.status !== 200) fail(`the approval page answered ${res.status}`);
      });
      mails = (await client.outbox()).length;
      await step(`Approver ${i + 1} approves`, async () => {
        const res = await client.request('POST', link, { form: { decision: 'approve' } });
        if (res.status !== 200) fail(`the decision answered ${res.status}: ${JSON.stringify(res.body)}`);
      });
    }
    await step('Visit approved; requester notified with the agenda and an invitation', async () => {
      await client.waitForStatus(visitId, v.people.requester, 'AWAITING_MINUTES');
      await client.waitForMail(v.people.requester, /Đã phê duyệt/, 0);
    });
    await step('The clock moves to the afternoon of the visit', () =>
      client.clock({ now: `${startDate}T14:00:00+07:00` }),
    );
    mails = (await client.outbox()).length;
    await step('The host secretary records the minutes', async () => {
      const res = await client.request('POST', `/visits/${visitId}/minutes`, {
        as: v.people.secretary,
        body: v.minutes,
      });
      if (res.status !== 201) fail(`the minutes answered ${res.status}: ${JSON.stringify(res.body)}`);
    });
    const chairMail = await step('Minutes drafted, sign-off mail to the chair', () =>
      client.waitForMail(v.minutes.chair.email, /biên bản/i, mails),
    );
    await step('The chair signs off', async () => {
      const res = await client.request('POST', linkPath(chairMail, '/approve/'), {
        form: { decision: 'approve' },
      });
      if (res.status !== 200) fail(`the sign-off answered ${res.status}`);
    });
    const visit = await step('Minutes and agenda archived', () =>
      client.waitForStatus(visitId, v.people.requester, 'ARCHIVED'),
    );
    return { visitId, visit };
  };

  try {
    // the real visit of August 2024, played in 2024 under the names of then (the clock moved back)
    const real = Date.now();
    await client.clock({ now: `${VISIT_2024_DATE.slice(0, 8)}01T09:00:00+07:00` });
    const old = await play({
      who: 'The 2024 visit, before the 2025 reorganisation',
      request: visit2024Request(),
      minutes: visit2024Minutes(),
      people: PEOPLE_2024,
    });
    await client.clock({ now: new Date(real).toISOString() });

    // today's visit, between the successors of the two commissions
    const now = await client.clock({ advanceDays: 0 });
    const startDate = new Date(Date.parse(now) + 7 * 3600_000 + 14 * 86_400_000).toISOString().slice(0, 10);
    const { visitId, visit } = await play({
      who: 'The seed visit, after the merger',
      request: seedRequest(startDate),
      minutes: seedMinutes(startDate),
      people: { requester: REQUESTER, secretary: SECRETARY },
    });
    const host = seedAgency('btgdvtu-da-nang', startDate);

    await step(
      'The auditor finds both visits by "Đà Nẵng": the 2024 one hosted in Quảng Nam too',
      async () => {
        const res = await client.request<{ items: { visitId: string }[] }>(
          'GET',
          `/archive?province=${encodeURIComponent('Đà Nẵng')}`,
          { as: AUDITOR },
        );
        const ids = res.body.items?.map((i) => i.visitId) ?? [];
        if (!ids.includes(old.visitId) || !ids.includes(visitId))
          fail(`the search by Đà Nẵng answered ${res.status} with ${ids.join(', ')}`);
      },
    );

    const found = await step('The auditor finds the minutes by date and province', async () => {
      const res = await client.request<{ items: { visitId: string; sha256: string }[] }>(
        'GET',
        `/archive?from=${startDate}&to=${startDate}&province=${encodeURIComponent(host.province)}`,
        { as: AUDITOR },
      );
      const item = res.body.items?.find((i) => i.visitId === visitId);
      if (res.status !== 200 || !item) fail(`the archive search answered ${res.status} without the visit`);
      return item;
    });
    const outDir = join(dataDir, 'demo', visitId);
    mkdirSync(outDir, { recursive: true });
    const files: string[] = [];
    await step('The auditor downloads the archived minutes', async () => {
      const res = await client.request('GET', `/archive/${visitId}/download`, { as: AUDITOR });
      const location = res.headers.get('location');
      if (res.status !== 302 || !location) fail(`the download answered ${res.status}`);
      const bytes = new Uint8Array(await (await fetch(location)).arrayBuffer());
      const name = decodeURIComponent(
        /filename\*=UTF-8''([^;]+)/.exec(
          new URL(location).searchParams.get('response-content-disposition') ?? '',
        )?.[1] ?? 'minutes.docx',
      );
      const file = join(outDir, name);
      writeFileSync(file, bytes);
      files.push(file);
    });
    await step("The auditor verifies the archive (bytes, event chain, the PDFs' signatures)", async () => {
      const res = await client.request<{
        intact: boolean;
        chain: string;
        sha256: string;
        signatures: { valid: boolean }[];
      }>('GET', `/archive/${visitId}/verify`, { as: AUDITOR });
      if (
        res.status !== 200 ||
        !res.body.intact ||
        res.body.chain !== 'ok' ||
        res.body.sha256 !== found.sha256 ||
        res.body.signatures.length === 0 ||
        !res.body.signatures.every((sig) => sig.valid)
      )
        fail(`verify answered ${res.status}: ${JSON.stringify(res.body)}`);
    });
    for (const d of visit.documents as {
      id: string;
      kind: string;
      version: number;
      format: string;
      url: string;
    }[]) {
      const res = await client.request('GET', d.url, { as: REQUESTER });
      const location = res.headers.get('location');
      if (res.status !== 302 || !location) fail(`document ${d.id} answered ${res.status}`);
      const file = join(outDir, `${d.kind}-v${d.version}.${d.format}`);
      writeFileSync(file, new Uint8Array(await (await fetch(location)).arrayBuffer()));
      files.push(file);
    }

    const total = steps.reduce((s, x) => s + x.ms, 0);
    console.log(`\nDone in ${(total / 1000).toFixed(1)} s. The documents of visit ${visitId}:`);
    for (const f of files) console.log(`  ${f}`);
    const site = stop ? `http://127.0.0.1:${port}` : url;
    if (stop) console.log(`\nThe data stays in ${dataDir}: run \`npm start\` and open`);
    console.log(`  ${site}/visits/${visitId}   (as ${REQUESTER})`);
    console.log(`  ${site}/archive/${visitId}   (as ${AUDITOR})`);
  } finally {
    await stop?.();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`\nThe demo failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
