/**
 * Approval cards: `tasks` release tasks (`demo/release-prod`: build 3 repos, approve, deploy to prod),
 * one after another, each reaching its approval while a channel subscribed to the workflow's `approval`
 * event waits for the card. One app process (role `all`) at a `intervalMs` poll interval; run twice:
 * without Zadig's webhook (the subscription scan finds the task, its watch polls and sees the approval)
 * and with it (the sandbox's webhook on task creation and on the approval, through the timestamping relay).
 *
 * Each task is started, its watch is let poll it once (the approval comes minutes into a real release),
 * then the sandbox clock is stepped until its approval job waits: that step is "task waits". Measured:
 * - waits → card posted: the fake Slack's chat.postMessage carrying the task's Approve button; split into
 *   waits → the first poll of the task after it (`toPollMs`) and that poll → card (`pollToCardMs`).
 * - extra Zadig calls per approval (the sandbox's request log): what the card's "what changes" read asks
 *   beyond the poll — env reads (`/openapi/environments…`), the code host's branch lists
 *   (`/api/aslan/code/codehost/:id/commits`), task details of other tasks (the last successful one) and
 *   the workflow's task lists, counted from the poll that saw the approval until the card, plus code host
 *   calls up to 2 s after it (the card waits at most 1.5 s for them). A subscription scan's task list in
 *   that short span would be counted too (`scanListsInSpan` says how likely: scans per second × span).
 * Then the task is approved (as `alice`) and run to its end, so the next one has a last successful task
 * whose image runs in prod: its repos' running commits are known, the case with the most calls.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { type BenchChild, forkChild } from './lib/child.js';
import { type LogSummary, summarizeLogFile } from './lib/logs.js';
import { startServices } from './lib/services.js';
import { type LatencySummary, round, summarize } from './lib/stats.js';
import { tapPush } from './lib/tap.js';
import { startWebhookRelay } from './lib/webhook-relay.js';

export interface ApprovalsOptions {
  tasks: number;
  intervalMs: number;
  /** ZBOT_WEBHOOK_BACKSTOP_MS of the webhook run. */
  backstopMs: number;
  log?: (line: string) => void;
}

export interface ApprovalRun {
  webhook: boolean;
  /** Approvals whose card arrived (of `tasks`). */
  cards: number;
  missed: number;
  /** Task waits → approval card posted. */
  waitToCard: LatencySummary;
  /** Task waits → the first poll of the task after it. */
  toPoll: LatencySummary;
  /** That poll → card posted. */
  pollToCard: LatencySummary;
  /** Of which: that poll → the last Zadig call of the "what changes" read before the card. */
  pollToChangesRead: LatencySummary;
  /** Extra Zadig calls per approval (mean over the cards; max beside it). */
  extraCallsPerApproval: number;
  extraCallsMax: number;
  /** Mean per approval, by kind. */
  extraByKind: { envReads: number; taskLists: number; otherTasks: number; branchLists: number };
  /** Task-list calls of the subscription scan per second (outside the approvals), for the overlap. */
  scanListsPerSec: number;
  appLog: LogSummary;
}

export interface ApprovalsResult {
  tasks: number;
  intervalMs: number;
  backstopMs: number;
  poll: ApprovalRun;
  webhook: ApprovalRun;
}

const WORKFLOW = 'release-prod';
const CHANNEL = 'C-approvals';
const TASK_PATH = '/openapi/workflows/custom/task';
const LIST_PATH = `/openapi/workflows/custom/${WORKFLOW}/tasks`;
const CODEHOST = /^\/api\/aslan\/code\/codehost\/\d+\/commits$/;

interface Req {
  path: string;
  taskId: number;
  at: number;
}

function waitingForApproval(t: { stages: { jobs: { status: string }[] }[] } | undefined): boolean {
  return (t?.stages ?? []).some((s) => s.jobs.some((j) => j.status === 'wait_for_approval'));
}

