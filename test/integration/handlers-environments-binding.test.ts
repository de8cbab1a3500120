// Locks in that a channel's bound env (`bind demo --env staging`) is the default of every command that
// takes an env (env, logs, restart, scale, set-image, vars, set-var, events): the sandbox is asked about
// that env; `--env` still wins; a binding of another project is not used; and with no env at all the reply
// says what to type (with the project's env names) and nothing is asked of Zadig.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CoreHarness, createCoreHarness } from '../support/core-harness.js';

let h: CoreHarness;
const BOUND = { conversation: 'C-bound' };
const LOOSE = { conversation: 'C-loose' };

beforeAll(async () => {
  h = await createCoreHarness();
  await h.link('alice');
  expect(h.text(await h.say('bind demo --env staging', BOUND))).toContain('env `staging`');
});
afterAll(async () => {
  await h?.close();
});

/** The env names the sandbox was asked about since `from`, by any route (path segment or query). */
function envsAsked(from: number): string[] {
  return h.sandbox.requests.slice(from).flatMap((q) => {
    const inPath = /\/environments(?:\/production)?\/([^/?]+)/.exec(q.path)?.[1];
    const named = q.query.envName ?? q.query.env_name ?? q.query.envKey;
    return [inPath, named].filter(
      (e): e is string => !!e && !['kube', 'scale', 'production', 'image'].includes(e),
    );
  });
}

describe('the bound env is the default', () => {
  it.each([
    ['env', /Environment staging/],
    ['logs backend --tail 2', /\(staging\)/],
    ['vars', /staging/],
    ['events', /staging/],
    ['restart backend', /Restarting `backend` in `staging`/],
    ['scale backend 2', /Scaling `backend` \(Deployment\) in `staging`/],
    ['set-image backend registry.demo.local/demo/backend:hotfix-2', /staging/],
    ['set-var LOG_LEVEL=warn', /staging/],
  ])('%s', async (line, expected) => {
    const from = h.sandbox.requests.length;
    const text = h.text(await h.say(line, BOUND));
    expect(text).toMatch(expected);
    expect(text).not.toContain('❌');
    const asked = envsAsked(from);
    expect(asked.length).toBeGreaterThan(0);
    expect(new Set(asked)).toEqual(new Set(['staging']));
  });

  it('--env still wins over the binding', async () => {
    const from = h.sandbox.requests.length;
    expect(h.text(await h.say('logs backend --env dev --tail 1', BOUND))).toContain('(dev)');
    expect(new Set(envsAsked(from))).toEqual(new Set(['dev']));
  });

  it("a binding of another project is not used for this one's env", async () => {
    const from = h.sandbox.requests.length;
    const text = h.text(await h.say('logs pay-api --project payments', BOUND));
    expect(text).toContain('`logs` needs an environment');
    expect(text).toContain('`logs pay-api --project payments --env dev`');
    expect(envsAsked(from)).toEqual([]);
  });
});

describe('no env and no binding', () => {
  it.each([
    ['logs backend --project demo', '`logs backend --project demo --env dev`'],
    ['restart backend --project demo', '`restart backend --project demo --env dev`'],
    ['vars --project demo', '`vars --project demo --env dev`'],
    ['env --project demo', '`env dev --project demo`'],
  ])('%s says what to type, in both languages', async (line, typed) => {
    const from = h.sandbox.requests.length;
    const r = await h.say(line, LOOSE);
    const en = h.text(r);
    expect(en).toContain('needs an environment');
    expect(en).toContain(typed);
    expect(en).toContain('`bind demo --env dev`');
    expect(en).toMatch(/Environments: `dev`, `staging`, `prod`/);
    expect(h.text(r, 'zh')).toContain('需要指定环境');
    expect(envsAsked(from)).toEqual([]);
    expect(h.sandbox.requests.slice(from).filter((q) => q.method !== 'GET')).toEqual([]);
  });
});
