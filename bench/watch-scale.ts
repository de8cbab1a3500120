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
import { readFileSync } from 'node:fs';
import { type EventLoopUtilization, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { postCardsAndWatch } from './lib/cards.js';
import { type BenchChild, forkChild } from './lib/child.js';
import { pairLags } from './lib/lag.js';
import { type LogSummary, summarizeLogFile } from './lib/logs.js';
import { startServices } from './lib/services.js';
import { type CpuSample, cpuPercent, type LatencySummary, round, summarize, toMB } from './lib/stats.js';
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
import { startWebhookRelay, type WebhookRelay } from './lib/webhook-relay.js';

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
  /**
   * Webhook on: the sandbox pushes its Zadig webhook (through a timestamping relay) to the bot-side app's
   * `POST /zadig/webhook`, so the worker polls each task only every `backstopMs` and at once on a push.
   * After the window the relay stops forwarding (answers 503, as a broken webhook would) and the run
   * measures how long until every watch polls at the interval again.
   */
  webhook?: { backstopMs: number };
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
  /** Webhook runs only. */
  webhook?: {
    backstopMs: number;
    /** Pushes the relay received during the window, and those the app answered 2xx. */
    pushes: { received: number; answered2xx: number };
    /** Terminal change → final reply posted, for the tasks that ended in the window (pushed). */
    finalLag: LatencySummary;
    fallback: FallbackReport;
  };
}

