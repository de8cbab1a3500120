// Locks in freeze windows in the one write guard, against the sandbox Zadig on an injected clock: during a
// window a write to a covered env is refused with the reason and the end and nothing is sent to Zadig;
// rollback stays allowed unless the window freezes it; an admin (or someone the window names) may
// override with --override "reason", which is audited; anyone else's override is refused; production
// still needs its confirmation; `freeze` shows the window in force and the next one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonCommand, type CoreHarness, createCoreHarness } from '../support/core-harness.js';

const START = Date.parse('2026-12-02T10:00:00Z'); // Wednesday 18:00 in Shanghai

// `release` (Shanghai) holds now until 20:00 local on demo's dev and prod; `prod-rollbacks` freezes
// rollbacks too on payments' dev; `weekend` is next.
const POLICY = `
admins: [carol, zadig:admin]
defaults:
  production: [alice, carol, zadig:admin]
freezes:
  - name: release
    reason: Release 4.2 is being verified
    timezone: Asia/Shanghai
    from: 2026-12-02 17:00
    to: 2026-12-02 20:00
    projects: [demo]
    envs: [dev, prod]
    override: [zadig:bob]
  - name: payments-audit
    reason: Quarterly audit
    from: 2026-12-01
    to: 2026-12-03
    projects: [payments]
    rollback: frozen
  - name: weekend
    reason: No changes over the weekend
    timezone: Asia/Shanghai
    from: sat 00:00
    to: mon 00:00
    projects: [demo]
`;

let h: CoreHarness;

beforeAll(async () => {
  h = await createCoreHarness({ policy: POLICY, sandbox: { startTime: START } });
  for (const u of ['alice', 'bob', 'carol', 'admin']) await h.link(u);
});
afterAll(async () => {
  await h?.close();
});

const writesSince = (from: number) => h.sandbox.requests.slice(from).filter((q) => q.method !== 'GET');

describe('a write during a freeze', () => {
  it('is refused with the reason and when the freeze ends, and nothing reaches Zadig', async () => {
    const from = h.sandbox.requests.length;
    const text = h.text(await h.say('restart backend --env dev --project demo', { user: 'alice' }));
    expect(text).toContain('during the change freeze `release`: Release 4.2 is being verified');
    expect(text).toContain('The freeze ends 2026-12-02 20:00 Asia/Shanghai (2026-12-02 12:00 UTC)');
    expect(text).toContain('Wait until it ends, or ask an admin to override it. `rollback` stays allowed.');
    expect(writesSince(from)).toEqual([]);
    const zh = h.text(
      await h.say('重启 backend --env dev --project demo', { user: 'alice', locale: 'zh' }),
      'zh',
    );
    expect(zh).toContain('封版窗口 `release`');
    const [audit] = await h.stores.audit.recent(1, { chatUser: 'alice' });
    expect(audit).toMatchObject({ result: 'denied' });
  });

  it('covers runs, set-image, set-var and scale into the env; an env it does not cover is free', async () => {
    const from = h.sandbox.requests.length;
    for (const line of [
      'set-image backend nginx:1.25 --env dev --project demo',
      'set-var LOG_LEVEL=debug --env dev --project demo',
      'scale backend 2 --env dev --project demo',
      'run build-deploy --project demo --env dev',
    ]) {
      expect(h.text(await h.say(line, { user: 'alice' })), line).toContain(
        'during the change freeze `release`',
      );
    }
    expect(writesSince(from)).toEqual([]);
    const staging = h.text(await h.say('restart backend --env staging --project demo', { user: 'alice' }));
    expect(staging).toContain('Restarting `backend`');
  });

  it('rollback stays allowed where the window allows it', async () => {
    const text = h.text(await h.say('rollback backend --env dev --project demo --to 1', { user: 'alice' }));
    expect(text).not.toContain('change freeze');
    expect(text).toContain('=> confirm ');
  });

  it('rollback is refused where the window freezes it too', async () => {
    await h.say('set-image pay-api nginx:1.25 --env dev --project payments', {
      user: 'carol',
      conversation: 'C-x',
    });
    const text = h.text(await h.say('rollback pay-api --env dev --project payments', { user: 'alice' }));
    expect(text).toContain('during the change freeze `payments-audit`: Quarterly audit');
    expect(text).not.toContain('rollback` stays allowed');
  });
});

describe('override', () => {
  it('an admin overrides with a reason: the write runs once and the audit keeps the reason', async () => {
    const from = h.sandbox.requests.length;
    const text = h.text(
      await h.say('restart backend --env dev --project demo --override "hotfix for checkout"', {
        user: 'carol',
      }),
    );
    expect(text).toContain('Restarting `backend`');
    expect(writesSince(from)).toEqual([
      expect.objectContaining({ user: 'carol', path: expect.stringContaining('/restart') }),
    ]);
    const [audit] = await h.stores.audit.recent(1, { chatUser: 'carol' });
    expect(audit).toMatchObject({ result: 'ok' });
    expect(audit?.command).toContain('--override "hotfix for checkout"');
  });

  it('someone the window names may override it; without --override they are told they may', async () => {
    const told = h.text(await h.say('restart backend --env dev --project demo', { user: 'bob' }));
    expect(told).toContain('You may override it: add `--override "<reason>"`');
    const from = h.sandbox.requests.length;
    const text = h.text(
      await h.say('restart backend --env dev --project demo --override "verify fix"', { user: 'bob' }),
    );
    expect(text).toContain('Restarting `backend`');
    expect(writesSince(from)).toHaveLength(1);
  });

  it('anyone else’s override is refused, and changes nothing', async () => {
    const from = h.sandbox.requests.length;
    const text = h.text(
      await h.say('restart backend --env dev --project demo --override "I insist"', { user: 'alice' }),
    );
    expect(text).toContain('during the change freeze `release`');
    expect(text).toContain(
      'Only an admin, or someone the freeze window names under `override`, may override it.',
    );
    expect(writesSince(from)).toEqual([]);
  });

  it('an overridden production write still asks its confirmation, and the click carries the override', async () => {
    const from = h.sandbox.requests.length;
    // The sandbox's admin has production rights in Zadig (carol, a developer there, has not).
    const ask = await h.say('restart frontend --env prod --project demo --override "sev1"', {
      user: 'admin',
    });
    expect(h.text(ask)).toContain(
      '`restart frontend --env prod --project demo --production --override sev1`',
    );
    expect(writesSince(from)).toEqual([]);
    const done = await h.say(buttonCommand(ask, 'Confirm'), { user: 'admin', origin: 'button' });
    expect(h.text(done)).toContain('Restarting `frontend`');
    expect(writesSince(from)).toHaveLength(1);
  });
});

describe('freeze (封版)', () => {
  it('shows the window in force, who may override, and the next one', async () => {
    const text = h.text(await h.say('freeze --project demo'));
    expect(text).toContain(
      'in force until 2026-12-02 20:00 Asia/Shanghai (2026-12-02 12:00 UTC): Release 4.2 is being verified',
    );
    expect(text).toContain('override: admins, `zadig:bob`');
    expect(text).toContain('weekend from 2026-12-05 00:00 Asia/Shanghai (2026-12-04 16:00 UTC)');
    const zh = h.text(await h.say('封版 --project demo', { locale: 'zh' }), 'zh');
    expect(zh).toContain('生效中');
  });
});
