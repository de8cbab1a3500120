/**
 * A small read-through cache in Redis (JSON) shared by every process, with an in-process single
 * flight: concurrent misses for one key in one process call the loader once. Used for slow, rarely
 * changing lookups: workflow names for "did you mean", email → user id.
 */

import { type StoreKeys, storeKeys } from './keys.js';
import type { RedisConnection } from './redis.js';
import { assertPrefix, type StoreOptions } from './types.js';

/** Read-through JSON cache. */
export class Cache {
  readonly #redis: RedisConnection;
  readonly #keys: StoreKeys;
  readonly #inflight = new Map<string, Promise<unknown>>();

  constructor(opts: StoreOptions) {
    assertPrefix(opts.prefix);
    this.#redis = opts.redis;
    this.#keys = storeKeys(opts.prefix);
  }

  /**
   * The cached value of `key`, or the loader's result (then cached for `ttlMs`, or for what it returns
   * for the value: a partial result can be kept briefly). A loader that throws
   * caches nothing and rejects every waiter of that flight.
   */
  getOrLoad<T>(key: string, ttlMs: number | ((value: T) => number), loader: () => Promise<T>): Promise<T> {
    const pending = this.#inflight.get(key);
    if (pending) return pending as Promise<T>;
    const flight = this.#load(key, ttlMs, loader).finally(() => this.#inflight.delete(key));
    this.#inflight.set(key, flight);
    return flight;
  }

  /** Drops a cached value (e.g. after a write that changes it). */
  async invalidate(key: string): Promise<void> {
    await this.#redis.del(this.#keys.cache(key));
  }

  async #load<T>(key: string, ttl: number | ((value: T) => number), loader: () => Promise<T>): Promise<T> {
    const redisKey = this.#keys.cache(key);
    const raw = await this.#redis.get(redisKey);
    // Wrapped so a cached null/false/0 is a hit, not a miss.
    if (raw !== null) return (JSON.parse(raw) as { v: T }).v;
    const value = await loader();
    const ttlMs = typeof ttl === 'function' ? ttl(value) : ttl;
    await this.#redis.set(redisKey, JSON.stringify({ v: value }), 'PX', ttlMs);
    return value;
  }
}
