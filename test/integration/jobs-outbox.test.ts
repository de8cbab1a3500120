// Locks in the coalescing outbox on real Redis: edits that wait behind a per-chat 429 collapse to the
// newest content (only it is sent) without delaying other chats; an app-wide 429 pauses the whole queue;
// an edit queued while an older one is being sent is not lost.

import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { jobKeys, QUEUES } from '../../src/jobs/keys.js';
import { Outbox, type OutboxJobData } from '../../src/jobs/outbox.js';
import { silentLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import type { Message, MessageRef } from '../../src/notifications/message.js';
import type { Notifier } from '../../src/notifications/notifier.js';
import { RecordingNotifier } from '../fakes/recording-notifier.js';
import { deleteKeysUnder, REDIS_URL } from '../support/redis.js';
import { waitFor } from '../support/wait-for.js';

const prefix = `t-${randomUUID()}`;
const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
const metrics = createMetrics({ defaultMetrics: false });
const closers: (() => Promise<unknown>)[] = [];
/** Every prefix an outbox got here, cleaned after the file. */
const prefixes: string[] = [];

afterAll(async () => {
  for (const c of closers.reverse()) await c();
  for (const p of prefixes) await deleteKeysUnder(redis, p);
  await redis.quit();
});

/** An outbox with its own queue name suffix (one per test) and a worker. */
async function outboxWith(notifier: Notifier) {
  const p = `${prefix}-${randomUUID().slice(0, 8)}`;
  prefixes.push(p);
  const queue = new Queue<OutboxJobData>(QUEUES.outbox, { connection: redis, prefix: p });
  const outbox = new Outbox({
    redis,
    queue,
    keys: jobKeys(p),
    notifiers: { [notifier.platform]: notifier },
    log: silentLogger(),
    metrics,
    now: Date.now,
  });
  const worker = new Worker(QUEUES.outbox, outbox.process, {
    connection: redis,
    prefix: p,
    concurrency: 5,
    limiter: { max: 100, duration: 1000 },
  });
  await worker.waitUntilReady();
  closers.push(
    () => worker.close(),
    () => queue.close(),
  );
  return outbox;
}

const msg = (text: string): Message => ({ blocks: [{ type: 'text', markdown: text }], fallbackText: text });
const ref = (conversation: string, messageId: string): MessageRef => ({
  platform: 'slack',
  tenant: 'T1',
  conversation,
  messageId,
});
const cardId = (r: MessageRef) => `slack:T1:${r.conversation}:${r.messageId}`;

describe('outbox', () => {
  it('sends only the newest of three edits waiting behind a per-chat 429, other chats not delayed', async () => {
    const n = new RecordingNotifier({ platform: 'slack' });
    const outbox = await outboxWith(n);
    const busy = ref('C_busy', '1.1');
    const calm = ref('C_calm', '2.2');
    n.rateLimitNext('update', 1, { retryAfterMs: 800, conversation: 'C_busy' });

    await outbox.enqueue(cardId(busy), busy, msg('edit 1'));
    await waitFor('the 429', () => n.refused.length === 1);
    await outbox.enqueue(cardId(busy), busy, msg('edit 2'));
    await outbox.enqueue(cardId(busy), busy, msg('edit 3'));
    const t0 = Date.now();
    await outbox.enqueue(cardId(calm), calm, msg('calm edit'));
    await waitFor('the other chat', () => n.updates.some((u) => u.conversation === 'C_calm'));
    expect(Date.now() - t0).toBeLessThan(500);
    expect(n.updates.filter((u) => u.conversation === 'C_busy')).toHaveLength(0);

    await waitFor('the busy chat', () => n.updates.some((u) => u.conversation === 'C_busy'), 5000);
    await sleep(300);
    const sent = n.updates.filter((u) => u.conversation === 'C_busy').map((u) => u.message.fallbackText);
    expect(sent).toEqual(['edit 3']);
  });

  it('pauses the whole queue on an app-wide 429', async () => {
    const n = new RecordingNotifier({ platform: 'slack' });
    const outbox = await outboxWith(n);
    n.rateLimitNext('update', 1, { retryAfterMs: 700, scope: 'app' });
    const a = ref('C_a', '3.3');
    const b = ref('C_b', '4.4');
    const t0 = Date.now();
    await outbox.enqueue(cardId(a), a, msg('a'));
    await waitFor('the 429', () => n.refused.length === 1);
    await outbox.enqueue(cardId(b), b, msg('b'));
    await waitFor('both sent', () => new Set(n.updates.map((u) => u.conversation)).size === 2, 5000);
    for (const u of n.updates) expect(u.at - t0).toBeGreaterThanOrEqual(600);
  });

  it('does not lose an edit queued while an older one is being sent', async () => {
    const n = new RecordingNotifier({ platform: 'slack' });
    const slow: Notifier = {
      platform: 'slack',
      post: (t, m, o) => n.post(t, m, o),
      postDirect: (t, u, m, o) => n.postDirect(t, u, m, o),
      lookupUserByEmail: (t, e) => n.lookupUserByEmail(t, e),
      async update(r, m, o) {
        await sleep(250);
        await n.update(r, m, o);
      },
    };
    const outbox = await outboxWith(slow);
    const c = ref('C_slow', '5.5');
    await outbox.enqueue(cardId(c), c, msg('v1'));
    await sleep(100); // v1 is in flight now
    await outbox.enqueue(cardId(c), c, msg('v2'));
    await waitFor('v2 delivered', () => n.updates.some((u) => u.message.fallbackText === 'v2'), 5000);
    expect(n.updates.at(-1)?.message.fallbackText).toBe('v2');
  });
});
