/**
 * Idle subscriptions: `workflows` subscribed workflows in which nothing runs, scanned by ONE worker
 * process at `intervalMs`, no webhook. Measured: task-list calls per second the sandbox Zadig receives
 * over `windowMs`, once the back-off has reached its ceiling (after `warmupMs`); and the same with the
 * ceiling set to the interval (ZBOT_SCAN_IDLE_MAX_MS = ZBOT_POLL_INTERVAL_MS: every workflow every
 * interval, as before the back-off), side by side in one run. Then a task is started in one of the idle
 * workflows (as from the Zadig UI): how long until its subscribed chat gets the card.
 *
 * The workflows exist only as names: listing the tasks of a workflow with no tasks answers an empty
 * list (Zadig filters tasks by workflow and project), which is what an idle workflow looks like. The
 * last one is a real sandbox workflow, so a task can be started in it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { type BenchChild, forkChild } from './lib/child.js';
import { type LogSummary, summarizeLogFile } from './lib/logs.js';
import { startServices } from './lib/services.js';
import { round } from './lib/stats.js';
import { tapPush } from './lib/tap.js';

export interface SubscriptionsOptions {
  workflows: number;
  intervalMs: number;
  /** ZBOT_SCAN_IDLE_MAX_MS of the measured run. */
  idleMaxMs: number;
  /** Until the back-off reached the ceiling (interval × 2^n ≥ idleMaxMs, plus one ceiling). */
  warmupMs: number;
  windowMs: number;
  /** Node flags of the worker process (run.ts: the Helm chart's worker.nodeFlags). */
  workerNodeArgs?: string[];
  log?: (line: string) => void;
}

export interface SubscriptionRun {
  idleMaxMs: number;
  /** Task-list calls per second over the window. */
  zadigCallsPerSec: number;
  calls: number;
  windowMs: number;
}

export interface SubscriptionsResult {
  workflows: number;
  intervalMs: number;
  /** With the back-off (ceiling `idleMaxMs`). */
  backoff: SubscriptionRun;
  /** Without it (ceiling = interval): what every interval costs. */
  everyInterval: SubscriptionRun;
  /** A task started in an idle workflow → its card posted in the subscribed chat (ms). */
  discoveryMs: number;
  workerLog: LogSummary;
}

const REAL_WORKFLOW = 'hotfix';

async function oneRun(
  o: SubscriptionsOptions,
  idleMaxMs: number,
  warmupMs: number,
  discover: boolean,
): Promise<SubscriptionRun & { discoveryMs?: number; workerLog: LogSummary }> {
  const log = o.log ?? (() => undefined);
  const svc = await startServices(`subs-${idleMaxMs}`);
  let worker: BenchChild | undefined;
  try {
    const app = await svc.startLocalApp('bot');
    const scope = { platform: 'slack' as const, tenant: svc.slack.teamId };
    const names = Array.from({ length: o.workflows - 1 }, (_, i) => `idle-${String(i).padStart(4, '0')}`);
    names.push(REAL_WORKFLOW);
    for (const [i, workflow] of names.entries()) {
      await app.stores.subscriptions.add(scope, `C-sub-${i % 50}`, {
        projectKey: 'demo',
        workflow,
        events: ['created', 'passed', 'failed'],
        createdBy: 'U001',
        createdAt: Date.now(),
      });
    }
    let recording = false;
    let calls = 0;
    tapPush(svc.sandbox.requests, (r) => {
      if (recording && r.path.endsWith('/tasks') && r.path.startsWith('/openapi/workflows/custom/')) calls++;
    });
    const workerLog = svc.file('worker.log');
    worker = forkChild('app-child.ts', { nodeArgs: o.workerNodeArgs ?? [] });
    await worker.request('start', {
      env: svc.appEnv('worker', {
        ZBOT_POLL_INTERVAL_MS: String(o.intervalMs),
        ZBOT_SCAN_IDLE_MAX_MS: String(idleMaxMs),
      }),
      logFile: workerLog,
    });
    log(`subscriptions: ${o.workflows} idle workflows, ceiling ${idleMaxMs} ms: warming up ${warmupMs} ms`);
    await sleep(warmupMs);
    recording = true;
    const start = performance.now();
    await sleep(o.windowMs);
    recording = false;
    const windowMs = performance.now() - start;
    let discoveryMs: number | undefined;
    if (discover) {
      const posts = () =>
        svc.slack.calls.filter(
          (c) => c.method === 'chat.postMessage' && !(c.args as { thread_ts?: string }).thread_ts,
        ).length;
      const before = posts();
      const t0 = performance.now();
      svc.sandbox.startTask(REAL_WORKFLOW, { creator: 'alice' });
      while (posts() === before && performance.now() - t0 < idleMaxMs * 2 + 10_000) await sleep(50);
      discoveryMs = round(performance.now() - t0, 0);
    }
    return {
      idleMaxMs,
      zadigCallsPerSec: round(calls / (windowMs / 1000), 2),
      calls,
      windowMs: round(windowMs, 0),
      ...(discoveryMs !== undefined ? { discoveryMs } : {}),
      workerLog: summarizeLogFile(workerLog),
    };
  } finally {
    await worker?.close();
    await svc.close();
  }
}

/** Runs the idle-subscriptions benchmark: without the back-off first, then with it. */
export async function runSubscriptionsBench(o: SubscriptionsOptions): Promise<SubscriptionsResult> {
  // Every interval needs no warm-up beyond the first scans.
  const every = await oneRun(o, o.intervalMs, o.intervalMs * 2, false);
  const backoff = await oneRun(o, o.idleMaxMs, o.warmupMs, true);
  return {
    workflows: o.workflows,
    intervalMs: o.intervalMs,
    backoff: {
      idleMaxMs: backoff.idleMaxMs,
      zadigCallsPerSec: backoff.zadigCallsPerSec,
      calls: backoff.calls,
      windowMs: backoff.windowMs,
    },
    everyInterval: {
      idleMaxMs: every.idleMaxMs,
      zadigCallsPerSec: every.zadigCallsPerSec,
      calls: every.calls,
      windowMs: every.windowMs,
    },
    discoveryMs: backoff.discoveryMs ?? 0,
    workerLog: backoff.workerLog,
  };
}
