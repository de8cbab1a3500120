// Locks in the environment commands against the sandbox: envs, env, restart, scale and logs, with
// did-you-mean for envs, services and containers, and Zadig's permission answers in plain words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createZadigClient } from '../../src/zadig/index.js';
import { type CoreHarness, createCoreHarness } from '../support/core-harness.js';

let h: CoreHarness;

beforeAll(async () => {
  h = await createCoreHarness();
  for (const u of ['alice', 'dave']) await h.link(u);
});
afterAll(async () => {
  await h?.close();
});

const calls = (path: RegExp) => h.sandbox.requests.filter((q) => q.method === 'POST' && path.test(q.path));

describe('envs and env', () => {
  it('lists test and production envs together, or only production', async () => {
    const all = h.text(await h.say('envs --project demo'));
    expect(all).toMatch(/Environments in demo \(3\)/);
    expect(all).toMatch(/prod .*production/);
    const prod = h.text(await h.say('envs --project demo --production'));
    expect(prod).toMatch(/Environments in demo \(1\)/);
    expect(prod).not.toContain('staging');
  });

  it('shows one env with its services and images', async () => {
    const text = h.text(await h.say('env staging --project demo'));
    expect(text).toContain('backend');
    expect(text).toContain('registry.demo.local/demo/backend');
  });

  it('an unknown env gets "did you mean" over the project’s envs', async () => {
    const text = h.text(await h.say('env stagin --project demo'));
    expect(text).toContain('There is no environment `stagin` in project `demo`');
    expect(text).toContain('Did you mean `staging`?');
  });
});

describe('restart and scale', () => {
  it('restarts a service as the actor', async () => {
    const before = calls(/\/restart$/).length;
    const text = h.text(await h.say('restart backend --env dev --project demo'));
    expect(text).toContain('Restarting `backend` in `dev`');
    const made = calls(/\/restart$/);
    expect(made).toHaveLength(before + 1);
    expect(made.at(-1)).toMatchObject({ user: 'alice', status: 200 });
  });

  it('an unknown service gets "did you mean" and nothing restarts', async () => {
    const before = calls(/\/restart$/).length;
    const text = h.text(await h.say('restart backnd --env dev --project demo'));
    expect(text).toContain('has no service `backnd`');
    expect(text).toContain('Did you mean `backend`?');
    expect(calls(/\/restart$/)).toHaveLength(before);
  });

  it('a viewer without pod rights gets the permission words', async () => {
    expect(h.text(await h.say('restart backend --env dev --project demo', { user: 'dave' }))).toContain(
      'Your Zadig user lacks permission in project `demo`',
    );
  });

  it('scales the service’s workload to the asked replicas', async () => {
    const text = h.text(await h.say('scale backend 3 --env dev --project demo'));
    expect(text).toMatch(/Scaling `backend` \(Deployment\) in `dev` from \d+ to 3 replicas/);
    const zadig = createZadigClient({ baseUrl: h.sandbox.url, token: h.sandbox.botToken });
    const svc = await zadig.getEnvService('demo', 'dev', 'backend');
    expect(svc.workloads[0]?.replicas).toBe(3);
  });

  it('asks for a workload kind the service does not have', async () => {
    const text = h.text(await h.say('scale worker 2 --env dev --project demo --workload Deployment'));
    expect(text).toContain('has no Deployment to scale (it has: StatefulSet)');
  });
});

describe('logs', () => {
  it('shows the last N lines of the service’s container', async () => {
    const r = await h.say('logs backend --env dev --project demo --tail 3');
    const code = r.reply.blocks.find((b) => b.type === 'code');
    expect(code?.type === 'code' && code.text.split('\n')).toHaveLength(3);
    expect(h.text(r)).toMatch(/backend · backend-[\w-]+\/backend \(dev\)/);
  });

  it('an unknown container gets "did you mean"', async () => {
    const text = h.text(await h.say('logs backend --env dev --project demo --container backen'));
    expect(text).toContain('has no container `backen`');
    expect(text).toContain('Did you mean `backend`?');
  });
});
