/**
 * `npm run bench`: every benchmark of issue 8 in one run (parser/renderers, ack latency, push path,
 * watch scale), a table on the terminal, the targets checked, and bench/results.json.
 *
 *   npm run bench                     full run (~5 min on 2 cores), writes bench/results.json
 *   npm run bench -- --quick          short smoke run, writes bench/tmp/results-quick.json
 *   npm run bench -- --only ack,push  some benchmarks only (bench/tmp/results-custom.json)
 *   npm run bench -- --profile        also CPU-profile the bot (ack) and the worker (watch) into
 *                                     bench/tmp/profiles (bench/tmp/results-custom.json)
 *   npm run bench -- --only watch --worker-node-options="--max-old-space-size=128"
 *                                     node flags for the workers instead of the Helm chart's
 *                                     worker.nodeFlags (`none`: no flags; results say which were used)
 *   npm run bench -- --only ack --bot-node-options="--single-threaded-gc"
 *                                     node flags for the bot processes of the ack benchmark
 *
 * Everything listens on 127.0.0.1; every Redis key lives under a `bench-<id>-*` prefix deleted at the
 * end of each benchmark; every wait is bounded.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { parse as parseYaml } from 'yaml';
import { type AckResult, runAckBench } from './ack.js';
import { type ApprovalsResult, runApprovalsBench } from './approvals.js';
import { buildChildren } from './lib/build-children.js';
import { type ProfileSummary, summarizeProfileFile } from './lib/profile.js';
import { ACTIVE_PREFIXES, deletePrefix, REDIS_URL } from './lib/redis-prefix.js';
import {
  checkTargets,
  machineDescription,
  machineLoad,
  markdownTable,
  targetRows,
  textTable,
} from './lib/report.js';
import { TMP_DIR } from './lib/services.js';
import { round } from './lib/stats.js';
import { type ParseRenderResult, runParseRenderBench } from './parse-render.js';
import { type PushResult, runPushBench } from './push.js';
import { runSubscriptionsBench, type SubscriptionsResult } from './subscriptions.js';
import { runWatchBench, type WatchResult } from './watch-scale.js';

const BENCHES = ['parse', 'ack', 'push', 'watch', 'webhook', 'subs', 'approvals'] as const;
type Bench = (typeof BENCHES)[number];

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    profile: { type: 'boolean', default: false },
    'worker-node-options': { type: 'string' },
    'bot-node-options': { type: 'string' },
  },
});
const quick = values.quick === true;
/**
 * The worker runs as the Helm chart runs it: with the chart's `worker.nodeFlags` (values.yaml, the one
 * list), unless `--worker-node-options` says otherwise (`none`: no flags, the image's bare command).
 */
const chartWorkerFlags =
  (
    parseYaml(
      readFileSync(join(import.meta.dirname, '../deploy/helm/zadig-chatops/values.yaml'), 'utf8'),
    ) as {
      worker?: { nodeFlags?: string[] };
    }
  ).worker?.nodeFlags ?? [];
const workerNodeArgs =
  values['worker-node-options'] === undefined
    ? chartWorkerFlags
    : values['worker-node-options'] === 'none'
      ? []
      : values['worker-node-options'].split(' ').filter(Boolean);
const only = values.only
  ? (values.only.split(',').map((s) => s.trim()) as Bench[]).filter((b) => BENCHES.includes(b))
  : [...BENCHES];
// Only a plain run writes bench/results.json: profiling and extra flags perturb what is measured.
const full =
  !quick && !values.only && !values['worker-node-options'] && !values['bot-node-options'] && !values.profile;

const say = (line: string) => process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);

