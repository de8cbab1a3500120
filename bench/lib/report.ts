/**
 * Turning results into verdicts and text: the targets checked against the measured numbers, a
 * plain-text table for the terminal and a Markdown table for bench/README.md.
 */
import { cpus, freemem, loadavg, totalmem } from 'node:os';

/** The part of results.json the targets read (all optional: a partial run checks what it has). */
export interface CheckedResults {
  ack?: {
    bot: { p50Ms: number; p99Ms: number; reply?: { completedPerSec: number } };
    floor: { p50Ms: number; p99Ms: number };
    p99Ratio: number;
    admittedP99Ratio?: number;
    paced?: { ratePerSec: number; bot: { cpuMsPerRequest: number } };
    replyPaced?: { ratePerSec: number; p99Ratio: number };
  };
  watch?: {
    tasks: number;
    intervalMs: number;
    zadigCallsPerTaskPerInterval: number;
    chatCallsPerTask: number;
    statusChangesPerTask: number;
    cpuPercent: number;
    rssMB: number;
    lagP95Ms: number;
  };
  push?: { lagP95Ms: number };
  watchWebhook?: {
    zadigCallsPerTaskPerInterval: number;
    webhook?: { backstopMs: number; fallback: { allResumedMs: number; notResumed: number; logged: boolean } };
  };
  subscriptions?: { workflows: number; intervalMs: number; backoff: { zadigCallsPerSec: number } };
  approvals?: {
    intervalMs: number;
    poll: { extraCallsPerApproval: number; waitToCard: { p95Ms: number }; missed: number };
    webhook: { extraCallsPerApproval: number; waitToCard: { p95Ms: number }; missed: number };
  };
}

export interface TargetCheck {
  area: 'ack' | 'watch' | 'push' | 'webhook' | 'subs' | 'approvals';
  metric: string;
  value: number;
  target: string;
  met: boolean;
}

/** Every target that the results contain. */
export function checkTargets(r: CheckedResults): TargetCheck[] {
  const out: TargetCheck[] = [];
  if (r.ack) {
    out.push(
      {
        area: 'ack',
        metric: 'bot p99 (ms)',
        value: r.ack.bot.p99Ms,
        target: '< 50',
        met: r.ack.bot.p99Ms < 50,
      },
      {
        area: 'ack',
        metric: 'bot p99 / floor p99 (all acks, mostly refusals)',
        value: r.ack.p99Ratio,
        target: '≤ 2',
        met: r.ack.p99Ratio <= 2,
      },
    );
    const a = r.ack;
    if (a.admittedP99Ratio !== undefined) {
      out.push({
        area: 'ack',
        metric: 'admitted commands: ack p99 / floor p99, flood',
        value: a.admittedP99Ratio,
        target: '≤ 2',
        met: a.admittedP99Ratio <= 2,
      });
    }
    if (a.bot.reply) {
      out.push({
        area: 'ack',
        metric: 'commands completed per second, 200-connection flood',
        value: a.bot.reply.completedPerSec,
        target: '≥ 300',
        met: a.bot.reply.completedPerSec >= 300,
      });
    }
    if (a.paced) {
      out.push({
        area: 'ack',
        metric: `CPU ms per status command end to end, ${a.paced.ratePerSec}/s`,
        value: a.paced.bot.cpuMsPerRequest,
        target: '≤ 1.0',
        met: a.paced.bot.cpuMsPerRequest <= 1,
      });
    }
    if (a.replyPaced) {
      out.push({
        area: 'ack',
        metric: `reply latency p99 / zero-cost fakes' p99, ${a.replyPaced.ratePerSec}/s`,
        value: a.replyPaced.p99Ratio,
        target: '≤ 2',
        met: a.replyPaced.p99Ratio > 0 && a.replyPaced.p99Ratio <= 2,
      });
    }
  }
  if (r.watch) {
    const w = r.watch;
    const lagTarget = w.intervalMs + 250;
    out.push(
      {
        area: 'watch',
        metric: 'Zadig calls per task per interval',
        value: w.zadigCallsPerTaskPerInterval,
        target: '≤ 1.0',
        met: w.zadigCallsPerTaskPerInterval <= 1,
      },
      {
        area: 'watch',
        metric: 'chat calls per task',
        value: w.chatCallsPerTask,
        target: `≤ status changes + 2 (${round2(w.statusChangesPerTask + 2)})`,
        met: w.chatCallsPerTask <= w.statusChangesPerTask + 2 + 1e-9,
      },
      {
        area: 'watch',
        metric: 'worker CPU (% of one core)',
        value: w.cpuPercent,
        target: '< 50',
        met: w.cpuPercent < 50,
      },
      {
        area: 'watch',
        metric: 'worker RSS (MB), 1,000 watches',
        value: w.rssMB,
        target: '≤ 120',
        met: w.rssMB <= 120,
      },
      {
        area: 'watch',
        metric: 'notification lag p95 (ms)',
        value: w.lagP95Ms,
        target: `≤ ${lagTarget}`,
        met: w.lagP95Ms <= lagTarget,
      },
    );
  }
  if (r.push) {
    out.push({
      area: 'push',
      metric: 'webhook → card edit p95 (ms)',
      value: r.push.lagP95Ms,
      target: '≤ 50',
      met: r.push.lagP95Ms <= 50,
    });
  }
  const hook = r.watchWebhook;
  if (hook?.webhook) {
    const f = hook.webhook.fallback;
    out.push(
      {
        area: 'webhook',
        metric: 'Zadig calls per task per interval, webhook on',
        value: hook.zadigCallsPerTaskPerInterval,
        target: '≤ 0.1',
        met: hook.zadigCallsPerTaskPerInterval <= 0.1,
      },
      {
        area: 'webhook',
        metric: 'pushes stop → every watch polls at the interval (ms)',
        value: f.allResumedMs,
        target: `≤ one backstop (${hook.webhook.backstopMs}), logged`,
        met: f.notResumed === 0 && f.allResumedMs <= hook.webhook.backstopMs && f.logged,
      },
    );
  }
  if (r.subscriptions) {
    const v = r.subscriptions.backoff.zadigCallsPerSec;
    out.push({
      area: 'subs',
      metric: `Zadig calls/s, ${r.subscriptions.workflows} idle subscribed workflows, ${r.subscriptions.intervalMs / 1000} s interval, no webhook`,
      value: v,
      // 10/s for 500 workflows at 5 s: a tenth of scanning each every interval.
      target: `≤ ${round2((r.subscriptions.workflows / (r.subscriptions.intervalMs / 1000)) * 0.1)}`,
      met: v <= (r.subscriptions.workflows / (r.subscriptions.intervalMs / 1000)) * 0.1 + 1e-9,
    });
  }
  if (r.approvals) out.push(...approvalTargets(r.approvals));
  return out;
}

