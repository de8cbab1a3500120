// Locks in the small stores on real Redis (channel bindings, locale preferences), the role options of
// createRedis, and that createStores wires all stores to one prefix.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { BindingStore } from '../../src/store/binding-store.js';
import { createStores } from '../../src/store/index.js';
import { STORE_AREAS } from '../../src/store/keys.js';
import { PreferenceStore } from '../../src/store/preferences.js';
import { createRedis } from '../../src/store/redis.js';
import { SecretBox } from '../../src/store/secret-box.js';
import type { Scope } from '../../src/store/types.js';
import { REDIS_URL, testRedis } from '../support/redis.js';

const t = testRedis();
afterAll(() => t.cleanup());
const slack: Scope = { platform: 'slack', tenant: 'T1' };
const feishu: Scope = { platform: 'feishu', tenant: 'T1' };

describe('BindingStore', () => {
  const store = new BindingStore({ redis: t.redis, prefix: t.prefix });

  it('sets, gets, lists per scope and removes bindings', async () => {
    await store.set(slack, 'C2', { projectKey: 'demo', env: 'dev', boundBy: 'U1', boundAt: 5 });
    await store.set(slack, 'C1', { projectKey: 'alpha', boundBy: 'U2', boundAt: 6 });
    await store.set(feishu, 'C1', { projectKey: 'other', boundBy: 'ou_1', boundAt: 7 });
    expect(await store.get(slack, 'C2')).toEqual({
      projectKey: 'demo',
      env: 'dev',
      boundBy: 'U1',
      boundAt: 5,
    });
    expect(await store.get(slack, 'C3')).toBeNull();
    expect(await store.list(slack)).toEqual([
      { conversation: 'C1', binding: { projectKey: 'alpha', boundBy: 'U2', boundAt: 6 } },
      { conversation: 'C2', binding: { projectKey: 'demo', env: 'dev', boundBy: 'U1', boundAt: 5 } },
    ]);
    await store.set(slack, 'C1', { projectKey: 'beta', boundBy: 'U3', boundAt: 8 });
    expect((await store.get(slack, 'C1'))?.projectKey).toBe('beta');
    expect(await store.remove(slack, 'C1')).toBe(true);
    expect(await store.remove(slack, 'C1')).toBe(false);
    expect((await store.list(slack)).map((b) => b.conversation)).toEqual(['C2']);
    expect((await store.list(feishu)).map((b) => b.binding.projectKey)).toEqual(['other']);
  });
});

describe('PreferenceStore', () => {
  it('stores a locale per user and scope, and forgets it on null', async () => {
    const prefs = new PreferenceStore({ redis: t.redis, prefix: t.prefix });
    expect(await prefs.get(slack, 'U1')).toBeNull();
    await prefs.set(slack, 'U1', 'zh');
    expect(await prefs.get(slack, 'U1')).toBe('zh');
    expect(await prefs.get(feishu, 'U1')).toBeNull();
    await prefs.set(slack, 'U1', 'en');
    expect(await prefs.get(slack, 'U1')).toBe('en');
    await prefs.set(slack, 'U1', null);
    expect(await prefs.get(slack, 'U1')).toBeNull();
  });
});

describe('createRedis', () => {
  it('configures worker and client connections by role', async () => {
    const worker = createRedis(REDIS_URL, { role: 'worker', overrides: { lazyConnect: true } });
    const client = createRedis(REDIS_URL, { role: 'client', connectionName: 'zbot-test' });
    try {
      expect(worker.options.maxRetriesPerRequest).toBeNull();
      expect(client.options.maxRetriesPerRequest).toBe(3);
      expect(client.options.enableOfflineQueue).toBe(true);
      expect(await client.ping()).toBe('PONG');
      expect(await client.client('GETNAME')).toBe('zbot-test');
    } finally {
      worker.disconnect();
      await client.quit();
    }
  });
});

describe('createStores', () => {
  it('builds every store over one client, writing only under the prefix and known areas', async () => {
    const prefix = `${t.prefix}:all`;
    const stores = createStores({
      redis: t.redis,
      prefix,
      secretBox: new SecretBox({ current: randomBytes(32) }),
    });
    await stores.identities.link(slack, 'U1', {
      token: 'tok',
      claims: { uid: 'u', name: 'n', account: 'a', email: 'e@x' },
      linkedAt: 1,
    });
    await stores.bindings.set(slack, 'C1', { projectKey: 'p', boundBy: 'U1', boundAt: 1 });
    await stores.subscriptions.add(slack, 'C1', {
      projectKey: 'p',
      workflow: 'w',
      createdBy: 'U1',
      createdAt: 1,
    });
    await stores.messageRefs.setLastRendered('slack:T1:C1:1', 'h');
    await stores.dedupe.claim('evt', 10_000);
    await stores.dedupe.beginOnce('final', 10_000);
    await stores.nonces.create({ command: 'c', actor: 'U1', scope: slack });
    await stores.audit.append({
      platform: 'slack',
      tenant: 'T1',
      channel: 'C1',
      chatUser: 'U1',
      command: 'c',
      zadigIdentity: 'bot',
      result: 'ok',
      at: 1,
    });
    await stores.cache.getOrLoad('k', 10_000, async () => 1);
    await stores.preferences.set(slack, 'U1', 'zh');
    await stores.zadigServer.recordVersion('3.4.1', 1);

    const keys = (await t.keys()).filter((k) => k.startsWith(`${prefix}:`));
    const areas = new Set(keys.map((k) => k.slice(prefix.length + 1).split(':')[0]));
    expect([...areas].sort()).toEqual([...STORE_AREAS].sort());
  });

  it('refuses an empty prefix', () => {
    expect(() => new BindingStore({ redis: t.redis, prefix: '' })).toThrow(TypeError);
  });
});
