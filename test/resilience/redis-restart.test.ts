// Locks in durability across a Redis restart (AOF on): an app process keeps its watches while its private
// redis-server is shut down and started again (and once more after a SIGKILL of Redis); every watched task
// still gets exactly one final reply, the process never dies, and commands work again after the restart.

import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { WatchState } from '../../src/jobs/index.js';
import { FakeSlackApi } from '../fakes/fake-slack-api.js';
import { postSlash } from '../support/chat-requests.js';
import { freePort, type PrivateRedis, startPrivateRedis } from '../support/private-redis.js';
import { waitFor } from '../support/wait-for.js';
import { appEnv, newSecrets } from './helpers/app-env.js';
import { type AppProc, spawnApp } from './helpers/app-proc.js';

const CHANNEL = 'C-restart';
const PER_BATCH = 8;
const secrets = newSecrets();
const prefix = `t-${randomUUID().slice(0, 8)}`;
let redisSrv: PrivateRedis;
let sb: Sandbox;
let slack: FakeSlackApi;
let app: AppProc;
let url: string;

const cards = () => slack.messagesIn(CHANNEL).filter((m) => m.thread_ts === undefined);
const finals = () => slack.messagesIn(CHANNEL).filter((m) => m.thread_ts !== undefined);

async function watchCount(): Promise<number> {
  const r = new Redis(redisSrv.url, { maxRetriesPerRequest: 1 });
  try {
    return await new WatchState({ redis: r, prefix }).count();
  } finally {
    r.disconnect();
  }
}

async function runBatch(label: string): Promise<void> {
  const before = cards().length;
  for (let i = 0; i < PER_BATCH; i++) {
    const res = await postSlash(url, secrets.signingSecret, {
      text: 'run hotfix --project demo',
      channel: CHANNEL,
      responseUrl: slack.responseUrl(`${label}-${i}`),
    });
    expect(res.status).toBe(200);
  }
  await waitFor(`${label}: task cards`, () => cards().length === before + PER_BATCH, 20_000);
}

beforeAll(async () => {
  redisSrv = await startPrivateRedis();
  sb = await startSandbox();
  slack = await new FakeSlackApi().start();
  app = spawnApp(
    appEnv({
      sandbox: sb,
      slack,
      port: await freePort(),
      redisUrl: redisSrv.url,
      prefix,
      secrets,
      pollIntervalMs: 300,
      logLevel: 'warn',
    }),
    { name: 'app' },
  );
  url = await app.ready;
  await postSlash(url, secrets.signingSecret, {
    text: `login ${sb.users.alice!.token}`,
    channel: 'D-alice',
    responseUrl: slack.responseUrl('login'),
  });
  await waitFor(
    'login reply',
    () => slack.responses.some((r) => r.id === 'login') || slack.messagesIn('D-alice').length > 0,
    10_000,
  );
});

afterAll(async () => {
  await app?.kill('SIGKILL');
  await slack?.stop();
  await sb?.close();
  await redisSrv?.destroy(); // the private server and its data directory go away entirely
});

describe('Redis restarted mid-run', () => {
  it('loses no watch and posts every final exactly once', { timeout: 150_000 }, async () => {
    // Batch A starts running; Redis shuts down cleanly while they run and finish in Zadig.
    await runBatch('a');
    await sb.advance(3000);
    await sleep(800);
    expect(await watchCount()).toBe(PER_BATCH); // in flight: watched, none finished
    expect(finals()).toHaveLength(0);
    await redisSrv.stop('shutdown');
    await sb.advance(60_000); // every batch-A task ends while the bot cannot reach Redis
    await sleep(2000);
    expect(app.child.exitCode).toBeNull();
    await redisSrv.start();

    // Batch B is started after the restart and is running when Redis is killed outright.
    await runBatch('b');
    await sb.advance(3000);
    await sleep(800);
    await redisSrv.stop('kill');
    // Batch A finished in Zadig while Redis was down; its finals may only come from after the restart.
    expect(finals().length).toBeLessThanOrEqual(PER_BATCH);
    await sleep(1500);
    expect(app.child.exitCode).toBeNull();
    await redisSrv.start();
    await sb.advance(60_000);

    const total = 2 * PER_BATCH;
    await waitFor('a final under every card', () => finals().length >= total, {
      timeoutMs: 60_000,
      detail: () => `${finals().length}/${total} finals; app log tail:\n${app.lines().slice(-10).join('\n')}`,
    });
    await sleep(2000); // a duplicate would show up now
    const perCard = new Map<string, number>();
    for (const f of finals()) perCard.set(f.thread_ts!, (perCard.get(f.thread_ts!) ?? 0) + 1);
    expect([...perCard.keys()].sort()).toEqual(
      cards()
        .map((c) => c.ts)
        .sort(),
    );
    expect([...perCard.values()].every((n) => n === 1)).toBe(true);
    expect(
      sb.tasks('hotfix').filter((t) => t.origin === 'workflowtask' && t.status === 'passed'),
    ).toHaveLength(total);
    await waitFor('the watch registry to empty', async () => (await watchCount()) === 0, 10_000);
    expect(app.child.exitCode).toBeNull();
    // Outages are logged as structured lines; nothing unhandled reaches stderr.
    expect(app.lines().filter((l) => !l.startsWith('{'))).toEqual([]);
    expect(app.logs().some((l) => l.msg === 'redis connection lost; reconnecting')).toBe(true);
  });
});
