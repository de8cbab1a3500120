// Locks in restart safety of the real processes: a bot process takes 100 `run` commands from Feishu, a
// worker process watching those 100 tasks is killed with SIGKILL mid-run, a second worker takes over:
// every task gets exactly one final reply under its card and the watch registry empties. The worker dies
// with one final's post in flight (Feishu received it and never answered): that final waits for its
// exactly-once lease to lapse, then goes out once.

import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { QUEUES, WatchState, watchJobId } from '../../src/jobs/index.js';
import { FakeFeishuApi } from '../fakes/fake-feishu-api.js';
import { postFeishuEvent } from '../support/chat-requests.js';
import { messageEvent } from '../support/feishu-messages.js';
import { freePort } from '../support/private-redis.js';
import { deleteKeysUnder, REDIS_URL } from '../support/redis.js';
import { waitFor } from '../support/wait-for.js';
import { appEnv, newSecrets } from './helpers/app-env.js';
import { type AppProc, spawnApp } from './helpers/app-proc.js';

const TASKS = 100;
const ALICE = 'ou_alice000000000000000000000000000';
const CHAT = 'oc_p2p_alice';
const secrets = newSecrets();
const prefix = `t-${randomUUID().slice(0, 8)}`;
let redis: Redis;
let sb: Sandbox;
let feishu: FakeFeishuApi;
let bot: AppProc;
let botUrl: string;
const procs: AppProc[] = [];

const env = async (role: 'bot' | 'worker') =>
  appEnv({
    sandbox: sb,
    feishu,
    port: await freePort(),
    redisUrl: REDIS_URL,
    prefix,
    secrets,
    role,
    pollIntervalMs: 500,
    logLevel: 'warn',
    // One person sends all 100 runs here: lift their share of the command gate so none is "busy".
    extra: { ZBOT_COMMAND_PER_USER: String(TASKS) },
  });
const finals = () => feishu.sent().filter((m) => m.uuid?.startsWith('final-'));
// A Feishu message is answered by its message_id (a re-push keeps it under a new event id), so the
// run's card carries the message id in its uuid.
const runMessageIds: string[] = [];
const cards = () => {
  const uuids = new Set(runMessageIds.map((id) => `watch-${id}`));
  return feishu.sent().filter((m) => m.uuid !== undefined && uuids.has(m.uuid));
};

async function say(text: string, messageId?: string): Promise<void> {
  const payload = messageEvent({
    token: secrets.feishuVerificationToken,
    messageId,
    chatId: CHAT,
    chatType: 'p2p',
    sender: ALICE,
    text,
  });
  expect(await postFeishuEvent(botUrl, secrets.feishuEncryptKey, payload)).toBe(200);
}

beforeAll(async () => {
  redis = new Redis(REDIS_URL);
  sb = await startSandbox();
  feishu = await FakeFeishuApi.start();
  bot = spawnApp(await env('bot'), { name: 'bot' });
  procs.push(bot);
  botUrl = await bot.ready;
  await say(`login ${sb.users.alice!.token}`);
  await waitFor('the login reply', () => feishu.sent().length === 1, 10_000);
});

afterAll(async () => {
  for (const p of procs) await p.kill('SIGKILL');
  await feishu?.close();
  await sb?.close();
  await deleteKeysUnder(redis, prefix);
  await redis.quit();
});

describe('worker SIGKILL with 100 watches', () => {
  it('every watch finishes with exactly one final', { timeout: 240_000 }, async () => {
    const first = spawnApp(await env('worker'), { name: 'worker-1' });
    procs.push(first);
    await first.ready;

    // Four waves of 25 runs, 2 s of Zadig time apart, so tasks finish at different moments.
    for (let wave = 0; wave < 4; wave++) {
      const ids = Array.from({ length: TASKS / 4 }, () => `om_${randomUUID().replaceAll('-', '')}`);
      runMessageIds.push(...ids);
      for (let i = 0; i < ids.length; i += 5) {
        await Promise.all(ids.slice(i, i + 5).map((id) => say('run hotfix --project demo', id)));
      }
      await waitFor(`wave ${wave} cards`, () => cards().length === runMessageIds.length, {
        timeoutMs: 30_000,
        detail: () =>
          `${cards().length}/${runMessageIds.length}; bot log tail:\n${bot.lines().slice(-8).join('\n')}`,
      });
      await sb.advance(2000);
    }
    const runs = sb.requests.filter(
      (r) => r.method === 'POST' && r.path === '/api/aslan/workflow/v4/workflowtask',
    );
    expect(runs).toHaveLength(TASKS);
    // The card is posted first and registered for watching right after: wait for the registry.
    const registry = new WatchState({ redis, prefix });
    await waitFor('every task watched', async () => (await registry.count()) === TASKS, 10_000);

    // Let the earliest waves finish and their finals go out, then kill the worker in the middle, while
    // Feishu holds one final's post unanswered (its lease is pending when the worker dies).
    for (let step = 0; step < 40 && finals().length < 20; step++) {
      await sb.advance(1000);
      await sleep(250);
    }
    let held: { body: { uuid?: string } } | undefined;
    void feishu
      .holdNext((c) => String(c.body?.uuid ?? '').startsWith('final-'))
      .then((c) => {
        held = c;
      });
    for (let step = 0; step < 40 && !held; step++) {
      await sb.advance(1000);
      await sleep(250);
    }
    expect(held?.body.uuid).toMatch(/^final-/);
    const before = finals().length;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(TASKS);
    await first.kill('SIGKILL');
    const killedAt = Date.now();

    await sb.advance(60_000); // every task ends in Zadig while no worker runs
    const second = spawnApp(await env('worker'), { name: 'worker-2' });
    procs.push(second);
    await second.ready;
    await waitFor('a final for every task', () => finals().length >= TASKS, {
      timeoutMs: 150_000,
      detail: () => `${finals().length}/${TASKS}`,
    });
    const heldFinal = finals().filter((m) => m.uuid === held?.body.uuid);
    expect(heldFinal).toHaveLength(1);
    console.log(
      `worker SIGKILL: every final out ${Date.now() - killedAt} ms after the kill (one held in flight)`,
    );
    await sleep(2000); // a duplicate would show up now

    const perCard = new Map<string, number>();
    for (const f of finals()) perCard.set(f.parent_id ?? '', (perCard.get(f.parent_id ?? '') ?? 0) + 1);
    expect([...perCard.keys()].sort()).toEqual(
      cards()
        .map((c) => c.message_id)
        .sort(),
    );
    expect([...perCard.values()].every((n) => n === 1)).toBe(true);
    // A final whose post was in flight when the worker died keeps its exactly-once lease until the lease
    // lapses (60 s, so a live but slow worker never posts twice): that watch ends only then.
    await waitFor('no watch left', async () => (await registry.count()) === 0, {
      timeoutMs: 75_000,
      detail: async () => {
        const queue = new Queue(QUEUES.watch, { connection: redis, prefix });
        const left = await registry.list();
        const states = await Promise.all(
          left.map(async (w) => {
            const job = await queue.getJob(watchJobId(w.taskKey));
            return `${w.taskKey}: ${job ? await job.getState() : 'no job'}`;
          }),
        );
        await queue.close();
        const leases = await redis.keys(`${prefix}:once:final:*`);
        const pending = (await Promise.all(leases.map((k) => redis.get(k)))).filter((v) =>
          v?.startsWith('pending'),
        );
        return `${left.length} left (${states.join(', ')}); ${pending.length} final lease(s) pending`;
      },
    });
    expect(bot.child.exitCode).toBeNull();
    expect(second.child.exitCode).toBeNull();
  });
});
