/**
 * Admission control for inbound commands: the one place that decides how much command work a process
 * takes on. The ack path (verify, parse, answer 200) must stay fast whatever the load — Slack and
 * Feishu give up after 3 s — so the work after the ack is run here, at most `maxInFlight` commands at
 * once, with up to `maxQueued` more waiting in arrival order. When both are full the adapter answers
 * "busy, try again" in the ack itself and runs nothing: under a burst a prompt, honest refusal beats
 * a reply that comes after the platform's deadline (or never).
 *
 * Each user gets a share: at most `maxPerUser` of one person's commands are running or waiting at once
 * (beyond that only that person is told "busy"), and waiting commands start by taking users in turn,
 * so one person's flood neither fills the gate nor makes anyone else's command wait behind it.
 *
 * Work always starts on a later turn of the event loop (`setImmediate`), after pending I/O: the
 * adapter writes its ack first, and new requests are read and acked between command starts.
 *
 * The number of commands running adapts to the event loop (AIMD, like a TCP window): while commands
 * mostly wait on Zadig and the loop is idle, up to `maxInFlight` run at once; when their CPU work makes
 * the loop late (a timer probe more than `targetDelayMs` behind), the limit halves, down to
 * `minInFlight`, so an ack never waits behind dozens of commands' rendering at once; it grows back
 * (×1.25 + 1 per window) while the loop keeps up.
 *
 * The bound (25 ms, half the ack's 50 ms budget) sits above what a flood of refusals alone makes the
 * loop late (each turn answers a request from every open connection: ~10–15 ms for 200 of them on two
 * cores). Below that, shrinking the limit cannot make acks faster — the lateness is the refusals' — and
 * only starves the commands already taken on: each needs several turns (Redis, Zadig, the chat post), so
 * with 2 running a flood completed ~30 commands/s, with 32 several hundred (bench/README.md).
 */

import { type I18nText, type Message, t } from '../../notifications/message.js';

export interface CommandGateOptions {
  /** Commands running at once (their Zadig, Redis and chat calls overlap). */
  maxInFlight: number;
  /** Commands accepted beyond `maxInFlight`, waiting for a slot. */
  maxQueued: number;
  /** One user's commands running or waiting at once (default 8); keep it below the gate's capacity. */
  maxPerUser?: number;
  /** Observes every change (metrics). */
  onChange?: (state: GateState) => void;
  /** Adapt the running limit to the event loop (default true); false: always `maxInFlight`. */
  adaptive?: boolean;
  /** The least the adaptive limit goes down to (default 4, at most `maxInFlight`). */
  minInFlight?: number;
  /** Event-loop lateness (ms) above which the limit halves (default 25). */
  targetDelayMs?: number;
  /**
   * Every refused command, with the platform it came from (metrics), and `report`: how many were refused
   * since the last report, non-zero at most once per 10 s — log that, never a line per refusal (a burst
   * would flood the log).
   */
  onRefused?: (platform: string, report: number) => void;
  /** Clock for the report window (tests). */
  now?: () => number;
}

export interface GateState {
  running: number;
  queued: number;
  /** The current running limit (adaptive). */
  limit: number;
}

/** The loop probe's period, and the adjustment window (a late loop ends a window at its first tick). */
const PROBE_MS = 20;
const WINDOW_MS = 200;
/** Refusals are reported (logged) at most this often. */
const REPORT_EVERY_MS = 10_000;

export const DEFAULT_COMMAND_CONCURRENCY = 32;
export const DEFAULT_COMMAND_QUEUE = 512;
export const DEFAULT_COMMAND_PER_USER = 8;

/** Work waiting for a slot, with whose it is. */
interface Waiting {
  work: () => Promise<unknown>;
  user: string | undefined;
}

/** Whose turn it is: one FIFO per user, users taken in turn (commands with no user share one line). */
class FairQueue {
  readonly #lines = new Map<string, Waiting[]>();
  /** Users with waiting work, in the order their turn comes. */
  #turns: string[] = [];
  #head = 0;
  size = 0;

  push(w: Waiting): void {
    const key = w.user ?? '';
    const line = this.#lines.get(key);
    if (line) line.push(w);
    else {
      this.#lines.set(key, [w]);
      this.#turns.push(key);
    }
    this.size++;
  }

