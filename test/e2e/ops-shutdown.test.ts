// Locks in graceful shutdown of the real process (src/main.ts): SIGTERM while a watch is active and a
// command is still being answered. The process exits 0 within 10 s, the in-flight command still gets its
// reply, and the watch stays registered in Redis (job included) for the next worker to pick up.

import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { WatchState, watchJobId } from '../../src/jobs/index.js';
import { FakeSlackApi } from '../fakes/fake-slack-api.js';
import { appEnv, newSecrets } from '../resilience/helpers/app-env.js';
import { type AppProc, spawnApp } from '../resilience/helpers/app-proc.js';
import { postSlash } from '../support/chat-requests.js';
import { freePort } from '../support/private-redis.js';
import { deleteKeysUnder, REDIS_URL } from '../support/redis.js';
import { waitFor } from '../support/wait-for.js';

const CHANNEL = 'C-ops';
const secrets = newSecrets();
const prefix = `t-${randomUUID().slice(0, 8)}`;
let redis: Redis;
let sb: Sandbox;
let slack: FakeSlackApi;
let app: AppProc;
let url: string;

const cards = () => slack.messagesIn(CHANNEL).filter((m) => m.thread_ts === undefined);

beforeAll(async () => {
  redis = new Redis(REDIS_URL);
  sb = await startSandbox();
  slack = await new FakeSlackApi().start();
  const env = appEnv({
    sandbox: sb,
    slack,
    port: await freePort(),
    redisUrl: REDIS_URL,
    prefix,
    secrets,
    pollIntervalMs: 500,
  });
  app = spawnApp(env, { name: 'app' });
  url = await app.ready;
}, 60_000);

afterAll(async () => {
  await app?.kill('SIGKILL');
  await slack?.stop();
  await sb?.close();
  await deleteKeysUnder(redis, prefix);
  await redis.quit();
});

describe('SIGTERM', () => {
  it('exits 0 within 10 s, answers the command in flight and keeps the watch', {
    timeout: 60_000,
  }, async () => {
    await postSlash(url, secrets.signingSecret, {
      text: `login ${sb.users.alice!.token}`,
      channel: 'D-alice',
      responseUrl: slack.responseUrl('login'),
    });
    await waitFor('the login reply', () => slack.responses.some((r) => r.id === 'login'), 10_000);
    await postSlash(url, secrets.signingSecret, {
      text: 'run hotfix --project demo',
      channel: CHANNEL,
      responseUrl: slack.responseUrl('run'),
    });
    await waitFor('the task card', () => cards().length === 1, 10_000);
    const registry = new WatchState({ redis, prefix });
    await waitFor('the watch', async () => (await registry.count()) === 1, 5000);
    const [watch] = await registry.list();
    await sb.advance(3000); // running

    // Zadig answers slowly, so this command is still being worked on when SIGTERM arrives.
    const clear = sb.fault({
      path: /^\/openapi\/workflows\/custom\/hotfix\/task/,
      kind: 'slow',
      delayMs: 1500,
    });
    const acked = await postSlash(url, secrets.signingSecret, {
      text: 'status hotfix',
      channel: CHANNEL,
      responseUrl: slack.responseUrl('status'),
    });
    expect(acked.status).toBe(200);
    const signalled = Date.now();
    const exit = await app.kill('SIGTERM');
    const tookMs = Date.now() - signalled;
    clear();

    expect(exit).toEqual({ code: 0, signal: null });
    expect(tookMs).toBeLessThan(10_000);
    expect(cards()).toHaveLength(2); // the status card, answered before the process left
    expect(app.logs().some((l) => l.msg === 'zadig-chatops stopped')).toBe(true);

    // The watch survives for the next worker: registry entry and its BullMQ job, still delayed or waiting.
    expect(await registry.count()).toBe(1);
    const queue = new Queue('watch', { connection: redis, prefix });
    try {
      const job = await queue.getJob(watchJobId(watch!.taskKey));
      expect(['delayed', 'waiting', 'prioritized']).toContain(await job?.getState());
    } finally {
      await queue.close();
    }
  });
});
