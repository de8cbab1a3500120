// Locks in cross-process once-only semantics on real Redis: event claims (SET NX PX), the exactly-once
// lease (pending → done, busy while held, lapses after a crash, abort never undoes done) and one-time
// confirmation nonces (exactly one consumer, expiry). Separate store instances stand in for processes.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { DedupeStore } from '../../src/store/dedupe-store.js';
import { NonceStore } from '../../src/store/nonce-store.js';
import type { Scope } from '../../src/store/types.js';
import { testRedis } from '../support/redis.js';

const t = testRedis();
const t2 = testRedis();
afterAll(async () => {
  await t2.redis.quit();
  await t.cleanup();
});
const opts = { redis: t.redis, prefix: t.prefix };
// A second connection with the same prefix plays a second process.
const opts2 = { redis: t2.redis, prefix: t.prefix };
const scope: Scope = { platform: 'slack', tenant: 'T1' };

describe('DedupeStore.claim', () => {
  it('lets exactly one of many concurrent claimers win, across processes', async () => {
    const a = new DedupeStore(opts);
    const b = new DedupeStore(opts2);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).claim('slack:evt:Ev1', 10_000)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await a.isClaimed('slack:evt:Ev1')).toBe(true);
    expect(await a.isClaimed('slack:evt:Ev2')).toBe(false);
  });

  it('expires after its TTL', async () => {
    const a = new DedupeStore(opts);
    expect(await a.claim('short', 60)).toBe(true);
    expect(await a.claim('short', 60)).toBe(false);
    await sleep(120);
    expect(await a.isClaimed('short')).toBe(false);
    expect(await a.claim('short', 60)).toBe(true);
  });
});

describe('DedupeStore exactly-once lease', () => {
  it('acquires once; others see busy until done, then done', async () => {
    const a = new DedupeStore(opts);
    const b = new DedupeStore(opts2);
    const states = await Promise.all([a.beginOnce('final:1', 5_000), b.beginOnce('final:1', 5_000)]);
    expect(states.sort()).toEqual(['acquired', 'busy']);
    const winner = states[0] === 'acquired' ? a : b;
    expect(await a.beginOnce('final:1', 5_000)).toBe('busy');
    await winner.completeOnce('final:1', 10_000);
    expect(await a.beginOnce('final:1', 5_000)).toBe('done');
    expect(await b.beginOnce('final:1', 5_000)).toBe('done');
    // Abort after done (a confused caller) must not re-open the action.
    await a.abortOnce('final:1');
    expect(await b.beginOnce('final:1', 5_000)).toBe('done');
  });

  it('abort releases the lease for a retry', async () => {
    const a = new DedupeStore(opts);
    const b = new DedupeStore(opts2);
    expect(await a.beginOnce('final:2', 5_000)).toBe('acquired');
    await a.abortOnce('final:2');
    expect(await b.beginOnce('final:2', 5_000)).toBe('acquired');
  });

  it('a crashed holder lease lapses; its late abort does not drop the new holder lease', async () => {
    const a = new DedupeStore(opts);
    const b = new DedupeStore(opts2);
    const c = new DedupeStore(opts);
    expect(await a.beginOnce('final:3', 50)).toBe('acquired');
    await sleep(100);
    expect(await b.beginOnce('final:3', 5_000)).toBe('acquired');
    await a.abortOnce('final:3');
    expect(await c.beginOnce('final:3', 5_000)).toBe('busy');
  });

  it('done expires after its TTL', async () => {
    const a = new DedupeStore(opts);
    expect(await a.beginOnce('final:4', 5_000)).toBe('acquired');
    await a.completeOnce('final:4', 60);
    expect(await a.beginOnce('final:4', 5_000)).toBe('done');
    await sleep(120);
    expect(await a.beginOnce('final:4', 5_000)).toBe('acquired');
  });
});

describe('NonceStore', () => {
  const payload = { command: 'restart api --env prod --production', actor: 'U1', scope };

  it('creates url-safe nonces of at least 96 bits that are all different', async () => {
    const nonces = new NonceStore(opts);
    const made = await Promise.all(Array.from({ length: 50 }, () => nonces.create(payload)));
    expect(new Set(made).size).toBe(50);
    for (const n of made) {
      expect(n).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(Buffer.from(n, 'base64url').length * 8).toBeGreaterThanOrEqual(96);
    }
  });

  it('consumes exactly once, even when two processes race', async () => {
    const n = await new NonceStore(opts).create(payload);
    const results = await Promise.all([new NonceStore(opts).consume(n), new NonceStore(opts2).consume(n)]);
    expect(results.filter((r) => r !== null)).toEqual([payload]);
    expect(await new NonceStore(opts).consume(n)).toBeNull();
  });

  it('returns null after expiry and for unknown or malformed nonces', async () => {
    const nonces = new NonceStore(opts);
    const n = await nonces.create(payload, 50);
    await sleep(100);
    expect(await nonces.consume(n)).toBeNull();
    expect(await nonces.consume('A'.repeat(22))).toBeNull();
    expect(await nonces.consume('*')).toBeNull();
    expect(await nonces.consume('')).toBeNull();
  });

  it('defaults to a five-minute TTL', async () => {
    const n = await new NonceStore(opts).create(payload);
    const ttl = await t.redis.pttl(`${t.prefix}:nonce:${n}`);
    expect(ttl).toBeGreaterThan(290_000);
    expect(ttl).toBeLessThanOrEqual(300_000);
  });
});
