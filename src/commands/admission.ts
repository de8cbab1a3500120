/**
 * Admission control for inbound commands: the one place that decides how much command work a process
 * takes on. The ack path (verify, parse, answer 200) must stay fast whatever the load — Slack and
 * Feishu give up after 3 s — so the work after the ack is run here, at most `maxInFlight` commands at
 * once, with up to `maxQueued` more waiting in arrival order. When both are full the adapter answers
 * "busy, try again" in the ack itself and runs nothing: under a burst a prompt, honest refusal beats
 * a reply that comes after the platform's deadline (or never).
 *
 * Work always starts on a later turn of the event loop (`setImmediate`), after pending I/O: the
 * adapter writes its ack first, and new requests are read and acked between command starts.
 */

import { type I18nText, type Message, t } from '../notifications/message.js';

export interface CommandGateOptions {
  /** Commands running at once (their Zadig, Redis and chat calls overlap). */
  maxInFlight: number;
  /** Commands accepted beyond `maxInFlight`, waiting for a slot. */
  maxQueued: number;
  /** Observes every change (metrics). */
  onChange?: (state: GateState) => void;
}

export interface GateState {
  running: number;
  queued: number;
}

export const DEFAULT_COMMAND_CONCURRENCY = 32;
export const DEFAULT_COMMAND_QUEUE = 512;

export class CommandGate {
  readonly maxInFlight: number;
  readonly maxQueued: number;
  #running = 0;
  #queue: (() => Promise<unknown>)[] = [];
  #head = 0;
  #idle: (() => void)[] = [];
  #shed = 0;
  #accepted = 0;
  #pumping = false;
  readonly #onChange: ((s: GateState) => void) | undefined;

  constructor(opts: Partial<CommandGateOptions> = {}) {
    this.maxInFlight = Math.max(1, opts.maxInFlight ?? DEFAULT_COMMAND_CONCURRENCY);
    this.maxQueued = Math.max(0, opts.maxQueued ?? DEFAULT_COMMAND_QUEUE);
    this.#onChange = opts.onChange;
  }

  /** Commands waiting for a slot. */
  get queued(): number {
    return this.#queue.length - this.#head;
  }

  get running(): number {
    return this.#running;
  }

  /** True when the next `submit` would be refused. */
  get full(): boolean {
    return this.#running + this.queued >= this.maxInFlight + this.maxQueued;
  }

  /** Totals since start: accepted and refused (shed) commands. */
  get counts(): { accepted: number; shed: number } {
    return { accepted: this.#accepted, shed: this.#shed };
  }

  /**
   * Accepts `work` — it runs on a later turn of the event loop, never before the caller's own
   * synchronous code (its ack) — and returns its outcome; or refuses it when the process is full
   * (`undefined`: answer "busy", run nothing). A failing `work` rejects only its own promise.
   */
  submit<T>(work: () => Promise<T>): Promise<T> | undefined {
    if (this.full) {
      this.#shed++;
      return undefined;
    }
    this.#accepted++;
    const outcome = new Promise<T>((resolve, reject) => {
      this.#queue.push(() => work().then(resolve, reject));
    });
    this.#changed();
    this.#schedule();
    return outcome;
  }

  /** Resolves once nothing runs or waits (graceful shutdown); at once when already idle. */
  idle(): Promise<void> {
    if (this.#running === 0 && this.queued === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #schedule(): void {
    if (this.#pumping || this.queued === 0 || this.#running >= this.maxInFlight) return;
    this.#pumping = true;
    setImmediate(() => {
      this.#pumping = false;
      this.#pump();
    });
  }

  /** Starts what the free slots allow; each start is one turn later than the ack that admitted it. */
  #pump(): void {
    while (this.#running < this.maxInFlight && this.queued > 0) {
      const work = this.#queue[this.#head] as () => Promise<unknown>;
      this.#queue[this.#head] = undefined as never;
      this.#head++;
      if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
        this.#queue = this.#queue.slice(this.#head);
        this.#head = 0;
      }
      this.#running++;
      void this.#run(work);
    }
    this.#changed();
  }

  async #run(work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch {
      // Settled through the promise `submit` returned; nothing here may stop the queue.
    } finally {
      this.#running--;
      this.#changed();
      if (this.queued > 0) this.#schedule();
      else if (this.#running === 0) for (const r of this.#idle.splice(0)) r();
    }
  }

  #changed(): void {
    this.#onChange?.({ running: this.#running, queued: this.queued });
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
