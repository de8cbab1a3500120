/**
 * Watch scale: `tasks` Zadig tasks watched at once by ONE worker process (`ZBOT_ROLE=worker`, its own
 * process so its CPU and RSS are its own) polling every `intervalMs`. Cards are posted and watches
 * started the way production does after a `run`: the bot side (an in-process app, role `bot`) posts the
 * task card with its Slack notifier and calls `app.jobs.watch(req, cardRef)`.
 *
 * The sandbox clock is manual and runs at `speed` (virtual ms per wall ms) during the measured window,
 * and the tasks' start times are spread over one task lifetime, so status changes arrive steadily
 * rather than all at once. Every change is timestamped when the bench advances the clock; every poll
 * when it reaches the sandbox; every edit when it reaches the fake Slack — one clock for all three.
 * See lib/lag.ts for how a change is paired with the edit that showed it.
 */
import { type EventLoopUtilization, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { postCardsAndWatch } from './lib/cards.js';
import { type BenchChild, forkChild } from './lib/child.js';
import { pairLags } from './lib/lag.js';
import { type LogSummary, summarizeLogFile } from './lib/logs.js';
import { startServices } from './lib/services.js';
import { type CpuSample, cpuPercent, round, toMB } from './lib/stats.js';
import { tapPush } from './lib/tap.js';
import { calibrateTimeline, spreadTasks, stateOf, type TaskStates } from './lib/task-clock.js';
import {
  chatCallsPerTask,
  type LagReport,
  lagReport,
  newTrack,
  type TaskTrack,
  watchedMs,
} from './lib/watch-tally.js';

export interface WatchOptions {
  tasks: number;
  intervalMs: number;
  /** Length of the measured window (wall ms). */
  windowMs: number;
  /** Virtual ms per wall ms while measuring (0.05: a 35 s build-deploy takes ~12 min, like real CI). */
  speed: number;
  tickMs: number;
  /** Write a CPU profile of the worker during the window to this file. */
  profilePath?: string;
  /** Extra node flags for the worker (e.g. `--max-old-space-size=128`, to see what a heap cap does). */
  workerNodeArgs?: string[];
  log?: (line: string) => void;
}

export interface WatchResult {
  tasks: number;
  intervalMs: number;
  workflow: string;
  howStarted: string;
  windowMs: number;
  virtualSpeed: number;
  workerNodeArgs: string[];
  zadigCallsPerTaskPerInterval: number;
  chatCallsPerTask: number;
  statusChangesPerTask: number;
  /** chat calls by kind, per task, over the whole run (post → drain). */
  chatCalls: { posts: number; edits: number; finals: number; other: number };
  /** Status changes in the window per second (all tasks), and the chat edits they cost. */
  window: { changesPerSec: number; editsPerChange: number; finals: number };
  cpuPercent: number;
  /** What one poll of one task costs the worker (window totals ÷ task polls in the window). */
  perPoll: { polls: number; cpuMs: number; redisCommands: number; redisRoundTrips: number };
  rssMB: number;
  rssStartMB: number;
  heapUsedMB: number;
  /** After a forced full GC at the end of the window: memory the worker really keeps. */
  afterGc: { rssMB: number; heapUsedMB: number; heapTotalMB: number; externalMB: number };
  /**
   * Event-loop utilisation over the window (0–1): the worker's, and the bench process's, which serves
   * the sandbox and the fake Slack; near 1 there means the fake world, not the worker, set the pace.
   */
  eventLoop: {
    worker: number;
    benchProcess: number;
    workerDelayMs: { p50: number; p99: number; max: number };
  };
  lagP95Ms: number;
  /** Lag split: waiting for the next poll, and from that poll to the edit (see lib/lag.ts). */
  lag: LagReport;
  /** The first edit of every card after its watch started (before the window), and how long they took. */
  ramp: { ms: number; editsPerTask: number; cpuPercent: number };
  /** Changes the bench did not predict (verified by a full snapshot at the end); should be 0. */
  unpredictedChanges: number;
  workerLog: LogSummary;
}

const WORKFLOW = 'build-deploy';

interface Usage {
  cpu: CpuSample;
  rss: number;
  heapUsed: number;
  elu: EventLoopUtilization;
  redis: { commands: number; roundTrips: number };
  loopDelayMs: { p50: number; p99: number; max: number };
  at: number;
}

/** Runs the watch-scale benchmark. */
export async function runWatchBench(o: WatchOptions): Promise<WatchResult> {
  const log = o.log ?? (() => undefined);
  const svc = await startServices('watch');
  let worker: BenchChild | undefined;
  try {
    const { sandbox } = svc;
    log(`watch: calibrating the ${WORKFLOW} timeline`);
    const timeline = await calibrateTimeline(sandbox, WORKFLOW);
    const life = timeline.offsets[timeline.offsets.length - 1] ?? 35_000;
    log(`watch: starting ${o.tasks} tasks spread over ${life - 1000} virtual ms`);
    const ids = await spreadTasks(sandbox, WORKFLOW, o.tasks, life - 1000, timeline);
    const tracked = ids.map((taskId, i) => newTrack(taskId, `C-watch-${i % 20}`));
    const byTask = new Map(tracked.map((t) => [t.taskId, t]));
    const byTs = new Map<string, TaskTrack>();

    let recording = false;
    let zadigCalls = 0;
    let otherChatCalls = 0;
    // Tasks the worker has polled at least once (the ramp waits for all of them).
    const polledTasks = new Set<number>();
    tapPush(sandbox.requests, (r, at) => {
      const isPoll = r.path === '/openapi/workflows/custom/task';
      if (isPoll && !recording) polledTasks.add(Number(r.query.taskId));
      if (!recording) return;
      zadigCalls++;
      if (isPoll) byTask.get(Number(r.query.taskId))?.polls.push(at);
    });
    tapPush(svc.slack.calls, (c, at) => {
      const a = c.args as { ts?: string; thread_ts?: string; channel?: string };
      if (c.method === 'chat.update') {
        const t = byTs.get(String(a.ts));
        if (t) t.edits.push(at);
      } else if (c.method === 'chat.postMessage' && a.thread_ts) {
        const t = byTs.get(String(a.thread_ts));
        if (t) t.finals.push(at);
      } else if (c.method !== 'chat.postMessage' && c.method !== 'auth.test') {
        // Card posts are counted per task once their ts is known (startWatches).
        otherChatCalls++;
      }
    });

    const workerLog = svc.file('worker.log');
    worker = forkChild('app-child.ts', { nodeArgs: ['--expose-gc', ...(o.workerNodeArgs ?? [])] });
    await worker.request('start', {
      env: svc.appEnv('worker', { ZBOT_POLL_INTERVAL_MS: String(o.intervalMs) }),
      logFile: workerLog,
    });
    const usage = (resetLoopDelay = false) =>
      (worker as BenchChild).request<Usage>('usage', { resetLoopDelay });
    const rampStart = performance.now();
    const rampUsage = await usage();

    log('watch: posting cards and starting watches through app.jobs.watch');
    const app = await svc.startLocalApp('bot');
    await postCardsAndWatch(svc, app, WORKFLOW, tracked, 50, (t) => byTs.set(t.ts as string, t as TaskTrack));
    const states: TaskStates = new Map(tracked.map((t) => [t.taskId, stateOf(sandbox, WORKFLOW, t.taskId)]));
    for (const t of tracked) t.posts = 1;

    // The first poll of a card whose task has not moved since the reply finds nothing to edit, so the ramp
    // ends when every task has been polled once (not at a first edit, which may never come).
    log('watch: waiting until the worker has polled every task once');
    const rampBound = 30_000 + (o.tasks / 20) * 1500;
    while (polledTasks.size < tracked.length && performance.now() - rampStart < rampBound) {
      await sleep(100);
    }
    await sleep(o.intervalMs);
    const rampEnd = await usage();
    const rampMs = round(performance.now() - rampStart, 0);
    const rampEdits = tracked.reduce((s, t) => s + t.edits.length, 0);

    log(`watch: measuring for ${o.windowMs} ms at ${o.speed}x virtual speed`);
    recording = true;
    for (const t of tracked) t.polls.length = 0;
    if (o.profilePath) await worker.request('profileStart');
    const u0 = await usage(true);
    const benchElu0 = performance.eventLoopUtilization();
    const wallStart = performance.now();
    const virtualStart = sandbox.now();
    let rssMax = u0.rss;
    let lastRss = wallStart;
    const editsBefore = tracked.reduce((s, t) => s + t.edits.length, 0);
    let finalsInWindow = 0;
    for (let guard = 0; guard < 1_000_000; guard++) {
      const now = performance.now();
      if (now - wallStart >= o.windowMs) break;
      const target = virtualStart + (now - wallStart) * o.speed;
      const due = timeline.dueBetween(sandbox.now(), target);
      const at = performance.now();
      await sandbox.advance(target - sandbox.now());
      for (const taskId of due) {
        const t = byTask.get(taskId);
        const s = stateOf(sandbox, WORKFLOW, taskId);
        if (!t || s === states.get(taskId)) continue;
        states.set(taskId, s);
        t.changes.push(at);
        t.changeCount++;
      }
      if (now - lastRss >= 1000) {
        lastRss = now;
        rssMax = Math.max(rssMax, (await usage()).rss);
      }
      await sleep(Math.max(0, o.tickMs - (performance.now() - now)));
    }
    const u1 = await usage();
    const wallEnd = performance.now();
    const benchElu = performance.eventLoopUtilization(benchElu0).utilization;
    if (o.profilePath) await worker.request('profileStop', { path: o.profilePath });
    const afterGc = await worker.request<{
      rss: number;
      heapUsed: number;
      heapTotal: number;
      external: number;
    }>('gc');
    rssMax = Math.max(rssMax, u1.rss);
    for (const t of tracked) finalsInWindow += t.finals.filter((f) => f >= wallStart).length;
    const windowChanges = tracked.reduce((s, t) => s + t.changes.length, 0);
    const windowEdits = tracked.reduce((s, t) => s + t.edits.length, 0) - editsBefore;

    // Calls during the window, per task and interval it was watched.
    const intervalsWatched = watchedMs(tracked, wallStart, wallEnd) / o.intervalMs;
    const callsInWindow = zadigCalls;
    const polls = tracked.reduce((s, t) => s + t.polls.filter((p) => p < wallEnd).length, 0);
    const perPoll = (n: number) => round(polls ? n / polls : 0, 2);
    const perPollCost = {
      polls,
      cpuMs: perPoll((u1.cpu.user - u0.cpu.user + (u1.cpu.system - u0.cpu.system)) / 1000),
      redisCommands: perPoll(u1.redis.commands - u0.redis.commands),
      redisRoundTrips: perPoll(u1.redis.roundTrips - u0.redis.roundTrips),
    };

    log('watch: letting the last changes reach their cards');
    const drainUntil = performance.now() + o.intervalMs * 3 + 10_000;
    const unanswered = () => tracked.reduce((s, t) => s + pairLags(t).missed, 0);
    while (unanswered() > 0 && performance.now() < drainUntil) await sleep(100);
    recording = false;

    // Verify nothing changed that the timeline did not predict.
    let unpredictedChanges = 0;
    for (const t of tracked)
      if (stateOf(sandbox, WORKFLOW, t.taskId) !== states.get(t.taskId)) unpredictedChanges++;

    const lag = lagReport(tracked);
    const calls = chatCallsPerTask(tracked, otherChatCalls);
    const { total: chatTotal, ...chatCalls } = calls;
    const n = tracked.length;
    const windowSec = (wallEnd - wallStart) / 1000;
    return {
      tasks: n,
      intervalMs: o.intervalMs,
      workflow: `demo/${WORKFLOW}`,
      howStarted: 'card posted by the bot-role app’s Slack notifier, then app.jobs.watch(req, cardRef)',
      windowMs: round(wallEnd - wallStart, 0),
      virtualSpeed: o.speed,
      workerNodeArgs: o.workerNodeArgs ?? [],
      zadigCallsPerTaskPerInterval: round(intervalsWatched > 0 ? callsInWindow / intervalsWatched : 0, 3),
      chatCallsPerTask: chatTotal,
      statusChangesPerTask: round(tracked.reduce((s, t) => s + t.changeCount, 0) / n, 3),
      chatCalls,
      window: {
        changesPerSec: round(windowChanges / windowSec, 1),
        editsPerChange: round(windowChanges ? windowEdits / windowChanges : 0, 3),
        finals: finalsInWindow,
      },
      cpuPercent: cpuPercent(u0.cpu, u1.cpu, u1.at - u0.at),
      perPoll: perPollCost,
      rssMB: toMB(rssMax),
      rssStartMB: toMB(u0.rss),
      heapUsedMB: toMB(u1.heapUsed),
      afterGc: {
        rssMB: toMB(afterGc.rss),
        heapUsedMB: toMB(afterGc.heapUsed),
        heapTotalMB: toMB(afterGc.heapTotal),
        externalMB: toMB(afterGc.external),
      },
      eventLoop: {
        worker: round(performance.eventLoopUtilization(u1.elu, u0.elu).utilization, 2),
        benchProcess: round(benchElu, 2),
        workerDelayMs: {
          p50: round(u1.loopDelayMs.p50),
          p99: round(u1.loopDelayMs.p99),
          max: round(u1.loopDelayMs.max),
        },
      },
      lagP95Ms: lag.p95Ms,
      lag,
      ramp: {
        ms: rampMs,
        editsPerTask: round(rampEdits / n, 3),
        cpuPercent: cpuPercent(rampUsage.cpu, rampEnd.cpu, rampEnd.at - rampUsage.at),
      },
      unpredictedChanges,
      workerLog: summarizeLogFile(workerLog),
    };
  } finally {
    await worker?.close();
    await svc.close();
  }
}
