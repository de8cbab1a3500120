// Locks in how a Redis target becomes an ioredis client: Sentinel's master name, both passwords and both
// TLS switches reach the options ioredis reads; a cluster's nodes get the credentials and TLS; a worker
// connection never gives up on a command (BullMQ's requirement); a READONLY reply reconnects.
import { Cluster, Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedis, isCluster, type RedisConnection } from '../../src/store/redis.js';

const made: RedisConnection[] = [];
const lazy = { lazyConnect: true };
afterEach(() => {
  for (const c of made.splice(0)) c.disconnect();
});

describe('createRedis', () => {
  it('Sentinel: master name, passwords, TLS to nodes and to sentinels, failover detection', () => {
    const r = createRedis(
      {
        mode: 'sentinel',
        sentinels: [{ host: 's0', port: 26379 }],
        masterName: 'mymaster',
        username: 'zbot',
        password: 'data-pw',
        sentinelPassword: 'sentinel-pw',
        tls: true,
        sentinelTls: true,
      },
      { role: 'client', connectionName: 'zbot-bot', overrides: lazy },
    );
    made.push(r);
    expect(r).toBeInstanceOf(Redis);
    expect((r as Redis).options).toMatchObject({
      sentinels: [{ host: 's0', port: 26379 }],
      name: 'mymaster',
      role: 'master',
      username: 'zbot',
      password: 'data-pw',
      sentinelPassword: 'sentinel-pw',
      tls: {},
      enableTLSForSentinelMode: true,
      sentinelTLS: {},
      failoverDetector: true,
      connectionName: 'zbot-bot',
      maxRetriesPerRequest: 20,
    });
    const o = (r as Redis).options;
    expect(o.reconnectOnError?.(new Error("READONLY You can't write against a read only replica."))).toBe(2);
    expect(o.reconnectOnError?.(new Error('WRONGTYPE'))).toBe(false);
    // Retries come quickly enough to find a promoted replica within half a second.
    expect([1, 3, 10].map((n) => o.retryStrategy?.(n))).toEqual([100, 300, 500]);
  });

  it('Sentinel without TLS or sentinel password sets neither', () => {
    const r = createRedis(
      {
        mode: 'sentinel',
        sentinels: [{ host: 's0', port: 26379 }],
        masterName: 'm',
        tls: false,
        sentinelTls: false,
      },
      { role: 'worker', overrides: lazy },
    ) as Redis;
    made.push(r);
    expect(r.options.tls).toBeUndefined();
    expect(r.options.sentinelTLS).toBeUndefined();
    expect(r.options.sentinelPassword ?? null).toBeNull();
    expect(r.options.maxRetriesPerRequest).toBeNull();
  });

  it('Cluster: seed nodes, node credentials and TLS; a worker connection waits forever', () => {
    const c = createRedis(
      { mode: 'cluster', nodes: [{ host: 'c0', port: 6379 }], password: 'pw', tls: true },
      { role: 'worker', connectionName: 'zbot-worker-q', overrides: lazy },
    );
    made.push(c);
    expect(c).toBeInstanceOf(Cluster);
    expect(isCluster(c)).toBe(true);
    expect((c as Cluster).options.redisOptions).toMatchObject({
      password: 'pw',
      tls: {},
      connectionName: 'zbot-worker-q',
      maxRetriesPerRequest: null,
    });
  });

  it('one endpoint: a URL, failing a command after a few retries in the client role', () => {
    const r = createRedis('redis://127.0.0.1:1/2', { role: 'client', overrides: lazy });
    made.push(r);
    expect(isCluster(r)).toBe(false);
    expect(r.options).toMatchObject({ port: 1, db: 2, maxRetriesPerRequest: 3 });
  });
});
