/** BENCHMARKS.md from one run's results, with the hand-written notes of bench/notes.md at the end. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Results } from './run.ts';
import { ROOT } from './support/paths.ts';
import type { Summary } from './support/stats.ts';

const ms = (x: number) =>
  Number.isFinite(x) ? (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0)) : '–';
const pp = (s: Summary) => `${ms(s.p50)} / ${ms(s.p95)}`;
const yes = (ok: boolean) => (ok ? 'yes' : '**no**');
const usd = (x: number) => `$${x < 0.01 ? x.toFixed(4) : x.toFixed(3)}`;

function table(head: string[], rows: (string | number)[][]): string {
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
  ].join('\n');
}

export function renderReport(r: Results): string {
  const m = r.machine;
  const d = r.documents;
  const b = r.bundles;
  const l = r.lifecycle;
  const c = r.cost;
  const out: string[] = [];
  out.push('# Benchmarks', '');
  if (r.tiny) out.push('> **Tiny run** (a smoke test of the harness): the numbers below mean nothing.', '');
  out.push(
    `Run on ${m.date.slice(0, 10)} (${m.date}), commit ${m.commit}: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ` +
      `Node ${m.node}, ${m.os}. Load average at the start ${m.loadAverage.start.join(' / ')}, at the end ` +
      `${m.loadAverage.end.join(' / ')} (1 / 5 / 15 min): anything else running on the machine shows in the ` +
      `p95s and the cold starts. The whole run took ${r.durationSeconds} s.`,
    '',
    '## How to reproduce',
    '',
    '```',
    'npm ci',
    'npm run bench        # about 5 minutes; rewrites BENCHMARKS.md and bench/results.json',
    '```',
    '',
    'Everything runs in one go against the embedded stack (the same one `npm start` runs): no AWS account. ' +
      '`bench/results.json` holds every number below and more (all samples summarised, per-operation counts).',
    '',
    '## How to read it',
    '',
    '- Times are wall-clock milliseconds; p50 / p95 are nearest-rank percentiles of the samples. Ratios are ' +
      'of medians taken in the same run, so a busy machine moves both sides.',
    '- Targets are the ones the project set; a **no** marks a miss. What was changed to meet them, with the numbers ' +
      'before and after, is at the end.',
    '- The local stack is one Node process on a laptop-class machine: DynamoDB is dynalite on LevelDB, S3 is s3rver ' +
      'on disk. Absolute throughput says little about AWS; the counts (requests, transitions, writes) and the ratios ' +
      'are what carry over.',
    '',
  );

  // 1. documents
  out.push(
    '## 1. Documents',
    '',
    `Warm: ${d.builds} builds of each, after a warm-up, in rounds interleaving our builder, docxtemplater and the ` +
      'floors. docxtemplater fills an equivalent template made at bench time from our own output (each text that ' +
      'carries request data is a tag, repeated table rows a loop); its output has the same text as ours ' +
      '("same text"). The floor zips the same document\'s parts, already written, with pizzip at the deflate ' +
      `level our packages use (${d.deflateLevel}); the node zlib column does the same with Node's zlib and our ZIP ` +
      `writer. Cold: ${d.coldSamples} fresh \`node\` processes per document, running the builders bundled as the ` +
      'document functions are; medians of process start → builders loaded, the first build alone, and start → first ' +
      'document.',
    '',
    table(
      [
        'document',
        'bytes',
        'ours p50 / p95',
        'docxtemplater p50 / p95 (tags, same text)',
        'docxtemplater ÷ ours',
        'floor (pizzip) p50',
        'ours ÷ floor',
        'floor (node zlib) p50',
        'cold: loaded / first build / total',
        'p50 ≤ 5 ms',
        '≥ 1.7× docxtemplater',
        '≤ 2× floor',
      ],
      d.rows.map((x) => [
        `${x.kind}, ${x.case === 'seed' ? 'seed visit' : '50 members'}`,
        x.bytes,
        pp(x.ours),
        `${pp(x.docxtemplater)} (${x.docxtemplater.tags}, ${x.docxtemplater.sameText ? 'yes' : 'no'})`,
        `${x.speedupVsDocxtemplater}×`,
        ms(x.floorPizzip.p50),
        `${x.vsFloor}×`,
        ms(x.floorZlib.p50),
        `${ms(x.cold.loadedMs)} / ${ms(x.cold.firstBuildMs)} / ${ms(x.cold.totalMs)}`,
        yes(x.ok.p50),
        yes(x.ok.docxtemplater),
        yes(x.ok.floor),
      ]),
    ),
  );

  // 2. bundles
  out.push(
    '## 2. Lambda bundles',
    '',
    `Each function of the manifest bundled by the stack's own bundler (esbuild, ESM, minified, AWS SDK inside, ` +
      `target ${b.target}, the Lambda runtime's; the bundles load on the Node that times them). Fresh import: wall time of \`node <bundle>\` ` +
      `with the functions' variables set, as a multiple of an empty \`node -e 0\` (${ms(b.emptyNodeMs)} ms here); ` +
      `medians of ${b.runs} runs, interleaved. Targets: HTTP-path functions (HTTP and the authorizer) ≤ 500 KB and ≤ 2.2×; ` +
      'document functions ≤ 1.2 MB, and the one that draws and signs PDFs ≤ 2 MB; the function that checks ' +
      'signatures (it carries the PKI library) ≤ 1 MB; task functions have none.',
    '',
    table(
      ['function', 'kind', 'KB', 'fresh import ms', '× empty node', 'largest parts', 'target met'],
      b.rows.map((x) => [
        x.fn,
        x.documents ? `${x.kind}, documents` : x.kind,
        x.kb,
        ms(x.importMs),
        `${x.ratio}×`,
        x.top.join(', '),
        x.limitKb === null && x.limitRatio === null ? '–' : yes(x.ok),
      ]),
    ),
  );

  // 3. lifecycle
  const writes = l.perVisit.dynamodbWrites;
  out.push(
    '## 3. The lifecycle under load',
    '',
    `${l.visits} visits submitted at once and driven through the HTTP API to ARCHIVED as their people would: each ` +
      'approver decides through the link in their mail, then (once every visit waits for its minutes) the clock ' +
      "moves past the visit, the secretary records the minutes and the chair signs off through the link. A mail's " +
      'time is when the SES API answered its SendEmail. DynamoDB requests are counted inside dynalite (a wrapper ' +
      "around its request handler and its capacity calculation): the handlers' requests only, not the local " +
      "runtime's own checkpoints of waiting executions (state Step Functions keeps itself in AWS), which are " +
      'listed apart in results.json. The ceiling is plain PutItem (600-byte items, 32 at a time) against the same ' +
      'dynalite in the same process, measured just before.',
    '',
    table(
      [
        'visits',
        'wall time',
        'visits/s',
        'writes / visit',
        'PutItem ceiling',
        'ceiling ÷ writes',
        'share of it',
        '≥ half',
      ],
      [
        [
          l.visits,
          `${(l.wallMs / 1000).toFixed(1)} s`,
          l.visitsPerSecond,
          writes,
          `${l.ceiling.putsPerSecond}/s`,
          `${l.ceilingVisitsPerSecond} visits/s`,
          `${(l.fractionOfCeiling * 100).toFixed(0)} %`,
          yes(l.fractionOfCeiling >= 0.5),
        ],
      ],
    ),
    table(
      ['automated step', 'samples', 'p50 ms', 'p95 ms'],
      [
        ['submit → first approval mail sent (draft agenda, store, mail)', l.steps.submitToApprovalMail!],
        ['approval POST → next mail sent (next approver, or "approved")', l.steps.approvalToNextMail!],
        ['minutes POST → sign-off mail sent (draft minutes, mail the chair)', l.steps.minutesToSignoffMail!],
        ['sign-off POST → archived mail sent (archive, notify)', l.steps.signoffToArchived!],
        ['minutes POST → archived (both of the above, with the sign-off)', l.steps.minutesToArchived!],
      ].map(([name, s]) => [
        name as string,
        (s as Summary).n,
        ms((s as Summary).p50),
        ms((s as Summary).p95),
      ]),
    ),
    table(
      ['per visit', 'value'],
      [
        ['DynamoDB writes (Put/Update/Delete)', writes],
        ['  of which set a secondary index key', l.perVisit.indexKeyWrites],
        ['  write capacity units (table, as dynalite computes them)', l.perVisit.writeCapacityUnits],
        ['DynamoDB reads (Get/Query)', l.perVisit.dynamodbReads],
        ['S3 requests', l.perVisit.s3Requests],
        ['SES requests / mail recipients', `${l.perVisit.sesRequests} / ${l.perVisit.mailRecipients}`],
        ['HTTP API requests made by people', l.perVisit.apiRequests],
        ['Lambda invocations / GB-seconds', `${l.perVisit.invocations} / ${l.perVisit.gbSeconds}`],
        ['log bytes', l.perVisit.logBytes],
        ['peak RSS of the runtime process (sampled / max)', `${l.peakRssMb} MB / ${l.maxRssMb} MB`],
      ],
    ),
    `Under load the executions took ${l.underLoad.minTransitions}–${l.underLoad.maxTransitions} state transitions` +
      (Object.keys(l.underLoad.extraStates).length
        ? `; states some entered more often than others (executions affected): ${Object.entries(
            l.underLoad.extraStates,
          )
            .map(([k, v]) => `${k} (${v})`)
            .join(', ')}.`
        : '.'),
    '',
  );

  // 4. cost
  out.push(
    '## 4. Cost per visit',
    '',
    "State transitions are the state-entered events of each execution's history: the happy path (both approvers " +
      'approve, minutes signed off at once), one revision (changes asked, the requester revises, both approve), and ' +
      `reminders plus an escalation (the first approver is reminded ${'twice'}, the deputy gets the request and approves).`,
    '',
    table(
      ['path', 'state transitions', '≤ 20'],
      [
        ['happy path', c.transitions.happy, yes(c.transitions.happy <= 20)],
        ['one revision', c.transitions.revision, '–'],
        ['reminders and an escalation', c.transitions.reminderEscalation, '–'],
        ['cancelled while awaiting approval', c.transitions.cancelled, '–'],
        ['rescheduled after approval, approved again, archived', c.transitions.rescheduled, '–'],
        ['approval reassigned, then archived', c.transitions.reassigned, '–'],
        ['a link resent, then archived', c.transitions.resent, '–'],
      ],
    ),
    `A cancel ends the execution through MarkCancelled and Cancelled, two states after the wait it fails: a visit ` +
      `cancelled while awaiting its first approval takes ${c.transitions.cancelled} in all. A reschedule goes ` +
      'through Decide, DraftAgenda and the approval again: ' +
      `+${c.transitions.rescheduled - c.transitions.happy} on the happy path. A reassignment and a resend add ` +
      `${c.transitions.reassigned - c.transitions.happy} and ${c.transitions.resent - c.transitions.happy} (the ` +
      'same wait, answered through another link; the same link mailed again).',
    '',
    `One happy-path visit run alone after the load (so that its Lambda durations are not queueing time), priced at ` +
      `ap-southeast-1 list prices **as published on ${c.pricesAsOf}**; no free tier. Lambda durations were measured ` +
      'here, against local emulators: in AWS the calls to DynamoDB, S3 and SES travel a network, so take the ' +
      'GB-seconds as an order of magnitude.',
    '',
    table(
      ['item', 'per visit', 'price', 'per 1,000 visits', 'counted as'],
      c.lines.map((x) => [x.item, x.perVisit, x.unitPrice, usd(x.usdPer1000), x.how]),
    ),
    `**Total: ${usd(c.totalPer1000)} per 1,000 visits** (target ≤ $1.50: ${yes(c.totalPer1000 <= 1.5)}). Lambda now ` +
      `bills the INIT phase of cold starts too: even if every invocation were cold, with INIT as long as the fresh ` +
      `import of section 2, that adds ${usd(c.coldInitWorstPer1000)}. Not per visit, so not above: Cognito (per ` +
      'monthly active user), the link-key secret ($0.40 a month, reads cached five minutes), storage (three small ' +
      'DOCX files and a manifest per visit, tens of KB, kept for the retention period).',
    '',
  );

  // 5. archive
  const a = l.archive;
  out.push(
    '## 5. Archive search at scale',
    '',
    'GET /archive through the HTTP API as an auditor (authorizer included), one request at a time, p50 / p95 of ' +
      `${a.small.latest.n} requests each: the newest page (20), and one province over one year. The index is seeded ` +
      'directly through the adapter (`putArchiveEntry`) on top of the visits archived above.',
    '',
    table(
      ['archived visits', 'newest page p50 / p95', 'province + year p50 / p95'],
      [
        [a.small.entries, pp(a.small.latest), pp(a.small.filtered)],
        [a.large.entries, pp(a.large.latest), pp(a.large.filtered)],
        [
          'ratio of p50s (≤ 1.2)',
          `${a.ratioLatest}× ${yes(a.ratioLatest <= 1.2)}`,
          `${a.ratioFiltered}× ${yes(a.ratioFiltered <= 1.2)}`,
        ],
      ],
    ),
  );

  out.push(...remindersSection(r));
  // 7. signed PDF copies
  const p = r.pdf;
  const decide = b.rows.find((row) => row.fn === 'decide');
  const verifier = b.rows.find((row) => row.fn === 'verifyArchive');
  out.push(
    '## 7. Signed PDF copies',
    '',
    `Warm: ${p.runs} runs of each step in this process, after a warm-up: drawing the PDF/A-2b copy from the ` +
      'document model, signing it (PAdES B-B: the CMS built with pkijs, the signature value from the local test ' +
      "signer's key; KMS or a CSC service add their round trip) and verifying it in process. Cold: " +
      `${p.coldSamples} fresh \`node\` processes per document running the renderer and signer bundled as Decide is ` +
      `(${p.bundleKb} KB, with ${p.assetsKb} KB of fonts, their licence and the ICC profile beside it); medians of ` +
      'process start → modules loaded, the first signed PDF alone (the fonts are parsed on the way), and start → ' +
      'first signed PDF.',
    '',
    table(
      [
        'document',
        'pages',
        'bytes',
        'draw p50 / p95',
        'sign p50 / p95',
        'verify p50 / p95',
        'cold: loaded, first, total',
      ],
      p.rows.map((x) => [
        `${x.kind} (${x.case})`,
        x.pages,
        x.bytes,
        pp(x.render),
        pp(x.sign),
        pp(x.verify),
        `${ms(x.cold.loadedMs)}, ${ms(x.cold.firstMs)}, ${ms(x.cold.totalMs)}`,
      ]),
    ),
    decide || verifier
      ? `Bundles (part 2): Decide, which issues the documents, ${decide ? `${decide.kb} KB, fresh import ${decide.ratio}× an empty node` : 'not measured in this run'}; ` +
          `the verify page's function ${verifier ? `${verifier.kb} KB, ${verifier.ratio}×` : 'not measured in this run'}.`
      : '',
    '',
  );

  try {
    out.push(readFileSync(join(ROOT, 'bench/notes.md'), 'utf8').trim(), '');
  } catch {
    // no notes
  }
  return `${out.join('\n').trimEnd()}\n`;
}

const perReminder = (n: number, m: Results['reminders']) =>
  m.reminders ? (n / m.reminders).toFixed(1) : '–';

/** Part 6: what runs the reminders of action items in AWS, and what following 1,000 open items costs a month. */
export function remindersSection(r: Pick<Results, 'reminders' | 'reminderCost' | 'cost'>): string[] {
  const m = r.reminders;
  const c = r.reminderCost;
  const reads = Object.entries(m.dynamodb.counts)
    .filter(([op]) => op === 'Query' || op === 'GetItem')
    .map(([op, n]) => `${n} ${op}`)
    .join(', ');
  const writes = m.dynamodb.counts.PutItem ?? 0;
  return [
    '## 6. Reminders of action items',
    '',
    'What runs them in AWS: one EventBridge rule, `rate(1 hour)`, invokes the `sendActionReminders` function (the ' +
      "manifest's trigger `{ everyMinutes: 60 }`, as every event function is invoked). Each run " +
      'makes one Query of the open items whose next turn has come (a sparse index, `GSI3 = ACTION-TURN / <nextAt>`), ' +
      "and for each: claims the turn, mails the owner, appends the event to the visit's chain and sets the next " +
      'turn. No item holds a waiting execution or a timer: between runs it is one row. The local runtime runs the ' +
      'same handler on a timer of the same period and whenever the application clock moves.',
    '',
    `Measured: ${m.items.toLocaleString('en-GB')} open items, each owner with mail and the link mailed already, ` +
      'due dates spread over the month, none marked done (so every reminder goes out: before, on and after the due ' +
      `date); the clock moved one hour at a time through ${m.hours / 24} days, one sweep each. ${m.invocations} ` +
      `sweeps sent ${m.reminders.toLocaleString('en-GB')} reminders in ${(m.wallMs / 1000).toFixed(1)} s (a ` +
      `sweep's median ${ms(m.sweepMsP50)} ms, against the emulators). DynamoDB: ${reads} (${
        m.dynamodb.capacity.read ?? 0
      } read units as dynalite computes them), ${writes} PutItem (${m.dynamodb.indexKeyWrites} of them set an ` +
      `index key): per reminder about ${perReminder(m.dynamodb.counts.Query ?? 0, m)} Query, ` +
      `${perReminder(m.dynamodb.counts.GetItem ?? 0, m)} GetItem and ${perReminder(writes, m)} PutItem.`,
    '',
    `Priced for ${c.items.toLocaleString('en-GB')} open items over a month of 30 days at section 4's list prices, ` +
      "no free tier (a rule's scheduled events are free):",
    '',
    table(
      ['item', 'per month', 'price', 'USD per month', 'counted as'],
      c.lines.map((x) => [x.item, x.perMonth, x.unitPrice, usd(x.usdPerMonth), x.how]),
    ),
    `**Total: ${usd(c.totalPerMonth)} a month for 1,000 open items**, nearly all of it the reminders' mail. With no ` +
      `turn due the schedule costs ${usd(c.idlePerMonth)} a month (720 runs, each one Query that finds nothing). ` +
      "Not in the total: the sweep's log line per run, and X-Ray traces (720 a month at most).",
    '',
  ];
}
