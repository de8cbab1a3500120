// Locks in scheduled digests: one BullMQ job scheduler per channel (cron by default, replaced on change,
// removed on `digest off`), a digest whose period follows the injected clock, built from Zadig's stats and
// task lists, posted once per run to the channel, resilient to a missing part, and re-synced at start.

import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDigestScheduler,
  DIGEST_QUEUE,
  type DigestScheduler,
  digestSchedulerId,
} from '../../src/jobs/digest.js';
import { silentLogger } from '../../src/logger.js';
import type { Message } from '../../src/notifications/message.js';
import { type DigestChannel, type DigestSetting, DigestStore } from '../../src/store/digest-store.js';
import { type JobsHarness, jobsHarness } from '../support/jobs-harness.js';
import { REDIS_URL } from '../support/redis.js';
import { waitFor } from '../support/wait-for.js';

let h: JobsHarness;
let conn: Redis;
let store: DigestStore;
let clock: number;
const made: DigestScheduler[] = [];

function scheduler(extra: Partial<Parameters<typeof createDigestScheduler>[0]> = {}): DigestScheduler {
  const s = createDigestScheduler({
    connection: conn,
    prefix: h.prefix,
    zadig: h.zadig,
    notifiers: { slack: h.slack, feishu: h.feishu },
    digests: store,
    logger: silentLogger(),
    now: () => clock,
    zadigUrl: 'https://zadig.example.com',
    ...extra,
  });
  made.push(s);
  return s;
}

const channel = (conversation: string): DigestChannel => ({ platform: 'slack', tenant: 'T1', conversation });
const setting = (conversation: string, over: Partial<DigestSetting> = {}): DigestSetting => ({
  ...channel(conversation),
  schedule: 'weekly',
  projectKey: 'demo',
  createdBy: 'alice',
  createdAt: 0,
  ...over,
});
const text = (m: Message) => JSON.stringify(m.blocks);
const postsTo = (conversation: string) => h.slack.posts.filter((p) => p.conversation === conversation);
const runsOf = (m: Message, workflow: string) =>
  new RegExp(`\`${workflow}\`[^"]*? (\\d+) runs`).exec(text(m))?.[1];

beforeAll(async () => {
  h = await jobsHarness();
  conn = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  store = new DigestStore({ redis: h.redis, prefix: h.prefix });
  clock = h.sb.now();
});
afterAll(async () => {
  for (const s of made) await s.close();
  await conn?.quit();
  await h?.cleanup();
});

describe('the digest content', () => {
  it('sums up the week from Zadig’s statistics and lists the slowest workflows', async () => {
    await store.set(setting('C-week'));
    const ref = await scheduler().runNow(channel('C-week'));
    expect(ref?.conversation).toBe('C-week');
    const msg = postsTo('C-week').at(-1)!.message;
    expect(msg.title).toEqual({ en: 'Weekly digest · demo', zh: '每周摘要 · demo' });
    const to = Math.floor(clock / 1000);
    const build = await h.zadig.statsBuild({ projectKey: 'demo', startDate: to - 7 * 86_400, endDate: to });
    expect(build.total).toBeGreaterThan(0);
    expect(text(msg)).toContain(`${build.total} runs`);
    expect(text(msg)).toContain('Slowest workflows');
    expect(text(msg)).toContain('`build-deploy`');
    expect(text(msg)).toContain('stats --days 7 --project demo');
  });

  it('follows the injected clock: a run that finishes now is counted, a week later nothing is', async () => {
    await store.set(setting('C-clock'));
    const s = scheduler();
    await s.runNow(channel('C-clock'));
    const before = Number(runsOf(postsTo('C-clock').at(-1)!.message, 'build-deploy'));
    h.sb.startTask('build-deploy', { creator: 'alice' });
    await h.sb.settle();
    clock = h.sb.now();
    await s.runNow(channel('C-clock'));
    expect(Number(runsOf(postsTo('C-clock').at(-1)!.message, 'build-deploy'))).toBe(before + 1);
    clock = h.sb.now() + 8 * 86_400_000;
    await s.runNow(channel('C-clock'));
    const later = postsTo('C-clock').at(-1)!.message;
    expect(text(later)).toContain('No workflow runs finished in this period.');
    expect(text(later)).toContain('0 runs');
    clock = h.sb.now();
  });

  it('a daily digest covers one day, in the setter’s language, for every project when none is set', async () => {
    await store.set(setting('C-day', { schedule: 'daily', locale: 'zh' }));
    const { projectKey: _omit, ...everyProject } = setting('C-all', { schedule: 'daily' });
    await store.set(everyProject);
    const s = scheduler();
    await s.runNow(channel('C-day'));
    await s.runNow(channel('C-all'));
    const day = postsTo('C-day').at(-1)!.message;
    expect(day.locale).toBe('zh');
    expect(day.title).toEqual({ en: 'Daily digest · demo', zh: '每日摘要 · demo' });
    const all = postsTo('C-all').at(-1)!.message;
    expect(all.title).toEqual({ en: 'Daily digest', zh: '每日摘要' });
    expect(text(all)).toContain('stats --days 1');
  });

  it('leaves out a part Zadig fails, and fails only when every part does', async () => {
    await store.set(setting('C-fault'));
    const s = scheduler();
    const undo = h.sb.fault({ path: /\/statistics\/build$/, kind: '500' });
    try {
      await s.runNow(channel('C-fault'));
      const msg = postsTo('C-fault').at(-1)!.message;
      expect(text(msg)).not.toContain('"Builds"');
      expect(text(msg)).toContain('Deploys');
    } finally {
      undo();
    }
    const all = h.sb.fault({ path: /^\/openapi\/(statistics|projects|workflows)/, kind: '500' });
    try {
      const posted = postsTo('C-fault').length;
      await expect(s.runNow(channel('C-fault'))).rejects.toMatchObject({ code: 'ZADIG_SERVER' });
      expect(postsTo('C-fault')).toHaveLength(posted);
    } finally {
      all();
    }
  });
});

