// Locks in the audit log on real Redis: newest-first reads, filters that page through the stream,
// the approximate MAXLEN cap, and that a login token never lands in the log.
import { afterAll, describe, expect, it } from 'vitest';
import { type AuditEvent, AuditStore, stripSecrets } from '../../src/store/audit-store.js';
import { testRedis } from '../support/redis.js';

const t = testRedis();
afterAll(() => t.cleanup());

const event = (i: number, over: Partial<AuditEvent> = {}): AuditEvent => ({
  platform: 'slack',
  tenant: 'T1',
  channel: 'C1',
  chatUser: `U${i % 3}`,
  command: `run deploy-${i}`,
  zadigIdentity: i % 2 ? 'alice' : 'bot',
  result: i % 5 === 0 ? 'denied' : 'ok',
  at: 1_700_000_000_000 + i,
  ...over,
});

describe('AuditStore', () => {
  it('returns entries newest first with every field round-tripped', async () => {
    const audit = new AuditStore({ redis: t.redis, prefix: `${t.prefix}:order` });
    for (let i = 1; i <= 5; i++) await audit.append(event(i));
    await audit.append(event(6, { chatUserName: 'Alice', detail: 'ref abc', result: 'error' }));
    const recent = await audit.recent(3);
    expect(recent.map((r) => r.command)).toEqual(['run deploy-6', 'run deploy-5', 'run deploy-4']);
    const { id, ...first } = recent[0]!;
    expect(id).toMatch(/^\d+-\d+$/);
    expect(first).toEqual(event(6, { chatUserName: 'Alice', detail: 'ref abc', result: 'error' }));
    expect(await audit.recent(100)).toHaveLength(6);
    expect(await audit.recent(0)).toEqual([]);
  });

  it('filters, paging past non-matching entries', async () => {
    const audit = new AuditStore({ redis: t.redis, prefix: `${t.prefix}:filter` });
    await audit.append(event(0, { chatUser: 'U-rare', command: 'approve gate 1' }));
    for (let i = 1; i <= 450; i++) await audit.append(event(i, { chatUser: 'U-busy' }));
    const rare = await audit.recent(10, { chatUser: 'U-rare' });
    expect(rare.map((r) => r.command)).toEqual(['approve gate 1']);

    const denied = await audit.recent(5, { result: 'denied', zadigIdentity: 'bot' });
    expect(denied.map((r) => r.at - 1_700_000_000_000)).toEqual([450, 440, 430, 420, 410]);
  });

  it('caps the stream approximately at maxLen', async () => {
    const audit = new AuditStore({ redis: t.redis, prefix: `${t.prefix}:cap`, maxLen: 100 });
    for (let i = 1; i <= 400; i++) await audit.append(event(i));
    const len = await audit.length();
    // `~` trims whole stream nodes (100 entries each by default): at least maxLen, well under 400.
    expect(len).toBeGreaterThanOrEqual(100);
    expect(len).toBeLessThanOrEqual(200);
    expect((await audit.recent(1))[0]?.command).toBe('run deploy-400');
  });

  it('strips a login token and JWT-shaped strings even if the caller forgot', async () => {
    const audit = new AuditStore({ redis: t.redis, prefix: `${t.prefix}:secret` });
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJ1aWQiOiJ4In0.c2lnbmF0dXJl';
    await audit.append(event(1, { command: `login ${jwt}`, detail: `bad token ${jwt}` }));
    await audit.append(event(2, { command: '/zadig 登录 secret-token-value' }));
    const dump = [...(await t.dump()).values()].join('\n');
    expect(dump).not.toContain(jwt);
    expect(dump).not.toContain('secret-token-value');
    const [second, first] = await audit.recent(2);
    expect(second?.command).toBe('/zadig 登录 [redacted]');
    expect(first?.command).toBe('login [redacted]');
    expect(first?.detail).toBe('bad token [redacted]');
    expect(stripSecrets('run deploy --env prod')).toBe('run deploy --env prod');
  });
});
