/**
 * A small read-through cache in Redis (JSON) shared by every process, with an in-process single
 * flight: concurrent misses for one key in one process call the loader once. Used for slow, rarely
 * changing lookups: workflow names for "did you mean", email → user id.
 *
 * What a process read is also kept in the process for a moment (`LOCAL_MS`, in the process's TtlCache):
 * a burst of commands naming the same workflow then costs one Redis read and one
 * JSON parse instead of one each. Values are already up to their TTL old in Redis; this adds at most
 * two seconds, in that process only, and never keeps a loaded value longer than its TTL (`invalidate`
 * drops both).
 */

import { type StoreKeys, storeKeys } from './keys.js';
import type { RedisConnection } from './redis.js';
import { TtlCache } from './ttl-cache.js';
import { assertPrefix, type StoreOptions } from './types.js';

/** How long a value read from Redis is served from the process (ms), and at most how many are kept. */
const LOCAL_MS = 2000;
const LOCAL_MAX = 1000;

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

/** Read-through JSON cache. */
export class Cache {
  readonly #redis: RedisConnection;
  readonly #keys: StoreKeys;
  readonly #inflight = new Map<string, Promise<unknown>>();
  /** Values this process read or loaded lately, served from here until they lapse. */
  readonly #local = new TtlCache<unknown>(LOCAL_MS, () => performance.now(), LOCAL_MAX);

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
    const near = this.#local.get(key);
    if (near) return Promise.resolve(near.v as T);
    const pending = this.#inflight.get(key);
    if (pending) return pending as Promise<T>;
    const flight = this.#load(key, ttlMs, loader).finally(() => this.#inflight.delete(key));
    this.#inflight.set(key, flight);
    return flight;
  }

  /** Drops a cached value (e.g. after a write that changes it). */
  async invalidate(key: string): Promise<void> {
    this.#local.delete(key);
    await this.#redis.del(this.#keys.cache(key));
  }

  async #load<T>(key: string, ttl: number | ((value: T) => number), loader: () => Promise<T>): Promise<T> {
    const redisKey = this.#keys.cache(key);
    const raw = await this.#redis.get(redisKey);
    // Wrapped so a cached null/false/0 is a hit, not a miss.
    if (raw !== null) return this.#keep(key, (JSON.parse(raw) as { v: T }).v, LOCAL_MS);
    const value = await loader();
    const ttlMs = typeof ttl === 'function' ? ttl(value) : ttl;
    await this.#redis.set(redisKey, JSON.stringify({ v: value }), 'PX', ttlMs);
    return this.#keep(key, value, ttlMs);
  }

  #keep<T>(key: string, value: T, lifeMs: number): T {
    const ms = Math.min(LOCAL_MS, lifeMs);
    // Frozen: every caller in this process gets the same object for a while, so none may change it.
    if (ms > 0) this.#local.set(key, deepFreeze(value), ms);
    return value;
  }
}
