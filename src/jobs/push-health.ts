/**
 * Webhook-first watching: whether Zadig's webhook pushes are arriving, shared by every process through
 * one Redis key (the time of the last accepted delivery). While pushes arrive, a watched task is polled
 * only as a slow backstop (`backstopMs`; at once on a push) and subscriptions are scanned at the same
 * slow pace (a push for a subscribed workflow starts its watch directly). When no push has arrived for
 * `staleMs` the watcher falls back to polling every interval by itself; the process that notices it
 * first (the subscription sweep runs every interval, and every poll looks) also wakes the watches
 * sleeping for a backstop, so polling resumes within about an interval of that, not a backstop later. The
 * mode is logged when it changes, kept in a metric and shown in /readyz's details.
 *
 * "No push for a while" rather than "a push missed": Zadig pushes only on a task's creation, its end and
 * an approval waiting (zadig-internals §7.1), so a lone long task is quiet for minutes while nothing is
 * wrong; falling back then costs one task's polls, which is little, and the next push restores the
 * backstop.
 */

import type { Logger } from 'pino';
import type { Metrics } from '../metrics.js';
import type { RedisConnection } from '../store/redis.js';

/** How watched tasks are polled right now. */
export type WatchMode = 'push' | 'poll';

/** What /readyz and the logs say about the webhook. */
export interface PushReport {
  mode: WatchMode;
  /** Epoch ms (wall clock) of the last accepted delivery, if any. */
  lastPushAt: number | undefined;
  /** How long ago that was (ms), when known. */
  silentMs: number | undefined;
  /** How often a watched task is polled in this mode. */
  pollEveryMs: number;
}

export interface PushHealthOptions {
  redis: RedisConnection;
  /** Key holding the time of the last accepted delivery. */
  key: string;
  /** Poll interval when pushes are not arriving (ZBOT_POLL_INTERVAL_MS). */
  pollIntervalMs: number;
  /** Poll interval of a watched task while pushes arrive (ZBOT_WEBHOOK_BACKSTOP_MS). */
  backstopMs: number;
  /** No push for this long: back to polling every interval. Default half the backstop. */
  staleMs?: number;
  /** The wall clock BullMQ's delays run on. */
  now: () => number;
  log: Logger;
  metrics?: Metrics | undefined;
  /** Pushes just stopped (this process saw it first): wake the watches sleeping for a backstop. */
  onFallback?: () => void;
}

/** Deliveries are recorded at most this often per process (the mode needs seconds, not milliseconds). */
const RECORD_EVERY_MS = 1000;
/** A process re-reads the key at most this often for the sweep and /readyz (polls read it in their script). */
const READ_EVERY_MS = 1000;

export class PushHealth {
  readonly backstopMs: number;
  readonly staleMs: number;
  readonly #o: PushHealthOptions;
  #lastRecorded = Number.NEGATIVE_INFINITY;
  #read: { at: number; value: number | undefined } | undefined;
  #mode: WatchMode | undefined;
  /** The newest delivery time this process has seen (reads can race a write it made itself). */
  #newest: number | undefined;
  #refreshing: Promise<PushReport> | undefined;

  constructor(o: PushHealthOptions) {
    this.#o = o;
    this.backstopMs = Math.max(o.backstopMs, o.pollIntervalMs);
    this.staleMs = o.staleMs ?? Math.max(o.pollIntervalMs, Math.floor(this.backstopMs / 2));
  }

  /** The Redis key of the last delivery (the poll's read script reads it too). */
  get key(): string {
    return this.#o.key;
  }

  /** The mode a last push at `lastPushAt` means now (or the newest this process knew of, if newer). */
  modeFor(lastPushAt: number | undefined, now = this.#o.now()): WatchMode {
    const newest = this.#remember(lastPushAt);
    return newest !== undefined && now - newest <= this.staleMs ? 'push' : 'poll';
  }

  #remember(lastPushAt: number | undefined): number | undefined {
    if (lastPushAt !== undefined && (this.#newest === undefined || lastPushAt > this.#newest)) {
      this.#newest = lastPushAt;
    }
    return this.#newest;
  }

