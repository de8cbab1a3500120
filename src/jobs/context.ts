/**
 * What every part of the jobs layer shares: the injected dependencies, resolved defaults, the queues and
 * the outbox. Built once by `createJobs`; nothing here is a module singleton.
 */

import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics.js';
import type { Locale, Platform } from '../notifications/message.js';
import type { Notifier } from '../notifications/notifier.js';
import type { ViewContext } from '../notifications/views/index.js';
import type { Stores } from '../store/index.js';
import type { RedisConnection } from '../store/redis.js';
import type { ZadigClient } from '../zadig/index.js';
import type { DueTimes } from './due-times.js';
import type { FollowUpJobData, FollowUpLookup } from './follow-ups.js';
import type { FreezeSpanSource } from './freeze-notices.js';
import type { JobKeys } from './keys.js';
import type { Outbox } from './outbox.js';
import type { PushHealth } from './push-health.js';
import type { WatchJobData } from './watch-data.js';
import type { WatchState } from './watch-state.js';

/** Tuning knobs with production defaults; tests shrink them. */
export interface JobsTuning {
  /** Watch worker concurrency per process (IO-bound); default 50. */
  watchConcurrency?: number;
  /** Outbox worker concurrency per process; default 10. */
  outboxConcurrency?: number;
  /** Queue-global outbox limiter; default 20 edits per second (429s do the fine-grained work). */
  outboxLimiter?: { max: number; duration: number };
  /**
   * BullMQ lock duration (ZBOT_WORKER_LOCK_MS); default 8 000 ms. A crashed worker's active job is
   * taken by another worker once its lock lapsed and a stalled check saw it: at most lock + check.
   */
  lockDurationMs?: number;
  /** BullMQ stalled-job check interval (ZBOT_WORKER_STALLED_CHECK_MS); default 4 000 ms. */
  stalledIntervalMs?: number;
  /** Exactly-once lease of a post (post-once.ts); a crashed holder's lease lapses after this. Default 60 000 ms. */
  onceLeaseMs?: number;
  /** Reconcile sweep interval; default 5 minutes. */
  reconcileIntervalMs?: number;
  /** Release-plan scan interval; default 60 000 ms. */
  planScanIntervalMs?: number;
  /** Upper bound of the back-off while Zadig is unreachable; default 5 minutes. */
  maxBackoffMs?: number;
}

/** Resolved shared state. */
export interface JobsContext {
  redis: RedisConnection;
  prefix: string;
  zadig: ZadigClient;
  stores: Stores;
  notifiers: Partial<Record<Platform, Notifier>>;
  zadigUrl: string;
  log: Logger;
  metrics: Metrics | undefined;
  pollIntervalMs: number;
  /** Whether webhook pushes arrive, and so how often a watched task is polled. */
  pushes: PushHealth;
  /** Longest wait between two scans of an idle subscribed workflow (ZBOT_SCAN_IDLE_MAX_MS). */
  scanIdleMaxMs: number;
  watchDeadlineMs: number;
  tuning: Required<JobsTuning>;
  now: () => number;
  /**
   * The clock BullMQ's delays and schedulers run on (Date.now): push freshness and the scan plan are
   * paced by it, since they decide delays; `now` (injectable) stays the domain clock of deadlines and lag.
   */
  wallNow: () => number;
  keys: JobKeys;
  /** Every watched task's state: the one owner of its Redis keys. */
  watches: WatchState;
  /** When this process's sleeping watch jobs are due (queue-lag metric). */
  dueTimes: DueTimes;
  watchQueue: Queue<WatchJobData>;
  outbox: Outbox;
  /** Approval reminders and escalation: the chats' rules and the queue of their delayed jobs. */
  followUps?: { rulesFor: FollowUpLookup; queue: Queue<FollowUpJobData> };
  /** The policy's freeze windows as occurrences (freeze-notices.ts); absent: no notices. */
  freezeSpans?: FreezeSpanSource;
}

/** Context for views: base URL and language. No clock: rendered content must not change by itself. */
export function viewCtx(ctx: JobsContext, locale?: Locale): ViewContext {
  return { zadigUrl: ctx.zadigUrl, ...(locale ? { locale } : {}) };
}

/** Default tuning values. */
export const DEFAULT_TUNING: Required<JobsTuning> = {
  watchConcurrency: 50,
  outboxConcurrency: 10,
  outboxLimiter: { max: 20, duration: 1000 },
  lockDurationMs: 8_000,
  stalledIntervalMs: 4_000,
  onceLeaseMs: 60_000,
  reconcileIntervalMs: 5 * 60_000,
  planScanIntervalMs: 60_000,
  maxBackoffMs: 5 * 60_000,
};
