// Locks in production safety: writes into a production env are denied unless the policy allows the
// user in that channel, and then need a Confirm click whose nonce is single use, expires, is bound to
// the actor, the conversation and the fully resolved command, and cannot be used (or burnt) by anyone else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CoreHarness, confirmCommand, createCoreHarness } from '../support/core-harness.js';

let h: CoreHarness;

const POLICY = `
defaults:
  production: [alice, bob]
channels:
  C-readonly:
    production: []
`;

beforeAll(async () => {
  h = await createCoreHarness({ policy: POLICY });
  for (const u of ['alice', 'bob', 'carol']) await h.link(u);
});
afterAll(async () => {
  await h?.close();
});

const restarts = () => h.sandbox.requests.filter((q) => q.method === 'POST' && q.path.endsWith('/restart'));

describe('production confirmation', () => {
  it('a production restart first asks, then runs exactly the asked command on the click', async () => {
    const before = restarts().length;
    const ask = await h.say('restart backend --env prod --project demo');
    expect(ask.reply.tone).toBe('warning');
    expect(h.text(ask)).toContain(
      '`restart backend --env prod --project demo --production` changes PRODUCTION in project `demo`: `prod`.',
    );
    expect(restarts()).toHaveLength(before);
    const line = confirmCommand(ask);
    expect(line).toMatch(/^confirm n[A-Za-z0-9_-]{22}$/);

    const done = await h.say(line, { origin: 'button' });
    expect(done.replaceSource).toBe(true);
    expect(h.text(done)).toContain('Restarting `backend` in `prod`');
    expect(restarts()).toHaveLength(before + 1);
    expect(restarts().at(-1)).toMatchObject({
      user: 'alice',
      path: expect.stringContaining('/production/prod/'),
    });
  });

  it('the nonce is single use', async () => {
    const line = confirmCommand(await h.say('restart worker --env prod --project demo'));
    await h.say(line, { origin: 'button' });
    const before = restarts().length;
    expect(h.text(await h.say(line, { origin: 'button' }))).toContain('already used or has expired');
    expect(restarts()).toHaveLength(before);
  });

  it('another user’s click is refused and does not burn the nonce', async () => {
    const line = confirmCommand(await h.say('restart frontend --env prod --project demo'));
    const before = restarts().length;
    const refused = await h.say(line, { user: 'bob', origin: 'button' });
    expect(h.text(refused)).toContain('This confirmation is not yours');
    expect(restarts()).toHaveLength(before);
    await h.say(line, { origin: 'button' });
    expect(restarts()).toHaveLength(before + 1);
    const audit = await h.stores.audit.recent(10, { chatUser: 'bob' });
    expect(audit[0]).toMatchObject({ command: line, result: 'denied' });
  });

  it('an expired confirmation does nothing', async () => {
    const short = await createCoreHarness({ policy: POLICY, useSandbox: h.sandbox, confirmTtlMs: 50 });
    try {
      await short.link('alice');
      const line = confirmCommand(await short.say('restart backend --env prod --project demo'));
      await new Promise((r) => setTimeout(r, 120));
      const before = restarts().length;
      expect(short.text(await short.say(line))).toMatch(/or has expired/);
      expect(restarts()).toHaveLength(before);
    } finally {
      await short.close();
    }
  });

  it('a run that deploys into production asks too, and runs as the confirming actor', async () => {
    const before = h.sandbox.tasks('release-prod').length;
    const ask = await h.say('run release-prod --project demo');
    expect(h.text(ask)).toContain('PRODUCTION in project `demo`: `prod` (deploy (zadig-deploy))');
    expect(h.sandbox.tasks('release-prod')).toHaveLength(before);
    const done = await h.say(confirmCommand(ask));
    expect(done.watch).toMatchObject({ name: 'release-prod', projectKey: 'demo' });
    expect(h.sandbox.task('release-prod', done.watch!.taskId)?.creator).toBe('Alice Wang');
  });

  it('a confirmation asked in Chinese runs in Chinese: the reply, the watched card and what follows it', async () => {
    // alice saved no language: the Chinese command word chose Chinese; the Confirm button's line
    // (`confirm <nonce>`) is no Chinese word, yet the run it starts must answer in the asked language.
    const ask = await h.say('运行 release-prod --project demo');
    expect(ask.reply.locale).toBe('zh');
    const done = await h.say(confirmCommand(ask), { origin: 'button' });
    expect(done.reply.locale).toBe('zh');
    expect(done.watch?.shown?.locale).toBe('zh');
    // A typed English command afterwards is English again (nothing was saved).
    expect((await h.say('plans')).reply.locale).toBe('en');
  });

  it('scale in production asks; a test env does not', async () => {
    expect(h.text(await h.say('scale backend 2 --env prod --project demo'))).toContain('Please confirm');
    expect(h.text(await h.say('scale backend 2 --env dev --project demo'))).toContain('Scaling');
  });
});

describe('production denied unless allowed', () => {
  it('a user the policy does not name is refused before any confirmation', async () => {
    const r = await h.say('restart backend --env prod --project demo', { user: 'carol' });
    expect(h.text(r)).toContain('The policy does not let you change production from this channel');
    expect(r.reply.blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('a channel can take production away from everyone', async () => {
    const text = h.text(
      await h.say('restart backend --env prod --project demo', { conversation: 'C-readonly' }),
    );
    expect(text).toContain('does not let you change production');
  });

  it('an unknown nonce is refused', async () => {
    expect(h.text(await h.say('confirm AAAAAAAAAAAAAAAAAAAAAA'))).toContain('or has expired');
  });
});
