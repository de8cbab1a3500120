// Locks in the Redis section of loadConfig: Sentinel (REDIS_SENTINELS, master name, passwords, TLS) and
// Cluster (REDIS_CLUSTER_NODES, a hash-tag prefix, `{zbot}` by default) next to REDIS_URL, every
// contradiction named at start without a secret in the message, and the crash-recovery timing.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { baseEnv as base, problemsOf } from '../support/config-env.js';

describe('Redis configuration', () => {
  it('Sentinel: addresses, master name, both passwords and both TLS switches', () => {
    const c = loadConfig({
      ...base,
      REDIS_SENTINELS: 'redis-node-0.redis-headless:26379, 10.0.0.7:26380,[fd00::1]:26379',
      REDIS_SENTINEL_MASTER: 'mymaster-prod',
      REDIS_PASSWORD: 'data-pw',
      REDIS_USERNAME: 'zbot',
      REDIS_SENTINEL_PASSWORD: 'sentinel-pw',
      REDIS_TLS: 'true',
      REDIS_SENTINEL_TLS: 'yes',
    });
    expect(c.redis).toEqual({
      mode: 'sentinel',
      sentinels: [
        { host: 'redis-node-0.redis-headless', port: 26379 },
        { host: '10.0.0.7', port: 26380 },
        { host: 'fd00::1', port: 26379 },
      ],
      masterName: 'mymaster-prod',
      username: 'zbot',
      password: 'data-pw',
      sentinelPassword: 'sentinel-pw',
      tls: true,
      sentinelTls: true,
    });
    expect(c.prefix).toBe('zbot');
  });

  it('Sentinel: the master name defaults to mymaster and TLS is off', () => {
    expect(loadConfig({ ...base, REDIS_SENTINELS: 's:26379' }).redis).toEqual({
      mode: 'sentinel',
      sentinels: [{ host: 's', port: 26379 }],
      masterName: 'mymaster',
      tls: false,
      sentinelTls: false,
    });
  });

  it('Cluster: seed nodes, and the prefix is the hash tag {zbot} unless set', () => {
    const c = loadConfig({ ...base, REDIS_CLUSTER_NODES: 'c0:6379,c1:6379', REDIS_PASSWORD: 'pw' });
    expect(c.redis).toEqual({
      mode: 'cluster',
      nodes: [
        { host: 'c0', port: 6379 },
        { host: 'c1', port: 6379 },
      ],
      password: 'pw',
      tls: false,
    });
    expect(c.prefix).toBe('{zbot}');
    expect(loadConfig({ ...base, REDIS_CLUSTER_NODES: 'c0:6379', ZBOT_PREFIX: '{acme}-bot' }).prefix).toBe(
      '{acme}-bot',
    );
  });

  it('Cluster: a prefix that is no hash tag is refused with the one to write', () => {
    const p = problemsOf({ ...base, REDIS_CLUSTER_NODES: 'c0:6379', ZBOT_PREFIX: 'acme' });
    expect(p).toEqual([expect.stringMatching(/ZBOT_PREFIX must be a hash tag .*\{acme\}.*one slot/)]);
    expect(problemsOf({ ...base, REDIS_CLUSTER_NODES: 'c0:6379', ZBOT_PREFIX: '{}x' })).toHaveLength(1);
  });

  it('names every contradiction and malformed address at once, without a secret', () => {
    const p = problemsOf({
      ...base,
      REDIS_URL: 'redis://:url-secret@r:6379',
      REDIS_SENTINELS: 'good:26379,no-port,bad:99999',
      REDIS_CLUSTER_NODES: 'c:6379',
      REDIS_SENTINEL_TLS: 'maybe',
    });
    const text = p.join('\n');
    expect(text).toMatch(/REDIS_SENTINELS and REDIS_CLUSTER_NODES exclude each other/);
    expect(text).toMatch(/REDIS_URL names one Redis endpoint; with REDIS_SENTINELS leave it unset/);
    expect(text).toMatch(/REDIS_SENTINELS must be .*host:port.*"no-port"/);
    expect(text).toMatch(/"bad:99999"/);
    expect(text).toMatch(/REDIS_SENTINEL_TLS must be true or false, got "maybe"/);
    expect(text).not.toContain('url-secret');
  });

  it('refuses Sentinel and node settings that would be ignored', () => {
    expect(problemsOf({ ...base, REDIS_SENTINEL_MASTER: 'm', REDIS_SENTINEL_PASSWORD: 'sp' })).toEqual([
      'REDIS_SENTINEL_MASTER, REDIS_SENTINEL_PASSWORD only apply with REDIS_SENTINELS',
    ]);
    const p = problemsOf({ ...base, REDIS_PASSWORD: 'never-shown', REDIS_TLS: 'true' });
    expect(p).toEqual([expect.stringMatching(/^REDIS_PASSWORD, REDIS_TLS only apply with .*in the URL/)]);
    expect(p.join()).not.toContain('never-shown');
    expect(problemsOf({ ...base, REDIS_CLUSTER_NODES: 'c:6379', REDIS_SENTINEL_MASTER: 'm' })).toHaveLength(
      1,
    );
  });

  it('crash recovery: lock 8 s and check 4 s by default; the check follows a set lock; bounds named', () => {
    expect(loadConfig(base)).toMatchObject({ workerLockMs: 8000, workerStalledCheckMs: 4000 });
    expect(loadConfig({ ...base, ZBOT_WORKER_LOCK_MS: '30000' })).toMatchObject({
      workerLockMs: 30000,
      workerStalledCheckMs: 15000,
    });
    expect(
      loadConfig({ ...base, ZBOT_WORKER_LOCK_MS: '20000', ZBOT_WORKER_STALLED_CHECK_MS: '5000' }),
    ).toMatchObject({ workerLockMs: 20000, workerStalledCheckMs: 5000 });
    expect(problemsOf({ ...base, ZBOT_WORKER_LOCK_MS: '500', ZBOT_WORKER_STALLED_CHECK_MS: 'soon' })).toEqual(
      [
        'ZBOT_WORKER_LOCK_MS must be an integer from 2000 to 600000, got "500"',
        'ZBOT_WORKER_STALLED_CHECK_MS must be an integer from 1000 to 600000, got "soon"',
      ],
    );
  });
});
