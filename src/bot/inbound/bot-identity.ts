/**
 * Who the bot is on its platform (Slack `auth.test`, Feishu `bot/v3/info`), asked once per process:
 * one lookup at a time, remembered on success, forgotten on failure so the next use asks again.
 */
import type { Logger } from 'pino';

export class BotIdentity<T> {
  readonly #lookup: () => Promise<T>;
  readonly #log: Logger;
  readonly #refusal: (err: unknown) => string | undefined;
  #pending: Promise<T> | undefined;
  #known: T | undefined;
  #refused: string | undefined;

  /**
   * `refusal` says whether a failed lookup means the platform refused the bot's credentials (and why),
   * as opposed to not answering: readiness holds that against the bot until a lookup succeeds.
   */
  constructor(
    lookup: () => Promise<T>,
    log: Logger,
    refusal: (err: unknown) => string | undefined = () => undefined,
  ) {
    this.#lookup = lookup;
    this.#log = log;
    this.#refusal = refusal;
  }

  /** The identity once a lookup succeeded. */
  get known(): T | undefined {
    return this.#known;
  }

  /** Why the platform refused the bot at the last lookup (until one succeeds). */
  get refused(): string | undefined {
    return this.#refused;
  }

  /** The identity, looked up when not known yet; rejects when the lookup fails. */
  get(): Promise<T> {
    if (this.#known !== undefined) return Promise.resolve(this.#known);
    this.#pending ??= this.#lookup().then(
      (v) => {
        this.#known = v;
        this.#refused = undefined;
        this.#pending = undefined;
        return v;
      },
      (err: unknown) => {
        this.#pending = undefined;
        this.#refused = this.#refusal(err);
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