  shift(): Waiting | undefined {
    if (this.size === 0) return undefined;
    const key = this.#turns[this.#head] as string;
    this.#head++;
    const line = this.#lines.get(key) as Waiting[];
    const w = line.shift() as Waiting;
    // Back of the turn order while more of theirs waits.
    if (line.length > 0) this.#turns.push(key);
    else this.#lines.delete(key);
    if (this.#head > 1024 && this.#head * 2 > this.#turns.length) {
      this.#turns = this.#turns.slice(this.#head);
      this.#head = 0;
    }
    this.size--;
    return w;
  }
}

export class CommandGate {
  readonly maxInFlight: number;
  readonly maxQueued: number;
  readonly maxPerUser: number;
  #running = 0;
  readonly #queue = new FairQueue();
  /** Each user's commands running or waiting. */
  readonly #perUser = new Map<string, number>();
  #idle: (() => void)[] = [];
  #shed = 0;
  #accepted = 0;
  #pumping = false;
  #reportedShed = 0;
  #reportedAt = Number.NEGATIVE_INFINITY;
  readonly #onChange: ((s: GateState) => void) | undefined;
  readonly #onRefused: ((platform: string, report: number) => void) | undefined;
  readonly #now: () => number;
  readonly minInFlight: number;
  readonly #adaptive: boolean;
  readonly #targetDelayMs: number;
  #limit: number;
  #probe: NodeJS.Timeout | undefined;
  #probeLast = 0;
  #windowStart = 0;
  #windowMaxDelay = 0;

  constructor(opts: Partial<CommandGateOptions> = {}) {
    this.maxInFlight = Math.max(1, opts.maxInFlight ?? DEFAULT_COMMAND_CONCURRENCY);
    this.maxQueued = Math.max(0, opts.maxQueued ?? DEFAULT_COMMAND_QUEUE);
    this.maxPerUser = Math.max(1, opts.maxPerUser ?? DEFAULT_COMMAND_PER_USER);
    this.minInFlight = Math.min(this.maxInFlight, Math.max(1, opts.minInFlight ?? 4));
    this.#adaptive = opts.adaptive ?? true;
    this.#targetDelayMs = opts.targetDelayMs ?? 25;
    this.#limit = this.maxInFlight;
    this.#onChange = opts.onChange;
    this.#onRefused = opts.onRefused;
    this.#now = opts.now ?? Date.now;
  }

  /** How many commands may run at once right now (≤ maxInFlight; lower while the loop is late). */
  get limit(): number {
    return this.#limit;
  }

  /** Commands waiting for a slot. */
  get queued(): number {
    return this.#queue.size;
  }

  get running(): number {
    return this.#running;
  }

  /** True when the next `submit` would be refused whoever sent it. */
  get full(): boolean {
    return this.#running + this.queued >= this.maxInFlight + this.maxQueued;
  }