/** After the relay stopped forwarding: when the watches went back to polling every interval. */
export interface FallbackReport {
  /** Tasks still watched when pushes stopped. */
  tasks: number;
  /** Last push the app accepted → the first / half / last of those tasks polled at the interval again (ms). */
  firstResumedMs: number;
  p50ResumedMs: number;
  allResumedMs: number;
  /** Tasks that had not resumed when the measurement gave up (backstop + 15 s). */
  notResumed: number;
  /** The worker's warning, as logged. */
  logged: boolean;
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
  const relay: WebhookRelay | undefined = o.webhook ? await startWebhookRelay() : undefined;
  const svc = await startServices(o.webhook ? 'watch-push' : 'watch', relay ? { webhookUrl: relay.url } : {});
  let worker: BenchChild | undefined;
  try {
    const { sandbox } = svc;
    // Webhook on: the bot side (which takes the pushes) is up before the tasks are created.
    const app = o.webhook ? await svc.startLocalApp('bot') : undefined;
    if (relay && app) relay.target = `http://127.0.0.1:${app.port}`;
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
      env: svc.appEnv('worker', {
        ZBOT_POLL_INTERVAL_MS: String(o.intervalMs),
        ...(o.webhook ? { ZBOT_WEBHOOK_BACKSTOP_MS: String(o.webhook.backstopMs) } : {}),
      }),
      logFile: workerLog,
    });
    const usage = (resetLoopDelay = false) =>
      (worker as BenchChild).request<Usage>('usage', { resetLoopDelay });
    const rampStart = performance.now();
    const rampUsage = await usage();

    log('watch: posting cards and starting watches through app.jobs.watch');
    const botApp = app ?? (await svc.startLocalApp('bot'));
    await postCardsAndWatch(svc, botApp, WORKFLOW, tracked, 50, (t) =>
      byTs.set(t.ts as string, t as TaskTrack),
    );
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

    // Runs the sandbox clock at `speed` for `ms` of wall time, noting every predicted status change.
    let virtualAt = sandbox.now();
    let wallAt = performance.now();
    const advanceClock = async (ms: number, each?: (now: number) => Promise<void>, until?: () => boolean) => {
      const start = performance.now();
      virtualAt = sandbox.now();
      wallAt = start;
      for (let guard = 0; guard < 1_000_000; guard++) {
        const now = performance.now();
        if (now - start >= ms || until?.()) break;
        const target = virtualAt + (now - wallAt) * o.speed;
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
        await each?.(now);
        await sleep(Math.max(0, o.tickMs - (performance.now() - now)));
      }
    };

    // Pushes stop: the relay answers 503 from now on (the sandbox's pushes fail, as with a broken webhook).
    // A task has resumed once two of its polls after the last accepted push are at most 1.5 intervals apart.
    const measureFallback = async (r: WebhookRelay, backstopMs: number): Promise<FallbackReport> => {
      r.target = undefined;
      const accepted = r.hooks.filter((h) => h.answered >= 200 && h.answered < 300);
      const lastPush = accepted[accepted.length - 1]?.at ?? performance.now();
      const watchedNow = tracked.filter((t) => t.finals.length === 0);
      log(`watch: pushes stopped; waiting for ${watchedNow.length} watches to poll every interval again`);
      const resumedAt = (t: TaskTrack): number | undefined => {
        const ps = t.polls.filter((p) => p > lastPush);
        for (let i = 1; i < ps.length; i++) {
          if ((ps[i] as number) - (ps[i - 1] as number) <= o.intervalMs * 1.5) return ps[i - 1];
        }
        return undefined;
      };
      const pending = () => watchedNow.filter((t) => t.finals.length === 0 && resumedAt(t) === undefined);
      let checked = 0;
      await advanceClock(backstopMs + 15_000, undefined, () => {
        // Checking every tick is costly with 1,000 tasks: every 10th.
        if (++checked % 10 !== 0) return false;
        return pending().length === 0;
      });
      const times = watchedNow
        .map(resumedAt)
        .filter((x): x is number => x !== undefined)
        .map((x) => x - lastPush);
      const summary = summarize(times);
      return {
        tasks: watchedNow.length,
        firstResumedMs: round(
          Math.min(...times, Number.POSITIVE_INFINITY) === Number.POSITIVE_INFINITY ? 0 : Math.min(...times),
          0,
        ),
        p50ResumedMs: round(summary.p50Ms, 0),
        allResumedMs: round(summary.maxMs, 0),
        notResumed: pending().length,
        logged: false,
      };
    };

    if (o.webhook) {
      // Steady state first: the clock runs, task ends are pushed, and every watch settles into its
      // backstop (the ramp's first polls, before any push came, slept only an interval).
      log(`watch: pushes flowing for one backstop (${o.webhook.backstopMs} ms) before measuring`);
      await advanceClock(o.webhook.backstopMs);
    }
    log(`watch: measuring for ${o.windowMs} ms at ${o.speed}x virtual speed`);
    recording = true;
    for (const t of tracked) t.polls.length = 0;
    if (o.profilePath) await worker.request('profileStart');
    const u0 = await usage(true);
    const benchElu0 = performance.eventLoopUtilization();
    const wallStart = performance.now();
    const hooksBefore = relay?.hooks.length ?? 0;
    let rssMax = u0.rss;
    let lastRss = wallStart;
    const editsBefore = tracked.reduce((s, t) => s + t.edits.length, 0);
    let finalsInWindow = 0;
    await advanceClock(o.windowMs, async (now) => {
      if (now - lastRss >= 1000) {
        lastRss = now;
        rssMax = Math.max(rssMax, (await usage()).rss);
      }
    });
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

    const windowHooks = relay ? relay.hooks.slice(hooksBefore) : [];
    let fallback: FallbackReport | undefined;
    if (relay && o.webhook) {
      fallback = await measureFallback(relay, o.webhook.backstopMs);
    } else {
      log('watch: letting the last changes reach their cards');
      const drainUntil = performance.now() + o.intervalMs * 3 + 10_000;
      const unanswered = () => tracked.reduce((s, t) => s + pairLags(t).missed, 0);
      while (unanswered() > 0 && performance.now() < drainUntil) await sleep(100);
    }
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
      ...(o.webhook && fallback
        ? {
            webhook: {
              backstopMs: o.webhook.backstopMs,
              pushes: {
                received: windowHooks.length,
                answered2xx: windowHooks.filter((h) => h.answered >= 200 && h.answered < 300).length,
              },
              finalLag: finalLag(tracked, wallStart, wallEnd),
              fallback: {
                ...fallback,
                logged: readFileSync(workerLog, 'utf8').includes('no Zadig webhook push for'),
              },
            },
          }
        : {}),
    };
  } finally {
    await worker?.close();
    await svc.close();
    await relay?.close();
  }
}

/** Terminal change → final reply, for tasks whose final came in [start, end). */
function finalLag(tracks: readonly TaskTrack[], start: number, end: number): LatencySummary {
  const lags: number[] = [];
  for (const t of tracks) {
    const final = t.finals[0];
    const change = t.changes[t.changes.length - 1];
    if (final === undefined || change === undefined || final < start || final >= end) continue;
    if (final >= change) lags.push(final - change);
  }
  return summarize(lags);
}