/** Sizes of each benchmark: the issue's numbers for a full run, small ones for --quick. */
const SIZES = quick
  ? {
      ack: {
        connections: 200,
        durationMs: 2000,
        warmupMs: 500,
        pacedRate: 100,
        pacedMs: 1000,
        slowCheckMs: 1000,
        replyRate: 50,
      },
      watch: { tasks: 100, intervalMs: 2000, windowMs: 15_000, speed: 0.05, tickMs: 200 },
      webhook: { backstopMs: 10_000 },
      subs: { workflows: 100, intervalMs: 500, idleMaxMs: 4000, warmupMs: 8000, windowMs: 6000 },
      push: { tasks: 20, spreadMs: 5000, tickMs: 50 },
      parse: { roundMs: 100, rounds: 3 },
      approvals: { tasks: 12, intervalMs: 1000, backstopMs: 30_000 },
    }
  : {
      ack: {
        connections: 200,
        durationMs: 10_000,
        warmupMs: 2000,
        pacedRate: 100,
        pacedMs: 10_000,
        slowCheckMs: 3000,
        replyRate: 50,
      },
      watch: { tasks: 1000, intervalMs: 2000, windowMs: 45_000, speed: 0.05, tickMs: 200 },
      // 15 intervals: the production default (60 s) would make the run twice as long for a lower figure.
      webhook: { backstopMs: 30_000 },
      // Back-off 5 → 10 → 20 → 40 → 60 s: at the ceiling after ~70 s; the window covers one ceiling
      // period with its per-workflow spread (60–75 s).
      subs: { workflows: 500, intervalMs: 5000, idleMaxMs: 60_000, warmupMs: 75_000, windowMs: 75_000 },
      push: { tasks: 100, spreadMs: 20_000, tickMs: 50 },
      parse: { roundMs: 150, rounds: 4 },
      approvals: { tasks: 30, intervalMs: 1000, backstopMs: 30_000 },
    };

interface Results {
  machine: string;
  date: string;
  mode: 'full' | 'quick' | 'custom';
  load: { before: ReturnType<typeof machineLoad>; after?: ReturnType<typeof machineLoad> };
  ack?: AckResult;
  watch?: WatchResult;
  /** The watch-scale run with Zadig's webhook on (and the fallback when pushes stop). */
  watchWebhook?: WatchResult;
  subscriptions?: SubscriptionsResult;
  approvals?: ApprovalsResult;
  push?: PushResult;
  parser?: ParseRenderResult['parser'];
  render?: ParseRenderResult['cards'];
  profiles?: Record<string, Pick<ProfileSummary, 'busyMs' | 'topFiles' | 'topFunctions'>>;
  targets?: ReturnType<typeof checkTargets>;
}

function profileOf(path: string): Pick<ProfileSummary, 'busyMs' | 'topFiles' | 'topFunctions'> {
  const s = summarizeProfileFile(path, 12);
  return { busyMs: s.busyMs, topFiles: s.topFiles, topFunctions: s.topFunctions };
}