async function oneRun(o: ApprovalsOptions, webhook: boolean): Promise<ApprovalRun> {
  const log = (line: string) => o.log?.(`[approvals${webhook ? ', webhook' : ''}] ${line}`);
  const relay = webhook ? await startWebhookRelay() : undefined;
  const svc = await startServices(
    `approvals-${webhook ? 'hook' : 'poll'}`,
    relay ? { webhookUrl: relay.url } : {},
  );
  let app: BenchChild | undefined;
  try {
    const { sandbox } = svc;
    const reqs: Req[] = [];
    tapPush(sandbox.requests, (r, at) => {
      reqs.push({ path: r.path, taskId: Number(r.query.taskId ?? 0), at });
    });
    const cards = new Map<number, number>();
    const approveValue = /^approve release-prod (\d+) --project demo$/;
    tapPush(svc.slack.calls, (c, at) => {
      if (c.method !== 'chat.postMessage') return;
      const blocks = (c.args as { blocks?: { type: string; elements?: { value?: string }[] }[] }).blocks;
      for (const b of blocks ?? []) {
        for (const e of b.type === 'actions' ? (b.elements ?? []) : []) {
          const m = approveValue.exec(e.value ?? '');
          if (m && !cards.has(Number(m[1]))) cards.set(Number(m[1]), at);
        }
      }
    });

    // The channel subscribes to the workflow's approvals (as `subscribe release-prod --on approval`).
    const bot = await svc.startLocalApp('bot');
    await bot.stores.subscriptions.add({ platform: 'slack', tenant: svc.slack.teamId }, CHANNEL, {
      projectKey: 'demo',
      workflow: WORKFLOW,
      events: ['approval'],
      createdBy: 'U001',
      createdAt: Date.now(),
    });
    const appLog = svc.file('app.log');
    app = forkChild('app-child.ts');
    const { port } = await app.request<{ port: number }>('start', {
      env: svc.appEnv('all', {
        ZBOT_POLL_INTERVAL_MS: String(o.intervalMs),
        ...(webhook ? { ZBOT_WEBHOOK_BACKSTOP_MS: String(o.backstopMs) } : {}),
      }),
      logFile: appLog,
    });
    if (relay) relay.target = `http://127.0.0.1:${port}`;
    await sleep(o.intervalMs * 2);

    const samples: {
      waitAt: number;
      cardAt?: number;
      pollAt?: number;
      readAt?: number;
      extra: ApprovalRun['extraByKind'];
    }[] = [];
    let scanLists = 0;
    let scanSpanMs = 0;
    for (let i = 0; i < o.tasks; i++) {
      const id = sandbox.startTask(WORKFLOW, { creator: 'admin' });
      // The watch has polled the task once (a release builds for minutes before its approval).
      const polledBy = performance.now() + o.intervalMs * 4 + 10_000;
      while (!reqs.some((r) => r.path === TASK_PATH && r.taskId === id) && performance.now() < polledBy)
        await sleep(20);
      // A random phase against the poll schedule.
      await sleep(Math.random() * o.intervalMs);
      // Step the clock until the approval job waits.
      let waitAt = 0;
      for (let step = 0; step < 400 && !waitAt; step++) {
        await sandbox.advance(5000);
        if (waitingForApproval(sandbox.task(WORKFLOW, id))) waitAt = performance.now();
        else await sleep(5);
      }
      if (!waitAt) throw new Error(`task ${id} never reached its approval`);
      const from = reqs.length;
      const cardBy = waitAt + o.intervalMs * 3 + 10_000;
      while (!cards.has(id) && performance.now() < cardBy) await sleep(10);
      const cardAt = cards.get(id);
      // Code host lists may come after the card (it waits at most 1.5 s for them).
      await sleep(2000);
      const after = reqs.slice(from);
      const pollAt = after.find((r) => r.path === TASK_PATH && r.taskId === id)?.at;
      const extraFrom = after.find((r) => r.path.startsWith('/openapi/environments'))?.at ?? pollAt ?? waitAt;
      const span = after.filter((r) => r.at >= extraFrom && (cardAt === undefined || r.at <= cardAt));
      const late = after.filter((r) => cardAt !== undefined && r.at > cardAt && CODEHOST.test(r.path));
      const extra = {
        envReads: span.filter((r) => r.path.startsWith('/openapi/environments')).length,
        taskLists: span.filter((r) => r.path === LIST_PATH).length,
        otherTasks: span.filter((r) => r.path === TASK_PATH && r.taskId !== id).length,
        branchLists: span.filter((r) => CODEHOST.test(r.path)).length + late.length,
      };
      const readAt = span.filter((r) => !(r.path === TASK_PATH && r.taskId === id)).at(-1)?.at;
      samples.push({
        waitAt,
        extra,
        ...(cardAt !== undefined ? { cardAt } : {}),
        ...(pollAt ? { pollAt } : {}),
        ...(readAt ? { readAt } : {}),
      });
      // Scan task lists outside the approval span: how often a scan could fall into it.
      const outside = after.filter((r) => r.path === LIST_PATH && (r.at < extraFrom || (cardAt ?? 0) < r.at));
      scanLists += outside.length;
      scanSpanMs += (after.at(-1)?.at ?? waitAt) - waitAt;
      log(
        `task ${id}: waits → card ${cardAt ? Math.round(cardAt - waitAt) : 'none'} ms, extra calls ${Object.values(extra).reduce((a, b) => a + b, 0)}`,
      );
      // Approve and run it to its end: the next task's last successful task.
      sandbox.decide(WORKFLOW, id, 'alice', true);
      for (let step = 0; step < 400; step++) {
        const s = sandbox.task(WORKFLOW, id)?.status ?? '';
        if (s === 'passed' || s === 'failed' || s === 'cancelled' || s === 'timeout') break;
        await sandbox.advance(5000);
      }
    }
    const got = samples.filter((s) => s.cardAt !== undefined);
    const total = (e: ApprovalRun['extraByKind']) => e.envReads + e.taskLists + e.otherTasks + e.branchLists;
    const mean = (f: (e: ApprovalRun['extraByKind']) => number) =>
      round(got.reduce((a, s) => a + f(s.extra), 0) / Math.max(1, got.length), 2);
    return {
      webhook,
      cards: got.length,
      missed: samples.length - got.length,
      waitToCard: summarize(got.map((s) => (s.cardAt as number) - s.waitAt)),
      toPoll: summarize(got.filter((s) => s.pollAt).map((s) => (s.pollAt as number) - s.waitAt)),
      pollToCard: summarize(
        got.filter((s) => s.pollAt).map((s) => (s.cardAt as number) - (s.pollAt as number)),
      ),
      pollToChangesRead: summarize(
        got.filter((s) => s.pollAt && s.readAt).map((s) => (s.readAt as number) - (s.pollAt as number)),
      ),
      extraCallsPerApproval: mean(total),
      extraCallsMax: Math.max(0, ...got.map((s) => total(s.extra))),
      extraByKind: {
        envReads: mean((e) => e.envReads),
        taskLists: mean((e) => e.taskLists),
        otherTasks: mean((e) => e.otherTasks),
        branchLists: mean((e) => e.branchLists),
      },
      scanListsPerSec: round(scanLists / Math.max(1, scanSpanMs / 1000), 2),
      appLog: summarizeLogFile(appLog),
    };
  } finally {
    await app?.close();
    await svc.close();
    await relay?.close();
  }
}

/** Runs the approvals benchmark: without Zadig's webhook, then with it. */
export async function runApprovalsBench(o: ApprovalsOptions): Promise<ApprovalsResult> {
  const poll = await oneRun(o, false);
  const webhook = await oneRun(o, true);
  return { tasks: o.tasks, intervalMs: o.intervalMs, backstopMs: o.backstopMs, poll, webhook };
}
