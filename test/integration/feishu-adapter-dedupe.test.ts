// Locks in that Feishu re-pushes (the same message, even across adapter instances sharing Redis) run the
// command once, using the production Redis claim (DedupeStore, SET NX PX) on a real Redis.

import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DedupeStore } from '../../src/store/dedupe-store.js';
import { type Harness, startHarness, VERIFICATION_TOKEN } from '../support/feishu-adapter-harness.js';
import { messageEvent } from '../support/feishu-messages.js';
import { deleteKeysUnder } from '../support/redis.js';
import { waitFor } from '../support/wait-for.js';

const prefix = `t-${randomUUID()}`;
let redis: Redis;
let a: Harness;
let b: Harness;

beforeAll(async () => {
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
  await redis.connect();
  a = await startHarness({ dedupe: new DedupeStore({ redis, prefix }) });
  b = await startHarness({ dedupe: new DedupeStore({ redis, prefix }) });
});

afterAll(async () => {
  await a.close();
  await b.close();
  await deleteKeysUnder(redis, prefix);
  await redis.quit();
});

describe('feishu event dedupe on Redis', () => {
  it('runs a re-pushed event once, whichever replica gets the retry', async () => {
    const payload = messageEvent({
      token: VERIFICATION_TOKEN,
      chatId: 'oc_dm',
      chatType: 'p2p',
      sender: 'ou_alice',
      text: 'whoami',
    });
    const answers = await Promise.all([a.push(payload), a.push(payload), b.push(payload)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    await waitFor(
      'a.fake.sent().length + b.fake.sent().length === 1',
      () => a.fake.sent().length + b.fake.sent().length === 1,
    );
    await Promise.all([a.adapter.idle(), b.adapter.idle()]);
    expect(a.core.commands.length + b.core.commands.length).toBe(1);
    // Claimed by the message, as the docs ask (a re-push may carry a new event id).
    const messageId = (payload as { event: { message: { message_id: string } } }).event.message.message_id;
    expect(await redis.exists(`${prefix}:dedupe:feishu:msg:${messageId}`)).toBe(1);
    const ttl = await redis.pttl(`${prefix}:dedupe:feishu:msg:${messageId}`);
    expect(ttl).toBeGreaterThan(23 * 3_600_000);
    const dropped = await a.metrics.duplicates.get();
    const droppedB = await b.metrics.duplicates.get();
    expect((dropped.values[0]?.value ?? 0) + (droppedB.values[0]?.value ?? 0)).toBe(2);
  });
});
