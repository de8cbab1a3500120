/**
 * The app's background work: the BullMQ task watcher and sweeps (src/jobs) and the digest scheduler,
 * polling Zadig with a more patient client than interactive commands use, and posting through the chat
 * platforms' notifiers. Built in every role (a bot enqueues watches); its workers run only in roles
 * worker and all.
 */

import type { Config } from './config.js';
import { createDigestScheduler, type DigestScheduler } from './jobs/digest.js';
import type { FreezeSpanSource } from './jobs/freeze-notices.js';
import { createJobs, type FollowUpLookup, type Jobs } from './jobs/index.js';
import type { Logger } from './logger.js';
import { chartRenderObserver, type Metrics, zadigCallObserver } from './metrics.js';
import { createChartRenderer } from './notifications/charts/chart-renderer.js';
import type { Platform } from './notifications/message.js';
import type { Notifier } from './notifications/notifier.js';
import type { DigestStore } from './store/digest-store.js';
import type { Stores } from './store/index.js';
import type { RedisConnection } from './store/redis.js';
import { createZadigClient } from './zadig/client.js';

/** What the background work is built from. */
export interface WorkerDeps {
  config: Config;
  connection: RedisConnection;
  stores: Stores;
  digests: DigestStore;
  notifiers: Partial<Record<Platform, Notifier>>;
  logger: Logger;
  metrics: Metrics;
  fetch?: typeof fetch;
  now?: () => number;
  /** The approval follow-up rules of a chat (the policy's `approvals`). */
  followUpRules?: FollowUpLookup;
  /** The policy's freeze windows, for the start/end notices. */
  freezeSpans?: FreezeSpanSource;
}

/** The jobs, the digest scheduler, and their workers' lifecycle. */
export interface BackgroundWork {
  jobs: Jobs;
  digestScheduler: DigestScheduler;
  /** True while the workers run (readiness). */
  running(): boolean;
  startWorkers(): Promise<void>;
  close(): Promise<void>;
}

export function backgroundWork(d: WorkerDeps): BackgroundWork {
  const { config, logger } = d;
  // Background polling tolerates a slower Zadig than an interactive command does (the core's clients,
  // built by assembleCommandCore, use a short timeout and one retry so a reply always comes).
  const zadig = createZadigClient({
    baseUrl: config.zadigUrl,
    token: config.zadigToken,
    logger: logger.child({ component: 'zadig' }),
    ...(d.fetch ? { fetch: d.fetch } : {}),
    timeoutMs: 10_000,
    retries: 2,
    onCall: zadigCallObserver(d.metrics),
  });
  const shared = {
    connection: d.connection,
    prefix: config.prefix,
    zadig,
    notifiers: d.notifiers,
    zadigUrl: config.zadigPublicUrl,
    ...(d.now ? { now: d.now } : {}),
  };
  // Charts are drawn in a rendering process of their own, kept between charts and ended when idle: the
  // worker never loads the chart libraries.
  const charts = createChartRenderer({ onRender: chartRenderObserver(d.metrics) });
  const jobs = createJobs({
    ...shared,
    charts,
    stores: d.stores,
    logger: logger.child({ component: 'jobs' }),
    metrics: d.metrics,
    pollIntervalMs: config.pollIntervalMs,
    tuning: { lockDurationMs: config.workerLockMs, stalledIntervalMs: config.workerStalledCheckMs },
    ...(d.followUpRules ? { followUpRules: d.followUpRules } : {}),
    ...(d.freezeSpans ? { freezeSpans: d.freezeSpans } : {}),
    ...(config.webhookBackstopMs !== undefined ? { webhookBackstopMs: config.webhookBackstopMs } : {}),
    ...(config.scanIdleMaxMs !== undefined ? { scanIdleMaxMs: config.scanIdleMaxMs } : {}),
  });
  const digestScheduler = createDigestScheduler({
    ...shared,
    charts,
    digests: d.digests,
    logger: logger.child({ component: 'digest' }),
  });
  let running = false;
  return {
    jobs,
    digestScheduler,
    running: () => running,
    async startWorkers() {
      await jobs.startWorkers();
      await digestScheduler.startWorker();
      running = true;
    },
    async close() {
      await Promise.allSettled([jobs.close(), digestScheduler.close()]);
      await charts.close();
      running = false;
    },
  };
}
