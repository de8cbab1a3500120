/**
 * The Redis section of the configuration: one endpoint (`REDIS_URL`), a primary found through Sentinel
 * (`REDIS_SENTINELS`) or a Redis Cluster (`REDIS_CLUSTER_NODES`), and the key prefix, which on a cluster
 * must be a hash tag so BullMQ's and the stores' multi-key scripts keep every key in one slot. Also the
 * crash-recovery timing of the BullMQ workers. src/config.ts calls `readRedisSection`; problems are
 * collected with everything else's, each naming its variable, and no secret appears in them.
 */
import type { RedisNode, RedisTarget } from './store/redis.js';

/** Reads one variable of the environment (trimmed; undefined when unset or blank). */
type Raw = (name: string) => string | undefined;

/** What the Redis section yields. */
export interface RedisSection {
  redis: RedisTarget;
  /** ZBOT_PREFIX; on a cluster `{zbot}` when unset. */
  prefix: string;
  /** BullMQ lock duration (ZBOT_WORKER_LOCK_MS). */
  workerLockMs: number;
  /** BullMQ stalled-job check interval (ZBOT_WORKER_STALLED_CHECK_MS). */
  workerStalledCheckMs: number;
}

/** Default lock: a killed worker's active jobs return within lock + check (12 s). */
export const DEFAULT_WORKER_LOCK_MS = 8_000;

const SENTINEL_ONLY = [
  'REDIS_SENTINEL_MASTER',
  'REDIS_SENTINEL_USERNAME',
  'REDIS_SENTINEL_PASSWORD',
  'REDIS_SENTINEL_TLS',
];
const NODE_AUTH = ['REDIS_USERNAME', 'REDIS_PASSWORD', 'REDIS_TLS'];

/** True when the prefix starts with a non-empty `{…}` hash tag, or has one before any other `{`. */
export function hasHashTag(prefix: string): boolean {
  const open = prefix.indexOf('{');
  if (open < 0) return false;
  const close = prefix.indexOf('}', open + 1);
  return close > open + 1;
}

/** Parses `host:port,host:port` (IPv6 as `[::1]:26379`); pushes a problem per bad entry. */
function parseNodes(name: string, value: string, problems: string[]): RedisNode[] {
  const nodes: RedisNode[] = [];
  for (const entry of value.split(',').map((s) => s.trim())) {
    const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})$/.exec(entry);
    const port = m ? Number(m[2]) : 0;
    if (!m || port < 1 || port > 65535) {
      problems.push(
        `${name} must be a comma-separated list of host:port (e.g. redis-0.redis:26379,redis-1.redis:26379), got "${entry}"`,
      );
      continue;
    }
    nodes.push({ host: m[1]!.replace(/^\[|\]$/g, ''), port });
  }
  return nodes;
}

function flag(raw: Raw, name: string, problems: string[]): boolean {
  const v = raw(name)?.toLowerCase();
  if (v === undefined || v === 'false' || v === '0' || v === 'no') return false;
  if (v === 'true' || v === '1' || v === 'yes') return true;
  problems.push(`${name} must be true or false, got "${raw(name)}"`);
  return false;
}

function intIn(raw: Raw, name: string, def: number, min: number, max: number, problems: string[]): number {
  const v = raw(name);
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${name} must be an integer from ${min} to ${max}, got "${v}"`);
    return def;
  }
  return n;
}

function prefixOf(raw: Raw, cluster: boolean, problems: string[]): string {
  const prefix = raw('ZBOT_PREFIX') ?? (cluster ? '{zbot}' : 'zbot');
  if (/\s/.test(prefix) || prefix.endsWith(':')) {
    problems.push('ZBOT_PREFIX must have no spaces and not end with ":"');
  } else if (cluster && !hasHashTag(prefix)) {
    problems.push(
      `ZBOT_PREFIX must be a hash tag on a Redis Cluster, e.g. {${prefix.replace(/[{}]/g, '')}}: BullMQ's and the bot's multi-key scripts need every key in one slot`,
    );
  }
  return prefix;
}

function auth(raw: Raw, problems: string[]) {
  const username = raw('REDIS_USERNAME');
  const password = raw('REDIS_PASSWORD');
  return {
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
    tls: flag(raw, 'REDIS_TLS', problems),
  };
}

/** Validates the Redis variables; pushes every problem found. */
export function readRedisSection(raw: Raw, problems: string[]): RedisSection {
  const sentinels = raw('REDIS_SENTINELS');
  const clusterNodes = raw('REDIS_CLUSTER_NODES');
  const url = raw('REDIS_URL');
  let redis: RedisTarget;
  if (sentinels && clusterNodes) {
    problems.push('REDIS_SENTINELS and REDIS_CLUSTER_NODES exclude each other: set the one your Redis runs');
  }
  if (url && (sentinels || clusterNodes)) {
    problems.push(
      `REDIS_URL names one Redis endpoint; with ${sentinels ? 'REDIS_SENTINELS' : 'REDIS_CLUSTER_NODES'} leave it unset (credentials: REDIS_USERNAME, REDIS_PASSWORD; TLS: REDIS_TLS)`,
    );
  }
  if (sentinels) {
    redis = {
      mode: 'sentinel',
      sentinels: parseNodes('REDIS_SENTINELS', sentinels, problems),
      masterName: raw('REDIS_SENTINEL_MASTER') ?? 'mymaster',
      ...auth(raw, problems),
      ...(raw('REDIS_SENTINEL_USERNAME') ? { sentinelUsername: raw('REDIS_SENTINEL_USERNAME') } : {}),
      ...(raw('REDIS_SENTINEL_PASSWORD') ? { sentinelPassword: raw('REDIS_SENTINEL_PASSWORD') } : {}),
      sentinelTls: flag(raw, 'REDIS_SENTINEL_TLS', problems),
    };
  } else if (clusterNodes) {
    redis = {
      mode: 'cluster',
      nodes: parseNodes('REDIS_CLUSTER_NODES', clusterNodes, problems),
      ...auth(raw, problems),
    };
  } else {
    const u = url ?? 'redis://127.0.0.1:6379';
    if (!/^rediss?:\/\/\S+$/.test(u)) problems.push('REDIS_URL must start with redis:// or rediss://');
    redis = { mode: 'standalone', url: u };
  }
  if (!sentinels) {
    const stray = SENTINEL_ONLY.filter((n) => raw(n) !== undefined);
    if (stray.length > 0) problems.push(`${stray.join(', ')} only apply with REDIS_SENTINELS`);
  }
  if (!sentinels && !clusterNodes) {
    const stray = NODE_AUTH.filter((n) => raw(n) !== undefined);
    if (stray.length > 0) {
      problems.push(
        `${stray.join(', ')} only apply with REDIS_SENTINELS or REDIS_CLUSTER_NODES; with REDIS_URL write them in the URL (redis://user:password@host:6379, rediss:// for TLS)`,
      );
    }
  }
  const workerLockMs = intIn(raw, 'ZBOT_WORKER_LOCK_MS', DEFAULT_WORKER_LOCK_MS, 2_000, 600_000, problems);
  const workerStalledCheckMs = intIn(
    raw,
    'ZBOT_WORKER_STALLED_CHECK_MS',
    Math.max(1_000, Math.floor(workerLockMs / 2)),
    1_000,
    600_000,
    problems,
  );
  return {
    redis,
    prefix: prefixOf(raw, redis.mode === 'cluster', problems),
    workerLockMs,
    workerStalledCheckMs,
  };
}
