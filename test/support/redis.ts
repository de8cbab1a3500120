/**
 * Real Redis for tests (the shared server at 127.0.0.1:6379): a client under a fresh key prefix, reading
 * back everything under a prefix, and the one cleanup — the product's own `deleteKeysUnder` (SCAN +
 * UNLINK of `<prefix>:*`, never FLUSHDB: the server is shared by everyone working on this machine).
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { deleteKeysUnder, keysUnder, type RedisConnection } from '../../src/store/index.js';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export { deleteKeysUnder };

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
      await deleteKeysUnder(redis, prefix);
      await redis.quit();
    },
  };
}

/** Every key under `prefix:`, sorted (on a cluster, from every master). */
export async function scanKeys(redis: RedisConnection, prefix: string): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of keysUnder(redis, prefix)) out.push(...batch);
  return out.sort();
}

/** Every key under `prefix:` with its value as JSON text, whatever the Redis type. */
export async function dumpPrefix(redis: RedisConnection, prefix: string): Promise<Map<string, string>> {
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
    else if (type === 'none')
      continue; // expired between SCAN and TYPE
    else throw new Error(`unexpected type ${type} at ${key}`);
    out.set(key, JSON.stringify(value));
  }
  return out;
}

/** The same as one text, a `key value` line per key (for "no secret anywhere in Redis" checks). */
export async function dumpText(redis: RedisConnection, prefix: string): Promise<string> {
  return [...(await dumpPrefix(redis, prefix))].map(([k, v]) => `${k} ${v}`).join('\n');
}
