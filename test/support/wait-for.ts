/**
 * The one polling wait of the test suites: resolves with the first truthy value `check` returns (it may
 * be async), or fails naming `what` — and, when given, a `detail()` of the state — after the timeout.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** How long and how often to poll; `detail` adds the state worth seeing to a timeout's message. */
export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  detail?: () => string | Promise<string>;
}

/** Polls `check` until it returns something truthy and returns that value. */
export async function waitFor<T>(
  what: string,
  check: () => T | Promise<T>,
  opts: number | WaitOptions = {},
  intervalMs?: number,
): Promise<NonNullable<Awaited<T>>> {
  const o: WaitOptions = typeof opts === 'number' ? { timeoutMs: opts } : opts;
  const timeoutMs = o.timeoutMs ?? 8000;
  const every = intervalMs ?? o.intervalMs ?? 25;
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<Awaited<T>>;
    if (Date.now() > end) {
      const more = o.detail ? `: ${await o.detail()}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${more}`);
    }
    await sleep(every);
  }
}
