/** Polling waits with a description in the failure message. */
import { setTimeout as sleep } from 'node:timers/promises';

/** Resolves once `cond()` is truthy; rejects after `timeoutMs` with `what` (and `detail()` if given). */
export async function waitUntil(
  cond: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
  detail?: () => string | Promise<string>,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > end)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${detail ? `: ${await detail()}` : ''}`,
      );
    await sleep(50);
  }
}
