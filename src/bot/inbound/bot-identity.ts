/**
 * Who the bot is on its platform (Slack `auth.test`, Feishu `bot/v3/info`), asked once per process:
 * one lookup at a time, remembered on success, forgotten on failure so the next use asks again.
 */
import type { Logger } from 'pino';

export class BotIdentity<T> {
  readonly #lookup: () => Promise<T>;
  readonly #log: Logger;
  #pending: Promise<T> | undefined;
  #known: T | undefined;

  constructor(lookup: () => Promise<T>, log: Logger) {
    this.#lookup = lookup;
    this.#log = log;
  }

  /** The identity once a lookup succeeded. */
  get known(): T | undefined {
    return this.#known;
  }

  /** The identity, looked up when not known yet; rejects when the lookup fails. */
  get(): Promise<T> {
    if (this.#known !== undefined) return Promise.resolve(this.#known);
    this.#pending ??= this.#lookup().then(
      (v) => {
        this.#known = v;
        this.#pending = undefined;
        return v;
      },
      (err: unknown) => {
        this.#pending = undefined;
        throw err;
      },
    );
    return this.#pending;
  }

  /**
   * The identity if it comes within `ms` (an event handler must answer its platform within 3 s);
   * undefined when the lookup is slower or fails (logged; the next call asks again).
   */
  async within(ms: number): Promise<T | undefined> {
    if (this.#known !== undefined) return this.#known;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.get(),
        new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), ms);
          timer.unref?.();
        }),
      ]);
    } catch (err) {
      this.#log.warn({ err: (err as Error).message }, 'bot identity unavailable; will ask again');
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}