  /** True when the next `submit` from `user` would be refused: the gate is full, or their share is. */
  fullFor(user: string | undefined): boolean {
    return this.full || (user !== undefined && (this.#perUser.get(user) ?? 0) >= this.maxPerUser);
  }

  /** Totals since start: accepted and refused (shed) commands. */
  get counts(): { accepted: number; shed: number } {
    return { accepted: this.#accepted, shed: this.#shed };
  }

  /**
   * Counts a refusal and returns true when the process is full — for callers that can answer "busy"
   * before building anything for the command (the hot path under a burst); false when there is room.
   */
  refuseIfFull(platform: string, user?: string): boolean {
    if (!this.fullFor(user)) return false;
    this.#refuse(platform);
    return true;
  }

  /**
   * Accepts `work` — it runs on a later turn of the event loop, never before the caller's own
   * synchronous code (its ack) — and returns its outcome; or refuses it when the process is full
   * (`undefined`: answer "busy", run nothing). A failing `work` rejects only its own promise. `user`
   * (platform, workspace and person) is whose share it counts against; without one, only the gate's
   * capacity applies.
   */
  submit<T>(work: () => Promise<T>, platform = 'unknown', user?: string): Promise<T> | undefined {
    if (this.fullFor(user)) {
      this.#refuse(platform);
      return undefined;
    }
    this.#accepted++;
    if (user !== undefined) this.#perUser.set(user, (this.#perUser.get(user) ?? 0) + 1);
    const outcome = new Promise<T>((resolve, reject) => {
      this.#queue.push({ work: () => work().then(resolve, reject), user });
    });
    this.#changed();
    this.#schedule();
    return outcome;
  }

  #refuse(platform: string): void {
    this.#shed++;
    if (!this.#onRefused) return;
    const now = this.#now();
    let report = 0;
    if (now - this.#reportedAt >= REPORT_EVERY_MS) {
      report = this.#shed - this.#reportedShed;
      this.#reportedShed = this.#shed;
      this.#reportedAt = now;
    }
    this.#onRefused(platform, report);
  }

  /** Resolves once nothing runs or waits (graceful shutdown); at once when already idle. */
  idle(): Promise<void> {
    if (this.#running === 0 && this.queued === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #schedule(): void {
    if (this.#pumping || this.queued === 0 || this.#running >= this.#limit) return;
    this.#pumping = true;
    setImmediate(() => {
      this.#pumping = false;
      this.#pump();
    });
  }

  /** Starts what the free slots allow; each start is one turn later than the ack that admitted it. */
  #pump(): void {
    this.#watchLoop();
    while (this.#running < this.#limit && this.queued > 0) {
      const next = this.#queue.shift() as Waiting;
      this.#running++;
      void this.#run(next);
    }
    this.#changed();
  }

  async #run(next: Waiting): Promise<void> {
    try {
      await next.work();
    } catch {
      // Settled through the promise `submit` returned; nothing here may stop the queue.
    } finally {
      this.#running--;
      if (next.user !== undefined) {
        const left = (this.#perUser.get(next.user) ?? 1) - 1;
        if (left > 0) this.#perUser.set(next.user, left);
        else this.#perUser.delete(next.user);
      }
      this.#changed();
      if (this.queued > 0) this.#schedule();
      else if (this.#running === 0) for (const r of this.#idle.splice(0)) r();
    }
  }

  #changed(): void {
    this.#onChange?.({ running: this.#running, queued: this.queued, limit: this.#limit });
  }

  /** Starts the loop probe while there is work (it stops itself once idle; it never holds the process). */
  #watchLoop(): void {
    if (!this.#adaptive || this.#probe) return;
    this.#probeLast = performance.now();
    this.#windowStart = this.#probeLast;
    this.#windowMaxDelay = 0;
    this.#probe = setInterval(() => this.#tick(), PROBE_MS);
    this.#probe.unref();
  }

  #tick(): void {
    const now = performance.now();
    this.#windowMaxDelay = Math.max(this.#windowMaxDelay, now - this.#probeLast - PROBE_MS);
    this.#probeLast = now;
    if (now - this.#windowStart < WINDOW_MS) return;
    const late = this.#windowMaxDelay;
    this.#windowStart = now;
    this.#windowMaxDelay = 0;
    const before = this.#limit;
    if (late > this.#targetDelayMs) this.#limit = Math.max(this.minInFlight, Math.floor(before / 2));
    else if (late < this.#targetDelayMs / 2 && this.queued > 0) {
      this.#limit = Math.min(this.maxInFlight, Math.floor(before * 1.25) + 1);
    }
    if (this.#limit !== before) {
      this.#changed();
      this.#schedule();
    }
    if (this.#running === 0 && this.queued === 0) {
      clearInterval(this.#probe);
      this.#probe = undefined;
    }
  }
}

/** What a refused command is told, in both languages (the ack carries it before the user's locale is known). */
export const BUSY_TEXT: I18nText = t(
  'The bot is busy right now and did not run this command. Try again in a few seconds.',
  '机器人正忙，本条命令未执行，请几秒后重试。',
);

/** The busy answer as a message (warning tone, both languages in one text block). */
export function busyMessage(): Message {
  const text = `${BUSY_TEXT.en}\n${BUSY_TEXT.zh}`;
  return {
    tone: 'warning',
    blocks: [{ type: 'text', markdown: text }],
    fallbackText: text,
  };
}
