// Locks in restart safety: 50 watched tasks, a worker process killed with SIGKILL in the middle of the
// run, a new worker started afterwards: no watch is lost and every task gets exactly one final.

import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { createJobs, type Jobs, WatchState, watchJobId } from '../../src/jobs/index.js';
import { silentLogger } from '../../src/logger.js';
import { createStores, SecretBox, type Stores } from '../../src/store/index.js';
import { createZadigClient } from '../../src/zadig/index.js';
import { RecordingNotifier } from '../fakes/recording-notifier.js';
import { deleteKeysUnder } from '../support/redis.js';
import { spawnWorker, type WorkerProc } from '../support/worker-proc.js';

const REDIS_URL = 'redis://127.0.0.1:6379';
const TASKS = 50;
const prefix = `t-${randomUUID()}`;
const recordKey = `${prefix}:records`;
let sb: Sandbox;
let redis: Redis;
let stores: Stores;
let watchState: WatchState;
let producer: Jobs;
const procs: WorkerProc[] = [];

interface Rec {
  kind: string;
  conversation: string;
  threadId?: string;
  pid: number;
}

async function records(): Promise<Rec[]> {
  return (await redis.lrange(recordKey, 0, -1)).map((r) => JSON.parse(r) as Rec);
}

const finals = async () => (await records()).filter((r) => r.kind === 'post' && r.threadId !== undefined);

beforeAll(async () => {
  sb = await startSandbox();
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  stores = createStores({ redis, prefix, secretBox: new SecretBox({ current: randomBytes(32) }) });
  watchState = new WatchState({ redis, prefix });
  // The bot side: registers watches, runs no worker.
  producer = createJobs({
    connection: redis,
    prefix,
    zadig: createZadigClient({ baseUrl: sb.url, token: sb.botToken }),
    stores,
    notifiers: { feishu: new RecordingNotifier() },
    zadigUrl: 'https://zadig.example.com',
    logger: silentLogger(),
    pollIntervalMs: 250,
  });
});

afterAll(async () => {
  for (const p of procs) await p.kill('SIGKILL');
  await producer.close();
  await sb.close();
  await deleteKeysUnder(redis, prefix);
  await redis.quit();
});

function worker(): WorkerProc {
  const p = spawnWorker({
    REDIS_URL,
    WORKER_PREFIX: prefix,
    ZADIG_URL: sb.url,
    ZADIG_TOKEN: sb.botToken,
    RECORD_KEY: recordKey,
    POLL_MS: '250',
    LOCK_MS: '2000',
    LEASE_MS: '2000',
  });
  procs.push(p);
  return p;
}

describe('SIGKILL and restart', () => {
  it('loses no watch and posts every final exactly once', { timeout: 90_000 }, async () => {
    const workflows = ['hotfix', 'build-deploy', 'flaky-build'];
    const ids: string[] = [];
    for (let i = 0; i < TASKS; i++) {
      const name = workflows[i % workflows.length]!;
      const taskId = sb.startTask(name, { creator: 'alice', fail: i % 5 === 0 });
      await producer.watch(
        {
          kind: 'workflow',
          projectKey: 'demo',
          name,
          taskId,
          startedBy: { id: `ou_${i}`, name: `User ${i}` },
        },
        { platform: 'feishu', tenant: 'tenant-1', conversation: 'oc_kill', messageId: `om_${i}` },
      );
      ids.push(`om_${i}`);
    }
    expect(await watchState.count()).toBe(TASKS);

    const first = worker();
    await first.ready;
    // Run until some tasks have finished and others are still going, then kill the worker mid-run.
    for (let step = 0; step < 40 && (await finals()).length < 10; step++) {
      await sb.advance(2000);
      await sleep(300);
    }
    const before = (await finals()).length;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(TASKS);
    await first.kill('SIGKILL');

    // While no worker runs, every task reaches its end in Zadig.
    await sb.advance(60_000);
    await sb.settle();

    const second = worker();
    await second.ready;
    const deadline = Date.now() + 45_000;
    while ((await finals()).length < TASKS && Date.now() < deadline) await sleep(250);
    await sleep(1500); // anything posted twice would show up now

    const all = await finals();
    const perCard = new Map<string, number>();
    for (const f of all) perCard.set(f.threadId!, (perCard.get(f.threadId!) ?? 0) + 1);
    const missing = ids.filter((id) => !perCard.has(id));
    if (missing.length > 0) {
      const watchQueue = new Queue('watch', { connection: redis, prefix });
      const watches = await watchState.list();
      const states = await Promise.all(
        watches.map(async (w) => {
          const job = await watchQueue.getJob(watchJobId(w.taskKey));
          const state = job ? await job.getState() : 'none';
          return {
            ...w,
            state,
            data: job?.data,
            started: job?.attemptsStarted,
            task: sb.task(w.name, w.taskId)?.status,
          };
        }),
      );
      console.error('missing finals', missing, JSON.stringify(states), second.stderr().slice(-2000));
      await watchQueue.close();
    }
    expect([...perCard.keys()].sort()).toEqual([...ids].sort());
    expect([...perCard.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(all.map((f) => f.pid)).size).toBe(2); // both workers posted finals
    expect(await watchState.count()).toBe(0);
    await second.kill('SIGTERM');
  });
});
