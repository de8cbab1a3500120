// Locks in `history` and `rollback` against the sandbox Zadig: the history lists revisions newest first;
// a rollback first shows revision now → target with the image change and a Rollback button, the click
// rolls back exactly once as the clicker's own token (audited); production needs the policy and the same
// click; an unknown revision, a one-revision service and a VM or Helm-chart service are refused with
// what to do, and nothing is written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonCommand, type CoreHarness, createCoreHarness } from '../support/core-harness.js';

const POLICY = `
defaults:
  production: [alice]
`;

let h: CoreHarness;

beforeAll(async () => {
  h = await createCoreHarness({ policy: POLICY });
  for (const u of ['alice', 'bob', 'dave']) await h.link(u);
});
afterAll(async () => {
  await h?.close();
});

const ROLLBACK = /\/api\/aslan\/environment\/environments\/[^/]+\/version\/[^/]+\/rollback$/;
const rollbacks = () => h.sandbox.requests.filter((q) => q.method === 'POST' && ROLLBACK.test(q.path));

/** Changes backend's image in `env` (a new revision), as alice. */
async function newImage(env: string, image: string, production = false): Promise<void> {
  const ask = await h.say(`set-image backend ${image} --env ${env} --project demo`);
  if (production) await h.say(buttonCommand(ask, 'Confirm'), { origin: 'button' });
  await h.sandbox.advance(1000);
}

describe('history', () => {
  it('lists the revisions newest first with who made them, and offers a rollback to the one before', async () => {
    await newImage('staging', 'registry.demo.local/demo/backend:h-1');
    const r = await h.say('history backend --env staging --project demo');
    const text = h.text(r);
    const svc = h.sandbox.envService('demo', 'staging', 'backend')!;
    const [latest, previous] = [...svc.revisions].reverse();
    expect(text).toContain(`#${latest!.revision} · current`);
    expect(text).toContain('registry.demo.local/demo/backend:h-1');
    expect(text).toContain('by Alice Wang');
    expect(text.indexOf(`#${latest!.revision}`)).toBeLessThan(text.indexOf(`#${previous!.revision} `));
    expect(buttonCommand(r, 'Roll back backend in staging')).toBe(
      `rollback backend --env staging --project demo --to ${previous!.revision}`,
    );
    const zh = h.text(await h.say('历史 backend --env staging --project demo', { locale: 'zh' }), 'zh');
    expect(zh).toContain('当前');
  });
});

