// Locks in the read-through cache on real Redis: hits skip the loader (also in another process),
// concurrent misses in one process call the loader once, falsy values are cached, TTL and errors, and
// the process's own two-second copy.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { Cache } from '../../src/store/cache.js';
import { testRedis } from '../support/redis.js';

const t = testRedis();
afterAll(() => t.cleanup());

function countingLoader<T>(value: T, delayMs = 20) {
  const loader = async () => {
    loader.calls++;
    await sleep(delayMs);
    return value;
  };
  loader.calls = 0;
  return loader;
}

describe('Cache', () => {
  it('calls the loader once for concurrent misses and serves later reads from Redis', async () => {
    const cache = new Cache({ redis: t.redis, prefix: t.prefix });
    const loader = countingLoader(['deploy-dev', 'deploy-prod']);
    const results = await Promise.all(
      Array.from({ length: 8 }, () => cache.getOrLoad('wf:demo', 10_000, loader)),
    );
    expect(results.every((r) => JSON.stringify(r) === '["deploy-dev","deploy-prod"]')).toBe(true);
    expect(loader.calls).toBe(1);

    const otherProcess = new Cache({ redis: t.redis, prefix: t.prefix });
    const again = countingLoader(['stale']);
    expect(await otherProcess.getOrLoad('wf:demo', 10_000, again)).toEqual(['deploy-dev', 'deploy-prod']);
    expect(again.calls).toBe(0);
  });

  it('caches null and other falsy values as hits', async () => {
    const cache = new Cache({ redis: t.redis, prefix: t.prefix });
    const loader = countingLoader<string | null>(null);
    expect(await cache.getOrLoad('email:nobody', 10_000, loader)).toBeNull();
    expect(await cache.getOrLoad('email:nobody', 10_000, loader)).toBeNull();
    expect(loader.calls).toBe(1);
  });

  it('reloads after the TTL and after invalidate', async () => {
    const cache = new Cache({ redis: t.redis, prefix: t.prefix });
    const loader = countingLoader(1, 0);
    await cache.getOrLoad('ttl', 50, loader);
    await sleep(100);
    await cache.getOrLoad('ttl', 10_000, loader);
    expect(loader.calls).toBe(2);
    await cache.invalidate('ttl');
    await cache.getOrLoad('ttl', 10_000, loader);
    expect(loader.calls).toBe(3);
  });

  it('caches nothing when the loader fails, and the next call retries', async () => {
    const cache = new Cache({ redis: t.redis, prefix: t.prefix });
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new Error('zadig down');
    };
    const both = await Promise.allSettled([
      cache.getOrLoad('fail', 1000, failing),
      cache.getOrLoad('fail', 1000, failing),
    ]);
    expect(both.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(calls).toBe(1);
    expect(await cache.getOrLoad('fail', 1000, async () => 'ok')).toBe('ok');
  });
  it('serves what this process read for two seconds without asking Redis, frozen; invalidate drops it', async () => {
    const cache = new Cache({ redis: t.redis, prefix: t.prefix });
    const key = 'wf:local';
    const first = await cache.getOrLoad(key, 60_000, countingLoader(['build', 'deploy']));
    // Gone from Redis (another process's invalidate, or an expiry): this process keeps its copy briefly.
    await t.redis.del(`${t.prefix}:cache:${key}`);
    const loader = countingLoader(['changed']);
    const near = await cache.getOrLoad(key, 60_000, loader);
    expect(near).toEqual(['build', 'deploy']);
    expect(loader.calls).toBe(0);
    expect(Object.isFrozen(near)).toBe(true);
    expect(() => (near as string[]).push('x')).toThrow(TypeError);
    expect(first).toEqual(['build', 'deploy']);
    // A second process reads Redis: it sees the change at once.
    expect(await new Cache({ redis: t.redis, prefix: t.prefix }).getOrLoad(key, 60_000, loader)).toEqual([
      'changed',
    ]);
    // After two seconds this process reads Redis again.
    await sleep(2100);
    expect(await cache.getOrLoad(key, 60_000, countingLoader(['never']))).toEqual(['changed']);
    await cache.invalidate(key);
    const reload = countingLoader(['reloaded']);
    expect(await cache.getOrLoad(key, 60_000, reload)).toEqual(['reloaded']);
    expect(reload.calls).toBe(1);
  });

  it('keeps a loaded value in the process no longer than its own TTL', async () => {
    const cache = new Cache({ redis: t.redis, prefix: t.prefix });
    await cache.getOrLoad('wf:short', 100, countingLoader('a'));
    await sleep(150);
    const again = countingLoader('b');
    expect(await cache.getOrLoad('wf:short', 100, again)).toBe('b');
    expect(again.calls).toBe(1);
  });
});