async function main(): Promise<void> {
  const started = performance.now();
  const profileDir = join(TMP_DIR, 'profiles');
  mkdirSync(values.profile ? profileDir : TMP_DIR, { recursive: true });
  const results: Results = {
    machine: machineDescription(),
    date: new Date().toISOString(),
    mode: full ? 'full' : quick ? 'quick' : 'custom',
    load: { before: machineLoad() },
  };
  say(`machine: ${results.machine}; load average ${results.load.before.loadavg.join(' ')}`);
  // Logs of earlier runs go: each benchmark writes its app logs to bench/tmp/<its prefix>/.
  for (const d of readdirSync(TMP_DIR, { withFileTypes: true })) {
    if (d.isDirectory() && d.name.startsWith('bench-'))
      rmSync(join(TMP_DIR, d.name), { recursive: true, force: true });
  }
  say('compiling the bench processes (bench/tmp/build)');
  buildChildren([
    'bench/lib/app-child.ts',
    'bench/lib/floor-child.ts',
    'bench/lib/load-child.ts',
    'bench/lib/canned-child.ts',
  ]);

  if (only.includes('parse')) {
    say('parser and renderers');
    const pr = await runParseRenderBench(SIZES.parse);
    results.parser = pr.parser;
    results.render = pr.cards;
  }
  if (only.includes('ack')) {
    const profilePath = values.profile ? join(profileDir, 'ack-bot.cpuprofile') : undefined;
    const pacedProfilePath = values.profile ? join(profileDir, 'ack-bot-paced.cpuprofile') : undefined;
    results.ack = await runAckBench({
      ...SIZES.ack,
      log: say,
      ...(profilePath ? { profilePath } : {}),
      ...(pacedProfilePath ? { pacedProfilePath } : {}),
      ...(values['bot-node-options']
        ? { botNodeArgs: values['bot-node-options'].split(' ').filter(Boolean) }
        : {}),
    });
    if (profilePath) (results.profiles ??= {}).ackBot = profileOf(profilePath);
    if (pacedProfilePath) (results.profiles ??= {}).ackBotPaced = profileOf(pacedProfilePath);
  }
  if (only.includes('push')) {
    say('push path');
    results.push = await runPushBench({ ...SIZES.push, log: say });
  }
  if (only.includes('watch')) {
    const profilePath = values.profile ? join(profileDir, 'watch-worker.cpuprofile') : undefined;
    results.watch = await runWatchBench({
      ...SIZES.watch,
      log: say,
      workerNodeArgs,
      ...(profilePath ? { profilePath } : {}),
    });
    if (profilePath) (results.profiles ??= {}).watchWorker = profileOf(profilePath);
  }
  if (only.includes('webhook')) {
    results.watchWebhook = await runWatchBench({
      ...SIZES.watch,
      workerNodeArgs,
      webhook: SIZES.webhook,
      log: (line) => say(`[webhook] ${line}`),
    });
  }
  if (only.includes('subs')) {
    results.subscriptions = await runSubscriptionsBench({ ...SIZES.subs, workerNodeArgs, log: say });
  }
  if (only.includes('approvals')) {
    results.approvals = await runApprovalsBench({ ...SIZES.approvals, log: say });
  }
  results.load.after = machineLoad();
  results.targets = checkTargets(results);

  process.stdout.write(`\n${summaryText(results)}\n`);
  const out = full
    ? join(import.meta.dirname, 'results.json')
    : join(TMP_DIR, `results-${results.mode}.json`);
  mkdirSync(join(out, '..'), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  say(`wrote ${out} (${Math.round((performance.now() - started) / 1000)} s)`);
}

function approvalsText(a: ApprovalsResult): string {
  const row = (name: string, x: ApprovalsResult['poll']) => [
    name,
    `${x.waitToCard.p50Ms} / ${x.waitToCard.p95Ms} / ${x.waitToCard.maxMs}`,
    `${x.toPoll.p95Ms} / ${x.pollToCard.p95Ms} (changes read ${x.pollToChangesRead.p95Ms})`,
    `${x.extraCallsPerApproval} (max ${x.extraCallsMax}; env ${x.extraByKind.envReads}, task lists ${x.extraByKind.taskLists}, last task ${x.extraByKind.otherTasks}, branch lists ${x.extraByKind.branchLists})`,
    `${x.cards} (${x.missed} missed)`,
  ];
  return [
    `Approval cards, ${a.tasks} release tasks (release-prod), ${a.intervalMs} ms poll interval, webhook backstop ${a.backstopMs} ms`,
    textTable([
      [
        'run',
        'waits → card p50/p95/max ms',
        '→ poll p95 / poll → card p95',
        'extra Zadig calls/approval',
        'cards',
      ],
      row('poll (scan)', a.poll),
      row('webhook', a.webhook),
    ]),
  ].join('\n');
}

function summaryText(r: Results): string {
  const parts: string[] = [];
  if (r.ack) {
    const a = r.ack;
    const row = (name: string, x: AckResult['bot']) => [
      name,
      String(x.p50Ms),
      String(x.p99Ms),
      String(x.rps),
      String(x.cpuMsPerRequest),
    ];
    parts.push(
      `Ack, ${a.command}, ${a.connections} connections, ${a.durationMs / 1000} s (closed loop)`,
      textTable([
        ['server', 'p50 ms', 'p99 ms', 'req/s', 'CPU ms/req'],
        row('bot', a.bot),
        row('floor', a.floor),
        row(`bot @${a.paced.ratePerSec}/s`, a.paced.bot),
        row(`floor @${a.paced.ratePerSec}/s`, a.paced.floor),
        row(`bot, Zadig +${a.slowZadig.zadigDelayMs} ms`, a.slowZadig.bot),
      ]),
      `p99 ratio bot/floor ${a.p99Ratio} (paced ${a.paced.p99Ratio}); ack waits for Zadig: ${a.slowZadig.waitsForZadig ? 'YES' : 'no'}`,
      `flood: ${a.bot.reply?.completedPerSec ?? 0} commands completed/s; acks of admitted commands p50 ${a.bot.admitted.p50Ms} / p99 ${a.bot.admitted.p99Ms} ms ` +
        `(÷ floor p99: ${a.admittedP99Ratio}), of refusals p50 ${a.bot.refused.p50Ms} / p99 ${a.bot.refused.p99Ms} ms; ` +
        `reply latency (ack → reply posted) p50 ${a.bot.reply?.latency.p50Ms ?? 0} / p99 ${a.bot.reply?.latency.p99Ms ?? 0} ms`,
      `at ${a.replyPaced.ratePerSec}/s: reply latency p50 ${a.replyPaced.bot.reply?.latency.p50Ms ?? 0} / p99 ${a.replyPaced.bot.reply?.latency.p99Ms ?? 0} ms; ` +
        `zero-cost Zadig and Slack p50 ${a.replyPaced.zeroCost.reply?.latency.p50Ms ?? 0} / p99 ${a.replyPaced.zeroCost.reply?.latency.p99Ms ?? 0} ms ` +
        `(ratio ${a.replyPaced.p99Ratio}; CPU ms/command ${a.replyPaced.bot.cpuMsPerRequest} vs ${a.replyPaced.zeroCost.cpuMsPerRequest})`,
      `closed loop: of ${a.bot.requests} commands ${a.bot.commands?.answered ?? 0} ran (${round((a.bot.commands?.answered ?? 0) / (a.durationMs / 1000), 0)}/s) and ` +
        `${a.bot.busy} were refused "busy" in the ack (acks of those that ran: p50 ${a.bot.admitted.p50Ms} ms, p99 ${a.bot.admitted.p99Ms} ms); ` +
        `${a.bot.commands?.errorReplies ?? 0} answered with an error ` +
        `(the last ${a.bot.commands?.drainMs ?? 0} ms after the run), ` +
        `up to ${a.bot.commands?.maxInFlight ?? 0} in flight, bot event-loop delay p99 ${a.bot.commands?.loopDelayMs.p99 ?? 0} ms; per command ${a.bot.commands?.redisCommandsPerCommand ?? 0} Redis commands ` +
        `in ${a.bot.commands?.redisRoundTripsPerCommand ?? 0} round trips, ${a.zadigCallsPerCommand} Zadig calls ` +
        `(${Object.entries(a.zadigCallsByPath)
          .map(([path, n]) => `${path} ${n}`)
          .join(', ')})`,
      '',
    );
  }
  if (r.watch) {
    const w = r.watch;
    parts.push(
      `Watch scale, ${w.tasks} tasks, ${w.intervalMs} ms interval, one worker (${w.windowMs / 1000} s window)`,
      textTable([
        ['Zadig calls/task/interval', String(w.zadigCallsPerTaskPerInterval)],
        [
          'chat calls/task',
          `${w.chatCallsPerTask} (posts ${w.chatCalls.posts}, edits ${w.chatCalls.edits}, finals ${w.chatCalls.finals})`,
        ],
        ['status changes/task', String(w.statusChangesPerTask)],
        [
          'worker CPU %',
          `${w.cpuPercent} (event loop busy ${w.eventLoop.worker}, delay p99 ${w.eventLoop.workerDelayMs.p99} ms; bench process busy ${w.eventLoop.benchProcess})`,
        ],
        [
          'per poll',
          `${w.perPoll.cpuMs} ms CPU, ${w.perPoll.redisCommands} Redis commands in ${w.perPoll.redisRoundTrips} round trips (${w.perPoll.polls} polls)`,
        ],
        [
          'worker RSS MB',
          `${w.rssMB} (heap used ${w.heapUsedMB}; after a full GC: RSS ${w.afterGc.rssMB}, heap ${w.afterGc.heapUsedMB} of ${w.afterGc.heapTotalMB}, external ${w.afterGc.externalMB})`,
        ],
        ['worker node flags', w.workerNodeArgs.join(' ') || 'none'],
        [
          'lag ms p50/p95/max',
          `${w.lag.p50Ms} / ${w.lag.p95Ms} / ${w.lag.maxMs} (${w.lag.count} changes, ${w.lag.missed} unanswered)`,
        ],
        ['  change → next poll p95', `${w.lag.pollWaitP95Ms} ms`],
        ['  poll → card edit p50/p95', `${w.lag.pollToEditP50Ms} / ${w.lag.pollToEditP95Ms} ms`],
        ['first edits (ramp)', `${w.ramp.ms} ms, ${w.ramp.editsPerTask} edits/task`],
      ]),
      '',
    );
  }
  if (r.watchWebhook?.webhook) {
    const w = r.watchWebhook;
    const h = w.webhook as NonNullable<WatchResult['webhook']>;
    parts.push(
      `Watch scale with Zadig's webhook, ${w.tasks} tasks, ${w.intervalMs} ms interval, backstop ${h.backstopMs} ms (${w.windowMs / 1000} s window)`,
      textTable([
        ['Zadig calls/task/interval', String(w.zadigCallsPerTaskPerInterval)],
        ['pushes in the window', `${h.pushes.received} (${h.pushes.answered2xx} accepted)`],
        [
          'terminal change → final p50/p95',
          `${h.finalLag.p50Ms} / ${h.finalLag.p95Ms} ms (${h.finalLag.count} finals)`,
        ],
        ['chat calls/task', `${w.chatCallsPerTask} (status changes/task ${w.statusChangesPerTask})`],
        ['worker CPU %', String(w.cpuPercent)],
        ['worker RSS MB', `${w.rssMB} (after a full GC ${w.afterGc.rssMB})`],
        [
          'pushes stop → polling resumed',
          `first ${h.fallback.firstResumedMs} ms, half ${h.fallback.p50ResumedMs} ms, all ${h.fallback.allResumedMs} ms of ${h.fallback.tasks} watches (${h.fallback.notResumed} not resumed; warning logged: ${h.fallback.logged ? 'yes' : 'NO'})`,
        ],
      ]),
      '',
    );
  }
  if (r.subscriptions) {
    const s = r.subscriptions;
    parts.push(
      `Idle subscriptions, ${s.workflows} workflows, ${s.intervalMs} ms interval, no webhook: ` +
        `${s.backoff.zadigCallsPerSec} Zadig calls/s with the back-off (ceiling ${s.backoff.idleMaxMs} ms), ` +
        `${s.everyInterval.zadigCallsPerSec} calls/s every interval; a task started in an idle workflow announced after ${s.discoveryMs} ms`,
      '',
    );
  }
  if (r.approvals) parts.push(approvalsText(r.approvals), '');
  if (r.push) {
    const p = r.push;
    parts.push(
      `Push path, ${p.tasks} tasks: webhook → card edit p50 ${p.lag.p50Ms} ms, p95 ${p.lag.p95Ms} ms, max ${p.lag.maxMs} ms ` +
        `(${p.byPoll} beaten by a poll, ${p.missed} missed)`,
      '',
    );
  }
  if (r.parser && r.render) {
    parts.push(
      `Parser: ${r.parser.commandsPerSec} commands/s (${r.parser.usPerCommand} µs each, mix of ${r.parser.mix}); slowest: ` +
        r.parser.slowest.map((l) => `"${l.line}" ${l.us} µs`).join(', '),
      textTable([
        ['µs per call', 'view', 'renderSlack', 'renderFeishu', 'renderText'],
        ...Object.entries(r.render).map(([card, c]) => [
          `${card} card`,
          String(c.view),
          String(c.slack),
          String(c.feishu),
          String(c.text),
        ]),
      ]),
      '',
    );
  }
  if (r.profiles) {
    for (const [name, p] of Object.entries(r.profiles)) {
      parts.push(
        `CPU profile ${name} (${p.busyMs} ms busy), self time by code owner:`,
        textTable(p.topFiles.slice(0, 10).map((f) => [`  ${f.file}`, `${f.pct}%`])),
        '',
      );
    }
  }
  const checks = r.targets ?? [];
  parts.push(
    `Targets (machine: ${r.machine}; load average before ${r.load.before.loadavg.join(' ')}, after ${r.load.after?.loadavg.join(' ') ?? '-'})`,
    textTable(targetRows(checks)),
    '',
    'Markdown:',
    markdownTable(targetRows(checks)),
  );
  return parts.join('\n');
}

// An interrupted run still removes its Redis keys (children exit on their own when the IPC channel closes).
process.once('SIGINT', () => {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
  void Promise.allSettled([...ACTIVE_PREFIXES].map((p) => deletePrefix(redis, p))).finally(() => {
    redis.disconnect();
    process.exit(130);
  });
});

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(
      `bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
