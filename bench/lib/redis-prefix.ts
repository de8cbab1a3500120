/**
 * The benchmarks' Redis keys: each run lives under its own `bench-<id>-<name>` prefix, deleted with SCAN
 * + DEL when the benchmark ends (never FLUSH: other people use this Redis), or on Ctrl-C by run.ts.
 */
import type { Redis } from 'ioredis';
import { deleteKeysUnder } from '../../src/store/index.js';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Prefixes of benchmarks still running, so an interrupted run can still clean up (run.ts, SIGINT). */
export const ACTIVE_PREFIXES = new Set<string>();

/** Deletes every key under `prefix:` (SCAN, never FLUSH: the Redis is shared). Returns how many. */
export function deletePrefix(redis: Redis, prefix: string): Promise<number> {
  return deleteKeysUnder(redis, prefix);
}
