// Locks in where task cards live on real Redis: several cards per task, re-adding updates, the
// last-rendered hash that lets the worker skip unchanged edits, removal, and a TTL on every key.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { cardIdOf, MESSAGE_REF_TTL_MS, MessageRefStore } from '../../src/store/message-ref-store.js';
import { testRedis } from '../support/redis.js';

const t = testRedis();
afterAll(() => t.cleanup());

const slackCard = { platform: 'slack' as const, tenant: 'T1', conversation: 'C1', messageId: '1700.0001' };
const feishuCard = {
  platform: 'feishu' as const,
  tenant: 'tk',
  conversation: 'oc_1',
  messageId: 'om_1',
  threadId: 'om_root',
  startedBy: 'ou_alice',
  locale: 'zh' as const,
};

describe('MessageRefStore', () => {
  const store = new MessageRefStore({ redis: t.redis, prefix: t.prefix });

  it('keeps several cards per task and updates a re-added card', async () => {
    const task = 'workflow-demo-deploy-42';
    const id1 = await store.addCard(task, slackCard);
    const id2 = await store.addCard(task, feishuCard);
    expect(id1).toBe(cardIdOf(slackCard));
    expect(id1).not.toBe(id2);
    await store.addCard(task, { ...slackCard, startedBy: 'U9', locale: 'en' });

    const cards = await store.cards(task);
    expect(cards.sort((a, b) => a.platform.localeCompare(b.platform))).toEqual([
      { ...feishuCard, cardId: id2 },
      { ...slackCard, startedBy: 'U9', locale: 'en', cardId: id1 },
    ]);
    expect(await store.cards('workflow-none-0')).toEqual([]);
  });

  it('remembers the last rendered hash per card', async () => {
    const id = cardIdOf(slackCard);
    expect(await store.lastRendered(id)).toBeNull();
    await store.setLastRendered(id, 'h1');
    expect(await store.lastRendered(id)).toBe('h1');
    await store.setLastRendered(id, 'h2');
    expect(await store.lastRendered(id)).toBe('h2');
  });

  it('puts a TTL (default 14 days) on every key it writes', async () => {
    expect(MESSAGE_REF_TTL_MS).toBe(14 * 24 * 3600_000);
    for (const key of await t.keys()) {
      const ttl = await t.redis.pttl(key);
      expect(ttl).toBeGreaterThan(MESSAGE_REF_TTL_MS - 60_000);
      expect(ttl).toBeLessThanOrEqual(MESSAGE_REF_TTL_MS);
    }
  });

  it('expires cards and hashes after a short TTL', async () => {
    const short = new MessageRefStore({ redis: t.redis, prefix: t.prefix, ttlMs: 60 });
    const id = await short.addCard('workflow-demo-ttl-1', slackCard);
    await short.setLastRendered(`${id}-ttl`, 'h');
    await sleep(120);
    expect(await short.cards('workflow-demo-ttl-1')).toEqual([]);
    expect(await short.lastRendered(`${id}-ttl`)).toBeNull();
  });

  it('removes one card or a whole task with its render hashes', async () => {
    const task = 'workflow-demo-deploy-43';
    const id1 = await store.addCard(task, { ...slackCard, messageId: '1' });
    const id2 = await store.addCard(task, { ...slackCard, messageId: '2' });
    await store.setLastRendered(id1, 'a');
    await store.setLastRendered(id2, 'b');

    expect(await store.removeCard(task, id1)).toBe(true);
    expect(await store.removeCard(task, id1)).toBe(false);
    expect(await store.lastRendered(id1)).toBeNull();
    expect((await store.cards(task)).map((c) => c.cardId)).toEqual([id2]);

    await store.removeTask(task);
    expect(await store.cards(task)).toEqual([]);
    expect(await store.lastRendered(id2)).toBeNull();
  });
});
