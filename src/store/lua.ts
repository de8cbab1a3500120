/**
 * A Lua script run by SHA (EVALSHA) with a fallback to EVAL after a Redis restart or failover flushed
 * the script cache. Scripts make read-check-write steps atomic across every bot and worker process.
 */
import { createHash } from 'node:crypto';
import type { RedisConnection } from './redis.js';

/** One Lua script. Every key it touches must be passed in `keys` (Redis Cluster routing). */
export class LuaScript {
  readonly sha: string;

  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  /** Runs the script; resolves with whatever it returns. */
  async run(
    redis: RedisConnection,
    keys: readonly string[],
    args: readonly (string | number)[] = [],
  ): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('NOSCRIPT')) {
        return redis.eval(this.source, keys.length, ...keys, ...args);
      }
      throw err;
    }
  }
}
