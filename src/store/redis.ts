/**
 * ioredis connections by role. Workers block on BullMQ commands and must never give up on a command
 * (BullMQ throws without `maxRetriesPerRequest: null`); clients (bot, stores) fail a command after a few
 * retries so a request does not hang while Redis is down.
 */
import { Redis, type RedisOptions } from 'ioredis';

/** Options of `createRedis`. */
export interface CreateRedisOptions {
  role: 'client' | 'worker';
  /** Shown in `CLIENT LIST`, to tell processes apart. */
  connectionName?: string;
  /** Extra ioredis options (tests: `lazyConnect`); they win over the role defaults. */
  overrides?: RedisOptions;
}

/** Creates an ioredis client for `url` (e.g. `redis://127.0.0.1:6379`) tuned for its role. */
export function createRedis(url: string, opts: CreateRedisOptions): Redis {
  const roleOptions: RedisOptions =
    opts.role === 'worker'
      ? { maxRetriesPerRequest: null }
      : { maxRetriesPerRequest: 3, enableOfflineQueue: true };
  return new Redis(url, {
    ...roleOptions,
    ...(opts.connectionName !== undefined ? { connectionName: opts.connectionName } : {}),
    ...opts.overrides,
  });
}

/**
 * Deletes every key under `prefix:` with SCAN + UNLINK, never FLUSH (a Redis may be shared by several
 * installations, sessions or test runs). Returns how many keys went.
 */
export async function deleteKeysUnder(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}

/** The logger calls `logOutages` makes (a pino Logger fits). */
interface OutageLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/**
 * Logs each outage of `conn` once (and its end), instead of ioredis printing every failed reconnect to
 * stderr as "Unhandled error event"; ioredis keeps reconnecting.
 */
export function logOutages(conn: Redis, name: string, log: OutageLog): void {
  let down = false;
  conn.on('error', (err: Error) => {
    if (down) return;
    down = true;
    log.warn({ connection: name, err: err.message }, 'redis connection lost; reconnecting');
  });
  conn.on('ready', () => {
    if (!down) return;
    down = false;
    log.info({ connection: name }, 'redis connection restored');
  });
}
