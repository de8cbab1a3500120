// Locks in what a card shows on real Redis: the hash of what was last rendered into a card, by card id
// (the worker skips unchanged edits; a click that replaced a card resets it), with a TTL on every key.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { cardIdOf, MESSAGE_REF_TTL_MS, MessageRefStore } from '../../src/store/message-ref-store.js';
import { testRedis } from '../support/redis.js';

const t = testRedis();
afterAll(() => t.cleanup());

const slackCard = { platform: 'slack' as const, tenant: 'T1', conversation: 'C1', messageId: '1700.0001' };

describe('MessageRefStore', () => {
  const store = new MessageRefStore({ redis: t.redis, prefix: t.prefix });

  it('ids a card by platform, tenant, conversation and message, each part encoded', () => {
    expect(cardIdOf(slackCard)).toBe('slack:T1:C1:1700.0001');
    expect(cardIdOf({ ...slackCard, conversation: 'a:b' })).toBe('slack:T1:a%3Ab:1700.0001');
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
    const keys = await t.keys();
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      const ttl = await t.redis.pttl(key);
      expect(ttl).toBeGreaterThan(MESSAGE_REF_TTL_MS - 60_000);
      expect(ttl).toBeLessThanOrEqual(MESSAGE_REF_TTL_MS);
    }
  });

  it('forgets a hash after a short TTL', async () => {
    const short = new MessageRefStore({ redis: t.redis, prefix: t.prefix, ttlMs: 60 });
    await short.setLastRendered('slack:T1:C1:ttl', 'h');
    await sleep(120);
    expect(await short.lastRendered('slack:T1:C1:ttl')).toBeNull();
  });
});