describe('env card', () => {
  it('shows each service’s current revision, and Roll back for an unhealthy one with an earlier revision', async () => {
    // staging's backend is unhealthy in the seed and got a new image above (revision 2).
    const r = await h.say('env staging --project demo');
    const text = h.text(r);
    const backend = h.sandbox.envService('demo', 'staging', 'backend')!;
    expect(backend.unhealthy).toBe(true);
    expect(text).toMatch(
      new RegExp(`backend\\*?\\*? · [^\\n]* · rev #${backend.revisions.at(-1)!.revision}`),
    );
    expect(text).toMatch(/frontend\**? · [^\n]* · rev #1/);
    expect(buttonCommand(r, 'Roll back backend in staging')).toBe(
      `rollback backend --env staging --project demo --to ${backend.revisions.at(-2)!.revision}`,
    );
    expect(text).not.toContain('Roll back frontend');
  });
});

describe('rollback outside production', () => {
  it('previews revision now → previous with the image change; the click rolls back once, as the clicker, audited', async () => {
    const before = h.sandbox.envService('demo', 'dev', 'backend')!;
    await newImage('dev', 'registry.demo.local/demo/backend:broken-2');
    const now = h.sandbox.envService('demo', 'dev', 'backend')!;
    const cur = now.revisions.at(-1)!.revision;
    const prev = now.revisions.at(-2)!.revision;
    const from = rollbacks().length;

    const ask = await h.say('rollback backend --env dev --project demo', { user: 'bob' });
    const text = h.text(ask);
    expect(text).toContain(`#${cur} → #${prev}`);
    expect(text).toContain(`\`registry.demo.local/demo/backend:broken-2\` → \`${before.images[0]}\``);
    expect(rollbacks()).toHaveLength(from);

    const line = buttonCommand(ask, 'Rollback');
    const done = await h.say(line, { user: 'bob', origin: 'button' });
    expect(h.text(done)).toContain(`back to revision #${prev}`);
    expect(h.sandbox.envService('demo', 'dev', 'backend')!.images).toEqual(before.images);
    expect(rollbacks().slice(from)).toEqual([expect.objectContaining({ user: 'bob', status: 200 })]);
    const last = h.sandbox.envService('demo', 'dev', 'backend')!.revisions.at(-1)!;
    expect(last).toMatchObject({ operation: 'rollback', createBy: 'Bob Li' });

    // The same button again is used up: nothing more is rolled back.
    const again = await h.say(line, { user: 'bob', origin: 'button' });
    expect(h.text(again)).toMatch(/already used|not yours/);
    expect(rollbacks().slice(from)).toHaveLength(1);
    // The confirmed run is audited (ok, confirmed), then the reused click (an error); the preview is not.
    const [reused, audit] = await h.stores.audit.recent(2, { chatUser: 'bob' });
    expect(reused).toMatchObject({ result: 'error', detail: 'CONFIRMATION_USED' });
    expect(audit).toMatchObject({ result: 'ok', zadigIdentity: 'bob', detail: 'confirmed' });
    expect(audit?.command).toContain(`rollback backend --env dev --project demo --to ${prev}`);
  });

  it('someone else cannot press another person’s Rollback button', async () => {
    await newImage('dev', 'registry.demo.local/demo/backend:x-3');
    const from = rollbacks().length;
    const ask = await h.say('rollback backend --env dev --project demo', { user: 'bob' });
    const other = await h.say(buttonCommand(ask, 'Rollback'), { user: 'alice', origin: 'button' });
    expect(h.text(other)).toContain('not yours');
    expect(rollbacks()).toHaveLength(from);
  });

  it('a click after the service changed again shows the new preview instead of rolling back', async () => {
    await newImage('dev', 'registry.demo.local/demo/backend:y-4');
    const from = rollbacks().length;
    const ask = await h.say('rollback backend --env dev --project demo --to 1', { user: 'bob' });
    await newImage('dev', 'registry.demo.local/demo/backend:y-5');
    const after = await h.say(buttonCommand(ask, 'Rollback'), { user: 'bob', origin: 'button' });
    expect(h.text(after)).toContain('changed since the preview');
    expect(rollbacks()).toHaveLength(from);
  });

  it('a Zadig user without EditConfig rights gets Zadig’s permission words, nothing changes', async () => {
    const from = rollbacks().length;
    const ask = await h.say('rollback backend --env dev --project demo --to 1', { user: 'dave' });
    const done = await h.say(buttonCommand(ask, 'Rollback'), { user: 'dave', origin: 'button' });
    expect(h.text(done)).toContain('lacks permission in project `demo`');
    expect(rollbacks().slice(from)).toEqual([expect.objectContaining({ user: 'dave', status: 403 })]);
  });
});

describe('rollback in production', () => {
  it('bob (not in the policy’s production list) is refused before any preview or button', async () => {
    const from = rollbacks().length;
    const r = await h.say('rollback frontend --env prod --project demo', { user: 'bob' });
    expect(h.text(r)).toContain('would change production in project `demo`');
    expect(h.text(r)).not.toContain('=> confirm');
    expect(rollbacks()).toHaveLength(from);
  });

  it('alice sees the preview with the production question; the click rolls prod back as alice', async () => {
    const before = h.sandbox.envService('demo', 'prod', 'frontend', true)!;
    const ask1 = await h.say(
      'set-image frontend registry.demo.local/demo/frontend:bad-9 --env prod --project demo',
    );
    await h.say(buttonCommand(ask1, 'Confirm'), { origin: 'button' });
    const from = rollbacks().length;
    const ask = await h.say('回滚 frontend --env prod --project demo');
    const text = h.text(ask);
    expect(text).toContain('changes PRODUCTION in project `demo`');
    expect(text).toContain('`registry.demo.local/demo/frontend:bad-9` → ');
    await h.say(buttonCommand(ask, 'Rollback'), { origin: 'button' });
    expect(h.sandbox.envService('demo', 'prod', 'frontend', true)!.images).toEqual(before.images);
    expect(rollbacks().slice(from)).toEqual([
      expect.objectContaining({
        user: 'alice',
        path: expect.stringContaining('/prod/version/frontend/rollback'),
      }),
    ]);
    expect(rollbacks().at(-1)!.query).toMatchObject({ production: 'true', isHelmChart: 'false' });
  });
});

describe('what rollback refuses, changing nothing', () => {
  it('an unknown revision lists the ones there are', async () => {
    const from = rollbacks().length;
    const text = h.text(await h.say('rollback backend --env dev --project demo --to 999', { user: 'bob' }));
    expect(text).toContain('has no revision #999');
    expect(text).toContain('history backend --env dev --project demo');
    expect(rollbacks()).toHaveLength(from);
  });

  it('the current revision is not a target', async () => {
    const cur = h.sandbox.envService('demo', 'dev', 'backend')!.revisions.at(-1)!.revision;
    const text = h.text(
      await h.say(`rollback backend --env dev --project demo --to ${cur}`, { user: 'bob' }),
    );
    expect(text).toContain(`is at revision #${cur} already`);
  });

  it('a service with only its first revision has nothing earlier', async () => {
    const text = h.text(await h.say('rollback frontend --env staging --project demo', { user: 'bob' }));
    expect(text).toContain('has only one revision');
  });

  it('a VM service and a Helm chart release are refused with what to do instead', async () => {
    h.sandbox.addEnvService('demo', 'dev', { name: 'legacy-vm', type: 'pm', image: 'legacy:1' });
    h.sandbox.addEnvService('demo', 'dev', {
      name: 'redis-chart',
      type: 'helm_chart',
      image: 'redis:7',
      releaseName: 'redis',
    });
    const from = rollbacks().length;
    const vm = h.text(await h.say('rollback legacy-vm --env dev --project demo --to 1', { user: 'bob' }));
    expect(vm).toContain('is a host (VM) service');
    const chart = h.text(await h.say('rollback redis-chart --env dev --project demo', { user: 'bob' }));
    expect(chart).toContain('is a Helm chart release');
    expect(rollbacks()).toHaveLength(from);
  });

  it('an unknown service gets did-you-mean', async () => {
    const text = h.text(await h.say('rollback backnd --env dev --project demo', { user: 'bob' }));
    expect(text).toContain('Did you mean `backend`?');
  });
});
