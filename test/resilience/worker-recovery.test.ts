// Locks in the crash-recovery time at the default settings (ZBOT_WORKER_LOCK_MS 8 s, stalled check 4 s):
// two workers share 100 watched tasks; one (a real `src/main.ts` process) is SIGKILLed while Zadig is
// slow, so it dies holding many active watch jobs. Every watch is polled again within 15 s of the kill
// (BullMQ's defaults, 30 s + 30 s, took up to a minute), and every task still gets exactly one final.

import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WatchState } from '../../src/jobs/index.js';
import { freePort } from '../support/private-redis.js';
import { REDIS_URL } from '../support/redis.js';
import { link, SLACK_USERS, type SlackE2E, startSlackE2E } from '../support/slack-e2e.js';
import { waitFor } from '../support/wait-for.js';
import { appEnv, newSecrets } from './helpers/app-env.js';
import { type AppProc, spawnApp } from './helpers/app-proc.js';

const TASKS = 100;
const RUNS = 'C-recovery';
const POLL = /^\/openapi\/workflows\/custom\/task$/;
let h: SlackE2E;
let doomed: AppProc | undefined;

beforeAll(async () => {
  // This process is the surviving worker (role all, default timings).
  h = await startSlackE2E({ env: { ZBOT_COMMAND_PER_USER: '1000' }, pollIntervalMs: 1000 });
  await link(h, 'alice');
}, 60_000);

afterAll(async () => {
  await doomed?.kill('SIGKILL');
  await h?.close();
});

const cards = () => h.slackApi.messagesIn(RUNS).filter((m) => !m.thread_ts);
const finals = () => h.slackApi.messagesIn(RUNS).filter((m) => m.thread_ts);

describe('crash recovery at the default lock and stalled check', () => {
  it('every watch of a SIGKILLed worker is polled again within 15 s', { timeout: 150_000 }, async () => {
    expect(h.config).toMatchObject({ workerLockMs: 8000, workerStalledCheckMs: 4000 });
    const env = appEnv({
      sandbox: h.sandbox,
      slack: h.slackApi,
      redisUrl: REDIS_URL,
      prefix: h.prefix,
      port: await freePort(),
      secrets: { ...newSecrets(), secretKey: h.config.secretKey, signingSecret: h.signingSecret },
      role: 'worker',
      pollIntervalMs: 1000,
      logLevel: 'warn',
    });
    doomed = spawnApp(env, { name: 'worker-1' });
    await doomed.ready;

    for (let i = 0; i < TASKS; i += 10) {
      await Promise.all(
        Array.from({ length: 10 }, () =>
          h.slash('run hotfix --project demo', { user: SLACK_USERS.alice.id, channel: RUNS }),
        ),
      );
    }
    await waitFor('every card', () => cards().length === TASKS, {
      timeoutMs: 40_000,
      detail: () => `${cards().length}/${TASKS}`,
    });
    const registry = new WatchState({ redis: h.redis, prefix: h.prefix });
    await waitFor('every task watched', async () => (await registry.count()) === TASKS, 10_000);
    await sleep(2000); // both workers poll

    // Zadig turns slow, so both workers hold active jobs waiting on it; then worker-1 dies.
    const fast = h.sandbox.fault({ method: 'GET', path: POLL, kind: 'slow', delayMs: 4000, times: 100_000 });
    await sleep(1500);
    await doomed.kill('SIGKILL');
    const killedAt = Date.now();
    fast();

    // When each task is polled first after the kill (wall clock, sampled every 20 ms).
    const firstPoll = new Map<string, number>();
    let seen = h.sandbox.requests.length;
    const watched = new Set(
      h.sandbox
        .tasks('hotfix')
        .slice(-TASKS)
        .map((t) => String(t.taskId)),
    );
    expect(watched.size).toBe(TASKS);
    const sample = setInterval(() => {
      const all = h.sandbox.requests;
      for (; seen < all.length; seen++) {
        const r = all[seen]!;
        const id = r.query.taskId;
        if (r.method === 'GET' && POLL.test(r.path) && id && watched.has(id) && !firstPoll.has(id)) {
          firstPoll.set(id, Date.now());
        }
      }
    }, 20);
    try {
      await waitFor('every watch polled again', () => firstPoll.size === TASKS, {
        timeoutMs: 30_000,
        detail: () => `${firstPoll.size}/${TASKS} polled again`,
      });
    } finally {
      clearInterval(sample);
    }
    const gaps = [...firstPoll.values()].map((t) => t - killedAt).sort((a, b) => a - b);
    const stranded = gaps.filter((g) => g > 6000).length;
    console.log(
      `worker SIGKILL: every watch polled again within ${gaps.at(-1)} ms of the kill; ${stranded} waited for the stalled check (median ${gaps[Math.floor(gaps.length / 2)]} ms)`,
    );
    expect(stranded).toBeGreaterThan(0); // the dead worker did hold jobs
    expect(gaps.at(-1)!).toBeLessThan(15_000);

    // And nothing was lost or doubled: one final under every card.
    await h.sandbox.advance(60_000);
    await waitFor('a final for every task', () => finals().length >= TASKS, {
      timeoutMs: 60_000,
      detail: () => `${finals().length}/${TASKS}`,
    });
    await sleep(2000);
    const perCard = new Map<string, number>();
    for (const f of finals()) perCard.set(f.thread_ts!, (perCard.get(f.thread_ts!) ?? 0) + 1);
    expect([...perCard.keys()].sort()).toEqual(
      cards()
        .map((c) => c.ts)
        .sort(),
    );
    expect([...perCard.values()].filter((n) => n !== 1)).toEqual([]);
  });
});
