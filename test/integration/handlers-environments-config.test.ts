// Locks in set-image, vars, set-var and events against the sandbox: writes run as the actor's linked
// token (or not at all), production needs the policy and a confirmation click, every write is audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createZadigClient, type ZadigClient } from '../../src/zadig/index.js';
import { type CoreHarness, confirmCommand, createCoreHarness } from '../support/core-harness.js';

const POLICY = `
defaults:
  production: [alice]
channels:
  C-bot:
    botIdentity: [set-var]
`;

let h: CoreHarness;
let zadig: ZadigClient;

beforeAll(async () => {
  h = await createCoreHarness({ policy: POLICY });
  for (const u of ['alice', 'dave']) await h.link(u);
  zadig = createZadigClient({ baseUrl: h.sandbox.url, token: h.sandbox.botToken });
});
afterAll(async () => {
  await h?.close();
});

const writes = (path: RegExp) => h.sandbox.requests.filter((q) => q.method !== 'GET' && path.test(q.path));
const imageOf = async (env: string, svc: string, production = false) =>
  (await zadig.getEnvService('demo', env, svc, { production })).workloads[0]?.images[0]?.image;

describe('set-image', () => {
  it('updates the service’s container as the actor, names the old and new image, and is audited', async () => {
    const before = await imageOf('dev', 'backend');
    const text = h.text(
      await h.say('set-image backend registry.demo.local/demo/backend:hotfix-1 --env dev --project demo'),
    );
    expect(text).toContain('Updating `backend` (Deployment `backend`) of `backend` in `dev`');
    expect(text).toContain(`Previous image: \`${before}\``);
    expect(text).toContain('events --env dev --service backend --project demo');
    expect(await imageOf('dev', 'backend')).toBe('registry.demo.local/demo/backend:hotfix-1');
    expect(writes(/\/image\/deployment\//).at(-1)).toMatchObject({ user: 'alice', status: 200 });
    const [audit] = await h.stores.audit.recent(1, { chatUser: 'alice' });
    expect(audit).toMatchObject({ result: 'ok', zadigIdentity: 'alice' });
    expect(audit?.command).toContain('set-image backend');
  });

  it('someone who has not linked is told how, and nothing changes', async () => {
    const before = writes(/\/image\//).length;
    expect(
      h.text(await h.say('set-image backend nginx:1 --env dev --project demo', { user: 'zed' })),
    ).toContain('have not linked');
    expect(writes(/\/image\//)).toHaveLength(before);
    expect((await h.stores.audit.recent(1, { chatUser: 'zed' }))[0]).toMatchObject({ result: 'denied' });
  });

  it('a Zadig user without rights gets the permission words', async () => {
    const text = h.text(await h.say('set-image backend nginx:1 --env dev --project demo', { user: 'dave' }));
    expect(text).toContain('Your Zadig user lacks permission in project `demo`');
  });

  it('production asks first, and the confirming click runs it as the same actor', async () => {
    const ask = await h.say(
      'set-image frontend registry.demo.local/demo/frontend:2.0 --env prod --project demo',
    );
    expect(h.text(ask)).toContain('changes PRODUCTION in project `demo`: `prod`');
    expect(await imageOf('prod', 'frontend', true)).not.toBe('registry.demo.local/demo/frontend:2.0');
    const done = await h.say(confirmCommand(ask), { origin: 'button' });
    expect(h.text(done)).toContain('to `registry.demo.local/demo/frontend:2.0`');
    expect(await imageOf('prod', 'frontend', true)).toBe('registry.demo.local/demo/frontend:2.0');
    // The web UI's route: the OpenAPI one cannot find production envs.
    expect(writes(/\/image\//).at(-1)).toMatchObject({
      path: '/api/aslan/environment/image/deployment/prod',
      query: { projectName: 'demo', production: 'true' },
      user: 'alice',
      status: 200,
    });
  });

  it('production is refused before any confirmation for a user the policy does not name', async () => {
    await h.link('bob');
    const r = await h.say('set-image frontend nginx:1 --env prod --project demo', { user: 'bob' });
    expect(h.text(r)).toContain('The policy does not let you change production');
    expect(r.reply.blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('an unknown container, a missing workload kind, or a bad image are explained', async () => {
    const c = h.text(await h.say('set-image backend nginx:1 --env dev --project demo --container backen'));
    expect(c).toContain('has no container `backen`');
    expect(c).toContain('Did you mean `backend`?');
    const w = h.text(await h.say('set-image backend nginx:1 --env dev --project demo --workload cronjob'));
    expect(w).toContain('has no CronJob');
    expect(h.text(await h.say('set-image backend "not an image" --env dev --project demo'))).toContain(
      '`not an image` is not an image: an image name holds only letters, digits',
    );
    expect(h.text(await h.say('set-image backnd nginx:1 --env dev --project demo'))).toContain(
      'Did you mean `backend`?',
    );
  });
});

describe('vars and set-var', () => {
  it('lists an env’s global variables with options and the services using them', async () => {
    const text = h.text(await h.say('vars --env staging --project demo'));
    expect(text).toMatch(/Variables of staging \(3\)/);
    expect(text).toContain('`LOG_LEVEL` = `debug` · enum · one of `debug` `info` `warn`');
    expect(text).toContain('`DB_HOST` = `demo-db.demo-staging.svc`');
  });

  it('sets one variable as the actor and keeps the others', async () => {
    const text = h.text(await h.say('set-var LOG_LEVEL=info --env staging --project demo'));
    expect(text).toContain('Set `LOG_LEVEL` in `staging`');
    expect(text).toContain('`debug` → `info`');
    const vars = await zadig.getEnvVariables('demo', 'staging');
    expect(vars.find((v) => v.key === 'LOG_LEVEL')?.value).toBe('info');
    expect(vars.find((v) => v.key === 'DB_HOST')?.value).toBe('demo-db.demo-staging.svc');
    expect(writes(/\/staging\/variable$/).at(-1)).toMatchObject({ method: 'PUT', user: 'alice' });
  });

  it('an unknown key gets "did you mean"; an enum refuses other values; nothing is written', async () => {
    const before = writes(/\/variable$/).length;
    const unknown = h.text(await h.say('set-var LOG_LEVL=info --env staging --project demo'));
    expect(unknown).toContain('has no variable `LOG_LEVL`');
    expect(unknown).toContain('Did you mean `LOG_LEVEL`?');
    expect(h.text(await h.say('set-var LOG_LEVEL=loud --env staging --project demo'))).toContain(
      '`LOG_LEVEL` takes one of: `debug`, `info`, `warn`',
    );
    expect(writes(/\/variable$/)).toHaveLength(before);
  });

  it('production variables need a confirmation', async () => {
    const ask = await h.say('set-var LOG_LEVEL=info --env prod --project demo');
    expect(ask.reply.tone).toBe('warning');
    expect(
      (await zadig.getEnvVariables('demo', 'prod', { production: true })).find((v) => v.key === 'LOG_LEVEL')
        ?.value,
    ).toBe('warn');
    await h.say(confirmCommand(ask), { origin: 'button' });
    expect(
      (await zadig.getEnvVariables('demo', 'prod', { production: true })).find((v) => v.key === 'LOG_LEVEL')
        ?.value,
    ).toBe('info');
  });

  it('where the policy lets the bot write, an unlinked user’s set-var runs as the bot token', async () => {
    await h.say('set-var LOG_LEVEL=warn --env dev --project demo', { user: 'zed', conversation: 'C-bot' });
    expect(writes(/\/dev\/variable$/).at(-1)?.user).toBe('zbot');
    expect((await h.stores.audit.recent(1, { chatUser: 'zed' }))[0]).toMatchObject({ zadigIdentity: 'bot' });
  });
});

describe('events', () => {
  it('shows an env’s events with warnings first', async () => {
    const r = await h.say('events --env staging --project demo');
    const text = h.text(r);
    expect(r.reply.tone).toBe('warning');
    const lines = text.split('\n').filter((l) => l.startsWith('• '));
    const firstNormal = lines.findIndex((l) => l.includes('ℹ️'));
    expect(lines.slice(0, firstNormal).every((l) => l.includes('⚠️'))).toBe(true);
    expect(firstNormal).toBeGreaterThan(0);
  });

  it('--service --warnings keeps only that service’s warnings, pods included', async () => {
    const text = h.text(await h.say('events --env staging --project demo --service backend --warnings'));
    expect(text).toContain('Events in staging · backend (4)');
    expect(text).toContain('Back-off restarting failed container backend');
    expect(text).not.toContain('ℹ️');
  });

  it('a healthy env has no warnings', async () => {
    expect(h.text(await h.say('events --env dev --project demo --service worker --warnings'))).toContain(
      'No warning events.',
    );
  });
});
