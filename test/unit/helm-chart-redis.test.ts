// Locks in the Helm chart's Redis Sentinel and Cluster values and crash-recovery timing: what they render
// reaches the app's config loader as a Sentinel or Cluster target (passwords only through Secrets), and
// contradictions fail at install time with a message in English and Chinese.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { deployment, render } from '../support/helm/chart-fixture.js';
import { containerEnv, findOne, theContainer } from '../support/helm/kube.js';
import { HelmRenderError } from '../support/helm-render.js';

const SENTINELS = ['redis-node-0.redis-headless:26379', 'redis-node-1.redis-headless:26379'];

describe('Helm chart: Redis Sentinel and Cluster', () => {
  it('Sentinel with the Bitnami Secret: sentinels and master in the ConfigMap, the password by key', () => {
    const { docs } = render({
      redis: {
        url: '',
        existingSecret: 'redis',
        sentinel: { addresses: SENTINELS, masterName: 'mymaster', password: 'sentinel-pw', tls: true },
        tls: true,
      },
    });
    for (const component of ['bot', 'worker']) {
      const c = theContainer(deployment(docs, component));
      expect(c.env).toContainEqual({
        name: 'REDIS_PASSWORD',
        valueFrom: { secretKeyRef: { name: 'redis', key: 'redis-password' } },
      });
      const env = containerEnv(docs, c, { redis: { 'redis-password': 'data-pw' } });
      expect(env.REDIS_URL).toBeUndefined();
      expect(loadConfig(env).redis).toEqual({
        mode: 'sentinel',
        sentinels: [
          { host: 'redis-node-0.redis-headless', port: 26379 },
          { host: 'redis-node-1.redis-headless', port: 26379 },
        ],
        masterName: 'mymaster',
        password: 'data-pw',
        sentinelPassword: 'sentinel-pw',
        tls: true,
        sentinelTls: true,
      });
    }
    const outsideSecret = JSON.stringify(docs.filter((d) => d.kind !== 'Secret'));
    expect(outsideSecret).not.toContain('sentinel-pw');
  });

  it('Cluster: seed nodes, a hash-tag prefix, the password in the chart Secret; crash recovery tuned', () => {
    const { docs } = render({
      redis: { url: '', cluster: { nodes: ['c-0:6379', 'c-1:6379'] }, prefix: '{zbot}', password: 'cl-pw' },
      crashRecovery: { lockMs: 20000, stalledCheckMs: 5000 },
    });
    expect(Buffer.from((findOne(docs, 'Secret') as any).data.REDIS_PASSWORD, 'base64').toString()).toBe(
      'cl-pw',
    );
    const cfg = loadConfig(containerEnv(docs, theContainer(deployment(docs, 'worker'))));
    expect(cfg).toMatchObject({
      redis: {
        mode: 'cluster',
        nodes: [
          { host: 'c-0', port: 6379 },
          { host: 'c-1', port: 6379 },
        ],
        password: 'cl-pw',
      },
      prefix: '{zbot}',
      workerLockMs: 20000,
      workerStalledCheckMs: 5000,
    });
  });

  it('by default the pods get the 8 s lock and 4 s stalled check', () => {
    const { docs } = render();
    expect(loadConfig(containerEnv(docs, theContainer(deployment(docs, 'bot'))))).toMatchObject({
      redis: { mode: 'standalone' },
      workerLockMs: 8000,
      workerStalledCheckMs: 4000,
    });
  });

  it.each([
    ['redis.prefix must be a hash tag', { redis: { url: '', cluster: { nodes: ['c:6379'] } } }],
    ['redis.url names one Redis endpoint', { redis: { cluster: { nodes: ['c:6379'] }, prefix: '{z}' } }],
    [
      'exclude each other',
      {
        redis: {
          url: '',
          sentinel: { addresses: ['s:26379'] },
          cluster: { nodes: ['c:6379'] },
          prefix: '{z}',
        },
      },
    ],
  ])('fails with "%s" (English and Chinese)', (words, values) => {
    let error: unknown;
    try {
      render(values);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HelmRenderError);
    expect((error as Error).message).toContain(words);
    expect((error as Error).message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('the schema refuses an address without a port', () => {
    expect(() => render({ redis: { url: '', sentinel: { addresses: ['redis-node-0'] } } })).toThrow(
      /values don't meet the specifications of the schema/,
    );
  });
});
