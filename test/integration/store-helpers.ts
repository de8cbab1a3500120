/**
 * Shared by the store integration tests: a real Redis client, a unique key prefix per test file, and
 * helpers to read back or delete everything under that prefix (never FLUSHDB: the Redis is shared).
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

export const REDIS_URL = 'redis://127.0.0.1:6379';

/** A connected client and a fresh prefix; `cleanup` deletes the prefix's keys and disconnects. */
export function testRedis(opts: { hashTag?: boolean } = {}) {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 3 });
  const id = `t-${randomUUID()}`;
  const prefix = opts.hashTag ? `{${id}}` : id;
  return {
    redis,
    prefix,
    /** Every key under the prefix. */
    keys: () => scanKeys(redis, prefix),
    /** Every key with its value flattened to text, whatever the Redis type. */
    dump: () => dumpPrefix(redis, prefix),
    async cleanup() {
      const keys = await scanKeys(redis, prefix);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    },
  };
}

export async function scanKeys(redis: Redis, prefix: string): Promise<string[]> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    out.push(...batch);
  } while (cursor !== '0');
  return out.sort();
}

async function dumpPrefix(redis: Redis, prefix: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const key of await scanKeys(redis, prefix)) {
    const type = await redis.type(key);
    let value: unknown;
    if (type === 'string') value = await redis.get(key);
    else if (type === 'hash') value = await redis.hgetall(key);
    else if (type === 'set') value = await redis.smembers(key);
    else if (type === 'zset') value = await redis.zrange(key, 0, -1, 'WITHSCORES');
    else if (type === 'list') value = await redis.lrange(key, 0, -1);
    else if (type === 'stream') value = await redis.xrange(key, '-', '+');
    else throw new Error(`unexpected type ${type} at ${key}`);
    out.set(key, JSON.stringify(value));
  }
  return out;
}
