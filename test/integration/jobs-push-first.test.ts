// Locks in webhook-first watching, counted on the sandbox Zadig's request log: while the webhook's pushes
// arrive, a watched task is polled only as a slow backstop and at once on a push (its final still comes
// right away); when pushes stop, the watcher falls back to polling every interval by itself well within
// one backstop period, saying so in a warning and the metrics; when pushes return, the backstop is back.

import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Jobs } from '../../src/jobs/index.js';
import { createLogger } from '../../src/logger.js';
import type { HttpRoute } from '../../src/server.js';
import { cardIn, type JobsHarness, jobsHarness } from '../support/jobs-harness.js';
import { waitFor } from '../support/wait-for.js';

const TOKEN = 'hook-secret-push-first';
const INTERVAL_MS = 150;
const BACKSTOP_MS = 9000;
const STALE_MS = 4500;

let h: JobsHarness;
let jobs: Jobs;
let route: HttpRoute;
const lines: { level: number; msg: string }[] = [];

beforeAll(async () => {
  h = await jobsHarness({ webhookToken: TOKEN, pollIntervalMs: INTERVAL_MS });
  const sink = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n')) if (l) lines.push(JSON.parse(l));
      cb();
    },
  });
  jobs = h.jobs({
    webhookBackstopMs: BACKSTOP_MS,
    webhookStaleMs: STALE_MS,
    logger: createLogger({ level: 'info', destination: sink }),
  });
  route = jobs.webhookRoute(TOKEN);
  h.setRoute(route);
  await jobs.startWorkers();
});
afterAll(() => h.cleanup());

const polls = (taskId: number) =>
  h.sb.requests.filter(
    (r) => r.path === '/openapi/workflows/custom/task' && r.query.taskId === String(taskId),
  ).length;
const metric = async (name: string) => {
  const m = (await h.metrics.registry.getSingleMetricAsString(name)).match(
    new RegExp(`^${name} (\\S+)$`, 'm'),
  );
  return m ? Number(m[1]) : undefined;
};
/** Stops accepting deliveries (the sandbox keeps sending; they get 404), as a broken webhook would. */
const breakWebhook = () => h.setRoute({ ...route, path: '/nowhere' });
const mendWebhook = () => h.setRoute(route);

let watched = 0;

describe('webhook-first watching', () => {
  it('polls a watched task only as a backstop while pushes arrive, and at once on a push', async () => {
    watched = h.sb.startTask('hotfix', { creator: 'alice' }); // Zadig pushes `created`
    await sleep(300); // the sandbox's webhook sends go out asynchronously
    await waitFor('push mode', async () => (await metric('zbot_webhook_live')) === 1);
    await jobs.watch(
      { kind: 'workflow', projectKey: 'demo', name: 'hotfix', taskId: watched },
      cardIn('oc_push', 'om_push'),
    );
    await waitFor('first poll', () => polls(watched) >= 1);
    const before = polls(watched);
    await sleep(2000);
    // Polling every 150 ms would be ~13 calls; the backstop is 9 s away.
    expect(polls(watched) - before).toBe(0);

    // A push (another task's `created`) wakes nothing it does not concern, but keeps pushes live.
    const other = h.sb.startTask('hotfix', { creator: 'bob' });
    await sleep(300); // the sandbox's webhook sends go out asynchronously
    await sleep(300);
    expect(polls(watched) - before).toBe(0);
    expect(polls(other)).toBe(0);
    expect(lines.some((l) => l.level === 30 && /webhook pushes are arriving/.test(l.msg))).toBe(true);
  });

  it('falls back to polling every interval within one backstop period after pushes stop', async () => {
    breakWebhook();
    const stoppedAt = Date.now();
    const base = polls(watched);
    // No push for longer than STALE_MS: the sweep (every interval) notices, wakes the watch sleeping for
    // its backstop, and from then on it polls every interval — well within one backstop.
    await waitFor('polling resumed', () => polls(watched) >= base + 5, BACKSTOP_MS + 4000);
    const resumedAfter = Date.now() - stoppedAt;
    expect(resumedAfter).toBeLessThan(BACKSTOP_MS - 1000);
    const warn = lines.find((l) => l.level === 40 && /no Zadig webhook push for [\d.]+ s/.test(l.msg));
    expect(warn?.msg).toContain('falling back to polling every');
    expect(await metric('zbot_webhook_live')).toBe(0);
    expect(await metric('zbot_webhook_fallbacks_total')).toBeGreaterThanOrEqual(1);
    // And keeps polling at the interval while pushes stay away.
    const n = polls(watched);
    await sleep(1000);
    expect(polls(watched) - n).toBeGreaterThanOrEqual(3);
  });

  it('goes back to the backstop when pushes return, and still posts the final at once on its push', async () => {
    mendWebhook();
    h.sb.startTask('hotfix', { creator: 'carol' });
    await sleep(300); // the sandbox's webhook sends go out asynchronously
    await waitFor('push mode again', async () => (await metric('zbot_webhook_live')) === 1);
    // At most one poll was in flight, then the watch sleeps its backstop.
    await sleep(INTERVAL_MS * 3);
    const n = polls(watched);
    await sleep(1500);
    expect(polls(watched) - n).toBe(0);

    // The task ends: Zadig pushes `passed`, and the final reply follows long before the backstop.
    await h.run(60_000, 10_000, 20);
    await sleep(300); // the sandbox's webhook sends go out asynchronously
    const finalAfter = Date.now();
    await waitFor('final', () => h.feishu.posts.some((p) => p.threadId === 'om_push'), 3000);
    expect(Date.now() - finalAfter).toBeLessThan(BACKSTOP_MS / 2);
    expect(h.feishu.posts.filter((p) => p.threadId === 'om_push')).toHaveLength(1);
  });
});
