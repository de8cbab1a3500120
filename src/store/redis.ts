/**
 * ioredis connections by role, to one Redis (`REDIS_URL`), to the primary Sentinel names, or to a Redis
 * Cluster. Workers block on BullMQ commands and must never give up on a command (BullMQ throws without
 * `maxRetriesPerRequest: null`); clients (bot, stores) fail a command after a few retries so a request
 * does not hang while Redis is down.
 */
import { Cluster, type ClusterOptions, Redis, type RedisOptions } from 'ioredis';

/** A connection of any of the three kinds: every store and queue takes either. */
export type RedisConnection = Redis | Cluster;

/** One `host:port` of a sentinel or a cluster seed node. */
export interface RedisNode {
  host: string;
  port: number;
}

/** Credentials and TLS of the data nodes (Sentinel's primary and replicas, or the cluster's nodes). */
interface NodeAuth {
  username?: string;
  password?: string;
  /** TLS to the data nodes (the server certificate is checked; extra CAs: NODE_EXTRA_CA_CERTS). */
  tls: boolean;
}

/** Where Redis is: one endpoint, a primary found through Sentinel, or a cluster. */
export type RedisTarget =
  | { mode: 'standalone'; url: string }
  | (NodeAuth & {
      mode: 'sentinel';
      sentinels: RedisNode[];
      /** The name the sentinels monitor the primary by (`sentinel monitor <name> …`). */
      masterName: string;
      sentinelUsername?: string;
      sentinelPassword?: string;
      /** TLS to the sentinels themselves. */
      sentinelTls: boolean;
    })
  | (NodeAuth & { mode: 'cluster'; nodes: RedisNode[] });

/** Options of `createRedis`. */
export interface CreateRedisOptions {
  role: 'client' | 'worker';
  /** Shown in `CLIENT LIST`, to tell processes apart. */
  connectionName?: string;
  /** Extra ioredis options (tests: `lazyConnect`); they win over the role defaults. */
  overrides?: RedisOptions;
}

/**
 * A write that reached a replica (the old primary after a failover, or an endpoint that has not followed
 * it yet) answers READONLY: reconnect, which finds the current primary, and resend the command.
 */
function reconnectOnReadOnly(err: Error): 2 | false {
  return err.message.startsWith('READONLY') ? 2 : false;
}

/**
 * Behind Sentinel a client rides out a failover instead of failing at once: it retries every 100–500 ms
 * (so it finds the promoted replica within half a second) and fails a waiting command only after about
 * 9.5 s without a primary (21 attempts). One endpoint keeps failing fast (4 attempts, ~0.3 s).
 */
const FAILOVER_RETRIES = 20;
const failoverRetryDelay = (attempt: number) => Math.min(attempt * 100, 500);

function nodeOptions(opts: CreateRedisOptions, failover = false): RedisOptions {
  const role: RedisOptions =
    opts.role === 'worker'
      ? { maxRetriesPerRequest: null }
      : { maxRetriesPerRequest: failover ? FAILOVER_RETRIES : 3, enableOfflineQueue: true };
  return {
    ...role,
    ...(failover ? { retryStrategy: failoverRetryDelay } : {}),
    reconnectOnError: reconnectOnReadOnly,
    ...(opts.connectionName !== undefined ? { connectionName: opts.connectionName } : {}),
    ...opts.overrides,
  };
}

function auth(t: NodeAuth): RedisOptions {
  return {
    ...(t.username ? { username: t.username } : {}),
    ...(t.password ? { password: t.password } : {}),
    ...(t.tls ? { tls: {} } : {}),
  };
}

/** Creates an ioredis client for `url` (e.g. `redis://127.0.0.1:6379`) tuned for its role. */
export function createRedis(url: string, opts: CreateRedisOptions): Redis;
/** Creates the client for `target` (one endpoint, Sentinel or Cluster) tuned for its role. */
export function createRedis(target: RedisTarget, opts: CreateRedisOptions): RedisConnection;
export function createRedis(target: string | RedisTarget, opts: CreateRedisOptions): RedisConnection {
  const t: RedisTarget = typeof target === 'string' ? { mode: 'standalone', url: target } : target;
  if (t.mode === 'standalone') return new Redis(t.url, nodeOptions(opts));
  if (t.mode === 'sentinel') {
    return new Redis({
      ...nodeOptions(opts, true),
      ...auth(t),
      sentinels: t.sentinels,
      name: t.masterName,
      role: 'master',
      ...(t.tls ? { enableTLSForSentinelMode: true } : {}),
      ...(t.sentinelTls ? { sentinelTLS: {} } : {}),
      ...(t.sentinelUsername ? { sentinelUsername: t.sentinelUsername } : {}),
      ...(t.sentinelPassword ? { sentinelPassword: t.sentinelPassword } : {}),
      // Subscribes to the sentinels' +switch-master: a client drops a primary that was failed over at
      // once instead of when its socket notices.
      failoverDetector: true,
    });
  }
  const { maxRetriesPerRequest, enableOfflineQueue, ...rest } = nodeOptions(opts);
  const cluster: ClusterOptions = {
    redisOptions: { ...rest, ...auth(t), maxRetriesPerRequest },
    ...(enableOfflineQueue !== undefined ? { enableOfflineQueue } : {}),
    ...(opts.overrides?.lazyConnect ? { lazyConnect: true } : {}),
    // TLS certificates name the hosts the cluster announces, so connect by those names.
    ...(t.tls ? { dnsLookup: (address, callback) => callback(null, address) } : {}),
  };
  return new Cluster(t.nodes, cluster);
}

/** True for a Redis Cluster connection. */
export function isCluster(redis: RedisConnection): redis is Cluster {
  return (redis as { isCluster?: boolean }).isCluster === true;
}

/**
 * Every key under `prefix:`, in batches, with SCAN: on a cluster every master is scanned (SCAN answers
 * for one node only), so keys in any slot are found.
 */
export async function* keysUnder(redis: RedisConnection, prefix: string): AsyncGenerator<string[]> {
  // A cluster knows its masters once its slot map is loaded: the first command waits for that.
  if (isCluster(redis)) await redis.ping();
  const nodes: Redis[] = isCluster(redis) ? redis.nodes('master') : [redis];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) yield keys;
    } while (cursor !== '0');
  }
}

/**
 * Deletes every key under `prefix:` with SCAN + UNLINK, never FLUSH (a Redis may be shared by several
 * installations, sessions or test runs). Returns how many keys went. On a cluster every master is
 * scanned and each key unlinked on its own (one UNLINK may not span slots).
 */
export async function deleteKeysUnder(redis: RedisConnection, prefix: string): Promise<number> {
  let deleted = 0;
  for await (const keys of keysUnder(redis, prefix)) {
    if (isCluster(redis)) {
      const counts = await Promise.all(keys.map((k) => redis.unlink(k)));
      deleted += counts.reduce((a, b) => a + b, 0);
    } else {
      deleted += await redis.unlink(...keys);
    }
  }
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
export function logOutages(conn: RedisConnection, name: string, log: OutageLog): void {
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
