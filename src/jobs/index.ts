/**
 * The jobs layer: live notifications on BullMQ. Producer side (bot role): `watch` a task for a card and
 * the Zadig webhook route. Worker side: the task watcher, the coalescing outbox and the sweeps
 * (subscription scan, release-plan scan, reconcile). Everything lives in Redis, so any number of bot and
 * worker processes on one Redis behave as one, and a killed worker loses nothing.
 */
import { Queue, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics.js';
import type { ChartRenderer } from '../notifications/charts/chart-renderer.js';
import type { ChartRequest } from '../notifications/charts/stats-chart.js';
import type { MessageRef, Platform } from '../notifications/message.js';
import type { Notifier } from '../notifications/notifier.js';
import type { WatchRequest } from '../notifications/watch.js';
import type { HttpRoute } from '../server.js';
import type { Stores } from '../store/index.js';
import type { RedisConnection } from '../store/redis.js';
import type { ZadigClient } from '../zadig/index.js';
import { messageHash, refOf } from './cards.js';
import { type ChartTarget, createChartQueue } from './chart-queue.js';
import { DEFAULT_TUNING, type JobsContext, type JobsTuning } from './context.js';
import { DueTimes } from './due-times.js';
import {
  FOLLOW_UP_QUEUE,
  type FollowUpJobData,
  type FollowUpLookup,
  followUpProcessor,
} from './follow-ups.js';
import type { FreezeSpanSource } from './freeze-notices.js';
import { jobKeys, QUEUES, type TaskRef, taskKeyOf } from './keys.js';
import { Outbox, type OutboxJobData } from './outbox.js';
import { PushHealth, type PushReport } from './push-health.js';
import { sweepProcessor, upsertSchedulers } from './sweep.js';
import type { WatchJobData } from './watch-data.js';
import { ensureWatch } from './watch-start.js';
import { WatchState } from './watch-state.js';
import { watchProcessor } from './watcher.js';
import { createWebhookRoute } from './webhook.js';

export type { ChartTarget } from './chart-queue.js';
export type { JobsTuning } from './context.js';
export type { FollowUpLookup, FollowUpRules } from './follow-ups.js';
export { editJobId, QUEUES, type TaskRef, taskKeyOf, type WatchKind, watchJobId } from './keys.js';
export { PushHealth, type PushReport, type WatchMode } from './push-health.js';
export { PLANS_WORKFLOW } from './scanner.js';
export { type ActiveWatch, type CardRef, type StoredCard, WatchState } from './watch-state.js';

/** What the jobs layer needs; main.ts wires it. */
export interface JobsDeps {
  /** ioredis with `maxRetriesPerRequest: null` (worker role); BullMQ duplicates it for blocking calls. */
  connection: RedisConnection;
  /** BullMQ and key prefix (ZBOT_PREFIX, may be `{zbot}`). */
  prefix: string;
  /** Zadig client with the bot's own token (reads and polling). */
  zadig: ZadigClient;
  stores: Stores;
  notifiers: Partial<Record<Platform, Notifier>>;
  /** Zadig UI base URL, for links on cards. */
  zadigUrl: string;
  logger: Logger;
  metrics?: Metrics;
  /** ZBOT_POLL_INTERVAL_MS: how often a watched task is polled and subscriptions are scanned. */
  pollIntervalMs: number;
  /**
   * ZBOT_WEBHOOK_BACKSTOP_MS: how often a watched task is polled (and subscriptions scanned) while Zadig's
   * webhook pushes arrive; default 60 s.
   */
  webhookBackstopMs?: number;
  /** No push for this long: poll every interval again. Default half the backstop. */
  webhookStaleMs?: number;
  /** ZBOT_SCAN_IDLE_MAX_MS: longest wait between scans of an idle subscribed workflow; default 60 s. */
  scanIdleMaxMs?: number;
  /** How long a task is watched at most; default 6 h. */
  watchDeadlineMs?: number;
  /** Clock for deadlines and lag (epoch ms); default Date.now. */
  now?: () => number;
  /** Worker tuning; production defaults when omitted. */
  tuning?: JobsTuning;
  /** The approval reminder and escalation rules of a chat (the policy's `approvals`); none → off. */
  followUpRules?: FollowUpLookup;
  /** Draws the charts commands hand over (`stats`); without it they are dropped and the text stands. */
  charts?: ChartRenderer;
  /** The policy's freeze windows as occurrences, for the start/end notices (absent: none are posted). */
  freezeSpans?: FreezeSpanSource;
}

/** The jobs layer's surface. */
export interface Jobs {
  /**
   * Producer side (bot role): start watching a task and keep `card` up to date. Idempotent per task+card.
   * With `req.shown` (the card as posted) the card keeps its language and is edited only once the
   * task's card renders differently.
   */
  watch(req: WatchRequest, card: MessageRef): Promise<void>;
  /** Producer side: draw a command's chart in the worker and post it at `target` (`key`: once per reply). */
  chart(req: ChartRequest, target: ChartTarget, key?: string): Promise<void>;
  /** The Zadig webhook route (bot role): POST /zadig/webhook. */
  webhookRoute(token: string): HttpRoute;
  /** Worker role: start BullMQ workers + the sweep schedulers. */
  startWorkers(): Promise<void>;
  /** Queue depth as Prometheus text for /metrics (also refreshes the queue-depth and watched gauges). */
  metricsText(): Promise<string>;
  /** Whether webhook pushes arrive (reads Redis at most once a second), for /readyz. */
  pushReport(): Promise<PushReport>;
  /** The last push report of this process without reading Redis (undefined before the first). */
  lastPushReport(): PushReport | undefined;
  /** Graceful: finish webhook work in flight, stop fetching, finish active jobs, close queues. */
  close(): Promise<void>;
}

/** Default ZBOT_WEBHOOK_BACKSTOP_MS. */
export const DEFAULT_WEBHOOK_BACKSTOP_MS = 60_000;
/** Default ZBOT_SCAN_IDLE_MAX_MS. */
export const DEFAULT_SCAN_IDLE_MAX_MS = 60_000;

/** Builds the jobs layer over one Redis connection and prefix. */
export function createJobs(deps: JobsDeps): Jobs {
  const log = deps.logger;
  const queueOpts = { connection: deps.connection, prefix: deps.prefix };
  const watchQueue = new Queue<WatchJobData>(QUEUES.watch, queueOpts);
  const outboxQueue = new Queue<OutboxJobData>(QUEUES.outbox, queueOpts);
  const sweepQueue = new Queue(QUEUES.sweep, queueOpts);
  const followUpQueue = new Queue<FollowUpJobData>(FOLLOW_UP_QUEUE, queueOpts);
  const queues: Queue[] = [watchQueue as Queue, outboxQueue as Queue, sweepQueue, followUpQueue as Queue];
  for (const q of queues) q.on('error', (err) => log.error({ err, queue: q.name }, 'queue error'));

  const inflight = new Set<Promise<void>>();
  const track = (work: Promise<void>) => {
    inflight.add(work);
    void work.finally(() => inflight.delete(work));
  };
  const keys = jobKeys(deps.prefix);
  const now = deps.now ?? Date.now;
  const charts = createChartQueue({
    connection: deps.connection,
    prefix: deps.prefix,
    notifiers: deps.notifiers,
    renderer: deps.charts,
    log,
    now,
  });
  const outbox = new Outbox({
    redis: deps.connection,
    queue: outboxQueue,
    keys,
    notifiers: deps.notifiers,
    log,
    metrics: deps.metrics,
    now,
  });
  const ctx: JobsContext = {
    redis: deps.connection,
    prefix: deps.prefix,
    zadig: deps.zadig,
    stores: deps.stores,
    notifiers: deps.notifiers,
    zadigUrl: deps.zadigUrl,
    log,
    metrics: deps.metrics,
    pollIntervalMs: deps.pollIntervalMs,
    pushes: new PushHealth({
      redis: deps.connection,
      key: keys.lastPush,
      pollIntervalMs: deps.pollIntervalMs,
      backstopMs: deps.webhookBackstopMs ?? DEFAULT_WEBHOOK_BACKSTOP_MS,
      ...(deps.webhookStaleMs !== undefined ? { staleMs: deps.webhookStaleMs } : {}),
      now: Date.now,
      log,
      metrics: deps.metrics,
      // Every watch job sleeping (for a backstop, mostly) runs now and sleeps the interval from then on.
      onFallback: () =>
        track(
          watchQueue.promoteJobs().catch((err: unknown) => {
            log.warn({ err }, 'could not wake the watches after webhook pushes stopped');
          }),
        ),
    }),
    scanIdleMaxMs: Math.max(deps.scanIdleMaxMs ?? DEFAULT_SCAN_IDLE_MAX_MS, deps.pollIntervalMs),
    watchDeadlineMs: deps.watchDeadlineMs ?? 6 * 3600_000,
    tuning: { ...DEFAULT_TUNING, ...deps.tuning },
    now,
    wallNow: Date.now,
    keys,
    watches: new WatchState({ redis: deps.connection, prefix: deps.prefix }),
    dueTimes: new DueTimes(),
    watchQueue,
    outbox,
    ...(deps.followUpRules ? { followUps: { rulesFor: deps.followUpRules, queue: followUpQueue } } : {}),
    ...(deps.freezeSpans ? { freezeSpans: deps.freezeSpans } : {}),
  };

  const workers: Worker[] = [];
  let closed = false;

  async function startWorkers(): Promise<void> {
    if (workers.length > 0 || closed) return;
    const t = ctx.tuning;
    const common = {
      connection: deps.connection,
      prefix: deps.prefix,
      maxStalledCount: 3,
      lockDuration: t.lockDurationMs,
      stalledInterval: t.stalledIntervalMs,
    };
    workers.push(
      new Worker(QUEUES.watch, watchProcessor(ctx), { ...common, concurrency: t.watchConcurrency }),
      new Worker(QUEUES.outbox, outbox.process, {
        ...common,
        concurrency: t.outboxConcurrency,
        limiter: t.outboxLimiter,
      }),
      new Worker(QUEUES.sweep, sweepProcessor(ctx, { licenceWarned: false }), { ...common, concurrency: 2 }),
      new Worker(FOLLOW_UP_QUEUE, followUpProcessor(ctx), { ...common, concurrency: 5 }),
    );
    for (const w of workers) {
      w.on('error', (err) => log.error({ err, queue: w.name }, 'worker error'));
      w.on('failed', (job, err) =>
        log.warn({ queue: w.name, jobId: job?.id, err: err.message }, 'job failed'),
      );
    }
    await Promise.all(workers.map((w) => w.waitUntilReady()));
    await charts.startWorker();
    await upsertSchedulers(ctx, sweepQueue);
  }

  async function metricsText(): Promise<string> {
    const lines = [
      '# HELP bullmq_job_count Number of jobs in the queue by state',
      '# TYPE bullmq_job_count gauge',
    ];
    for (const q of [...queues, charts.queue]) {
      const counts = await q.getJobCounts('active', 'waiting', 'delayed', 'prioritized', 'failed');
      for (const [state, n] of Object.entries(counts)) {
        lines.push(`bullmq_job_count{queue="${q.name}",state="${state}"} ${n}`);
        deps.metrics?.queueDepth.set({ queue: q.name, state }, n);
      }
    }
    deps.metrics?.watchedTasks.set(await ctx.watches.count());
    return `${lines.join('\n')}\n`;
  }

  return {
    async watch(req: WatchRequest, card: MessageRef): Promise<void> {
      const ref: TaskRef = { kind: req.kind, projectKey: req.projectKey, name: req.name, taskId: req.taskId };
      const taskKey = taskKeyOf(ref);
      const starter = req.startedBy;
      const locale = req.shown?.locale;
      await ctx.watches.addCard(
        taskKey,
        { ...refOf(card), ...(starter ? { startedBy: starter.id } : {}), ...(locale ? { locale } : {}) },
        {
          ...(starter
            ? {
                starter: {
                  id: starter.id,
                  ...(starter.name ? { name: starter.name } : {}),
                  ...(starter.email ? { email: starter.email } : {}),
                },
              }
            : {}),
          // What the card shows now: the first poll edits it only if its own rendering differs.
          ...(req.shown ? { shown: messageHash(req.shown) } : {}),
        },
      );
      // A task started from chat shows its workflow is active: subscribed chats hear of it at the next
      // scan (the plan's entry goes in the same script call that registers the watch).
      await ensureWatch(ctx, ref, { scanSoon: true });
    },
    chart: (req, target, key) => charts.enqueue(req, target, key),
    webhookRoute: (token: string) => createWebhookRoute(ctx, token, track),
    startWorkers,
    metricsText,
    pushReport: () => ctx.pushes.report(),
    lastPushReport: () => ctx.pushes.lastReport(),
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await Promise.allSettled([...inflight]);
      await Promise.all(workers.map((w) => w.close()));
      await charts.close();
      await Promise.all(queues.map((q) => q.close()));
    },
  };
}