  /** How long a watched task sleeps until its next poll, given the last push the poll read. */
  pollWaitMs(lastPushAt: number | undefined): number {
    const now = this.#o.now();
    // Fresh from the poll's own read: serves lastPushAt() and /readyz too.
    this.#read = { at: now, value: lastPushAt };
    const mode = this.modeFor(lastPushAt, now);
    this.observe(mode, this.#newest);
    return mode === 'push' ? this.backstopMs : this.#o.pollIntervalMs;
  }

  /** The webhook route accepted a delivery (bot role). */
  async received(): Promise<void> {
    const at = this.#o.now();
    if (at - this.#lastRecorded < RECORD_EVERY_MS) return;
    this.#lastRecorded = at;
    this.#read = { at, value: at };
    this.observe(this.modeFor(at), at);
    // No expiry: an old value simply reads as "no recent push".
    await this.#o.redis.set(this.#o.key, String(at));
  }

  /** The last delivery's time as Redis has it (read at most once a second per process). */
  async lastPushAt(): Promise<number | undefined> {
    const now = this.#o.now();
    if (this.#read && Math.abs(now - this.#read.at) < READ_EVERY_MS) return this.#read.value;
    // Disconnected: what was known (a read would wait for the connection, holding /readyz and shutdown).
    if (this.#o.redis.status !== 'ready') return this.#read?.value;
    const raw = await this.#o.redis.get(this.#o.key);
    const value = raw === null ? undefined : Number(raw);
    this.#read = { at: now, value: Number.isFinite(value) ? value : undefined };
    return this.#read.value;
  }

  /** Reads Redis and returns the current mode, logging a change. One read at a time per process. */
  report(): Promise<PushReport> {
    this.#refreshing ??= (async () => {
      try {
        const lastPushAt = await this.lastPushAt();
        const mode = this.modeFor(lastPushAt);
        this.observe(mode, this.#newest);
        return this.#reportOf(mode, this.#newest);
      } finally {
        this.#refreshing = undefined;
      }
    })();
    return this.#refreshing;
  }

  #reportOf(mode: WatchMode, lastPushAt: number | undefined): PushReport {
    return {
      mode,
      lastPushAt,
      silentMs: lastPushAt === undefined ? undefined : Math.max(0, this.#o.now() - lastPushAt),
      pollEveryMs: mode === 'push' ? this.backstopMs : this.#o.pollIntervalMs,
    };
  }

  /** The last mode this process saw, without reading Redis (for /readyz's synchronous details). */
  lastReport(): PushReport | undefined {
    if (this.#mode === undefined) return undefined;
    return this.#reportOf(this.#mode, this.#newest);
  }

  /**
   * Records the mode this process sees; on a change, says so in the log and the metrics. Returns true
   * when pushes just stopped (push → poll), so the caller can wake the watches sleeping for a backstop.
   */
  observe(mode: WatchMode, lastPushAt: number | undefined): boolean {
    const before = this.#mode;
    if (before === mode) return false;
    this.#mode = mode;
    this.#o.metrics?.webhookLive.set(mode === 'push' ? 1 : 0);
    const secs = (ms: number) => (ms < 10_000 ? Math.round(ms / 100) / 10 : Math.round(ms / 1000));
    if (mode === 'push') {
      this.#o.log.info(
        { mode, backstopMs: this.backstopMs },
        `Zadig webhook pushes are arriving: watched tasks are polled every ${secs(this.backstopMs)} s as a backstop and at once on a push`,
      );
      return false;
    }
    if (before === undefined) return false;
    this.#o.metrics?.webhookFallbacks.inc();
    const silentMs = lastPushAt === undefined ? undefined : this.#o.now() - lastPushAt;
    this.#o.log.warn(
      { mode, silentMs, staleMs: this.staleMs, pollIntervalMs: this.#o.pollIntervalMs },
      `no Zadig webhook push for ${secs(silentMs ?? this.staleMs)} s: falling back to polling every ${secs(this.#o.pollIntervalMs)} s until pushes return`,
    );
    this.#o.onFallback?.();
    return true;
  }

  /** One line for /readyz's details. */
  static describe(r: PushReport): string {
    const ago = r.silentMs === undefined ? undefined : Math.round(r.silentMs / 1000);
    const every = `${r.pollEveryMs < 10_000 ? Math.round(r.pollEveryMs / 100) / 10 : Math.round(r.pollEveryMs / 1000)} s`;
    if (r.mode === 'push') {
      return `webhook pushes arriving (last ${ago} s ago): watched tasks polled every ${every} as a backstop`;
    }
    return ago === undefined
      ? `no webhook push received yet: watched tasks polled every ${every}`
      : `no webhook push for ${ago} s: fell back to polling watched tasks every ${every}`;
  }
}