describe('the schedulers', () => {
  it('schedule uses the daily/weekly cron in UTC, replaces on change, and unschedule removes it', async () => {
    const s = scheduler();
    const queue = new Queue(DIGEST_QUEUE, { connection: conn, prefix: h.prefix });
    try {
      await s.schedule(setting('C-cron', { schedule: 'daily' }));
      const id = digestSchedulerId(channel('C-cron'));
      expect(await queue.getJobScheduler(id)).toMatchObject({ pattern: '0 9 * * *', tz: 'UTC' });
      await s.schedule(setting('C-cron', { schedule: 'weekly' }));
      expect(await queue.getJobScheduler(id)).toMatchObject({ pattern: '0 9 * * 1' });
      expect((await queue.getJobSchedulers(0, -1)).filter((j) => j.key === id)).toHaveLength(1);
      await s.unschedule(channel('C-cron'));
      expect(await queue.getJobScheduler(id)).toBeUndefined();
    } finally {
      await queue.close();
    }
  });

  it('sync makes the schedulers match the stored settings', async () => {
    const s = scheduler();
    const queue = new Queue(DIGEST_QUEUE, { connection: conn, prefix: h.prefix });
    try {
      await s.schedule(setting('C-stale'));
      const r = await s.sync();
      const stored = (await store.list()).map(digestSchedulerId).sort();
      expect(r).toEqual({ scheduled: stored.length, removed: 1 });
      expect((await queue.getJobSchedulers(0, -1)).map((j) => j.key).sort()).toEqual(stored);
    } finally {
      for (const d of await store.list()) await s.unschedule(d);
      await queue.close();
    }
  });

  it('the worker posts on schedule through the store’s onChange, once per run, and stops on removal', async () => {
    const fast = scheduler({ repeat: { daily: { every: 250 }, weekly: { every: 250 } } });
    const live = new DigestStore({
      redis: h.redis,
      prefix: h.prefix,
      onChange: (c) => (c.kind === 'set' ? fast.schedule(c.setting) : fast.unschedule(c.channel)),
    });
    for (const d of await store.list()) await store.remove(d);
    await fast.startWorker();
    await live.set(setting('C-live', { schedule: 'daily' }));
    await waitFor('two scheduled digests', () => postsTo('C-live').length >= 2, 6000);
    const keys = postsTo('C-live').map((p) => p.opts?.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
    await live.remove(channel('C-live'));
    await new Promise((r) => setTimeout(r, 400));
    const settled = postsTo('C-live').length;
    await new Promise((r) => setTimeout(r, 700));
    expect(postsTo('C-live')).toHaveLength(settled);
  });

  it('a run whose setting is gone posts nothing and removes its scheduler', async () => {
    const fast = scheduler({ repeat: { weekly: { every: 200 } } });
    await fast.startWorker();
    await fast.schedule(setting('C-gone'));
    const queue = new Queue(DIGEST_QUEUE, { connection: conn, prefix: h.prefix });
    try {
      await waitFor(
        'the orphan scheduler removed',
        async () => !(await queue.getJobScheduler(digestSchedulerId(channel('C-gone')))),
        6000,
      );
      expect(postsTo('C-gone')).toHaveLength(0);
    } finally {
      await queue.close();
    }
  });
});