/** Approval cards: extra Zadig calls per approval ≤ 3; task waits → card p95 ≤ interval + 250 ms, ≤ 250 ms by webhook. */
function approvalTargets(a: NonNullable<CheckedResults['approvals']>): TargetCheck[] {
  const calls = Math.max(a.poll.extraCallsPerApproval, a.webhook.extraCallsPerApproval);
  return [
    {
      area: 'approvals',
      metric: 'extra Zadig calls per approval card (what changes, cached)',
      value: calls,
      target: '≤ 3',
      met: calls <= 3,
    },
    {
      area: 'approvals',
      metric: 'task waits → approval card p95 (ms), no webhook',
      value: a.poll.waitToCard.p95Ms,
      target: `≤ ${a.intervalMs + 250}`,
      met: a.poll.missed === 0 && a.poll.waitToCard.p95Ms <= a.intervalMs + 250,
    },
    {
      area: 'approvals',
      metric: "task waits → approval card p95 (ms), Zadig's webhook",
      value: a.webhook.waitToCard.p95Ms,
      target: '≤ 250',
      met: a.webhook.missed === 0 && a.webhook.waitToCard.p95Ms <= 250,
    },
  ];
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** `Intel(R) Xeon(R) … · 2 cores · 24.1 GB RAM · Node v20.20.2`. */
export function machineDescription(): string {
  const c = cpus();
  return `${c[0]?.model ?? 'unknown CPU'} · ${c.length} cores · ${(totalmem() / 1e9).toFixed(1)} GB RAM · Node ${process.version}`;
}

/** Load averages and free memory right now (other work on the machine skews every number). */
export function machineLoad(): { loadavg: number[]; freeMemGB: number } {
  return { loadavg: loadavg().map(round2), freeMemGB: round2(freemem() / 1e9) };
}

/** A fixed-width text table. */
export function textTable(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** A Markdown table. */
export function markdownTable(rows: string[][]): string {
  const [head, ...body] = rows;
  if (!head) return '';
  const line = (r: string[]) => `| ${r.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...body.map(line)].join('\n');
}

/** Target rows: area, metric, measured, target, verdict. */
export function targetRows(checks: TargetCheck[]): string[][] {
  return [
    ['area', 'metric', 'measured', 'target', 'met'],
    ...checks.map((c) => [c.area, c.metric, String(c.value), c.target, c.met ? 'yes' : 'NO']),
  ];
}
