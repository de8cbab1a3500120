// Locks in the channel and reporting commands: bind (then commands need no --project), subscribe /
// unsubscribe / subscriptions stored in Redis with validation, release plans, stats, help and home.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CoreHarness, createCoreHarness } from '../support/core-harness.js';

let h: CoreHarness;
const scope = { platform: 'slack' as const, tenant: 'T1' };

beforeAll(async () => {
  h = await createCoreHarness();
  await h.link('alice');
});
afterAll(async () => {
  await h?.close();
});

describe('bind', () => {
  it('sets the channel’s default project and env, used by later commands', async () => {
    const text = h.text(await h.say('bind payments --env dev', { conversation: 'C-pay' }));
    expect(text).toContain('This channel now defaults to project `payments` and env `dev`');
    expect(await h.stores.bindings.get(scope, 'C-pay')).toMatchObject({
      projectKey: 'payments',
      env: 'dev',
      boundBy: 'alice',
    });
    const r = await h.say('run build-deploy', { conversation: 'C-pay' });
    expect(r.watch?.projectKey).toBe('payments');
    expect(h.text(await h.say('workflows', { conversation: 'C-pay' }))).toContain('Workflows in payments');
    const audited = await h.stores.audit.recent(10, { channel: 'C-pay' });
    expect(audited.find((a) => a.command === 'bind payments --env dev')).toMatchObject({
      chatUser: 'alice',
      result: 'ok',
    });
  });

  it('an unknown project or env is refused with a suggestion', async () => {
    expect(h.text(await h.say('bind payment', { conversation: 'C-x' }))).toContain(
      'Did you mean `payments`?',
    );
    expect(h.text(await h.say('bind demo --env stagng', { conversation: 'C-x' }))).toContain(
      'Did you mean `staging`?',
    );
    expect(await h.stores.bindings.get(scope, 'C-x')).toBeNull();
  });
});

describe('subscriptions', () => {
  it('subscribe validates the workflow and stores the events', async () => {
    const text = h.text(await h.say('subscribe release-prod --project demo --on failed,rejected,approval'));
    expect(text).toContain('This channel now follows `release-prod`');
    const [sub] = await h.stores.subscriptions.listForChannel(scope, 'C-general');
    expect(sub).toMatchObject({
      projectKey: 'demo',
      workflow: 'release-prod',
      events: ['failed', 'reject', 'approval'],
    });
    expect(await h.stores.subscriptions.channelsFor('demo', 'release-prod')).toEqual([
      { scope, conversation: 'C-general', events: ['failed', 'reject', 'approval'] },
    ]);
  });

  it('an unknown workflow gets "did you mean" and nothing is stored', async () => {
    const text = h.text(await h.say('subscribe relese-prod --project demo', { conversation: 'C-sub2' }));
    expect(text).toContain('Did you mean `release-prod`?');
    expect(await h.stores.subscriptions.listForChannel(scope, 'C-sub2')).toEqual([]);
  });

  it('an unknown event is a parse error naming the events', async () => {
    expect(h.text(await h.say('subscribe release-prod --project demo --on exploded'))).toMatch(/exploded/);
  });

  it('`*` follows every workflow with the default events; subscriptions lists them', async () => {
    await h.say('subscribe * --project payments', { conversation: 'C-sub3' });
    const text = h.text(await h.say('subscriptions', { conversation: 'C-sub3' }));
    expect(text).toContain('all workflows');
    expect(text).toContain('`passed`');
  });

  it('unsubscribe removes it; unknown ones list what there is', async () => {
    await h.say('subscribe hotfix --project demo', { conversation: 'C-sub4' });
    const gone = await h.say('unsubscribe HOTFIX', { conversation: 'C-sub4' });
    expect(h.text(gone)).toContain('This channel no longer follows `hotfix` (project `demo`).');
    expect(h.text(gone, 'zh')).toContain('本群已取消订阅`hotfix`（项目 `demo`）。');
    expect(await h.stores.subscriptions.listForChannel(scope, 'C-sub4')).toEqual([]);
    await h.say('subscribe nightly-test --project demo', { conversation: 'C-sub4' });
    const text = h.text(await h.say('unsubscribe hotfix', { conversation: 'C-sub4' }));
    expect(text).toContain('not subscribed to `hotfix`');
    expect(text).toContain('`nightly-test` (demo)');
  });

  it('unsubscribing a workflow followed in two projects names both', async () => {
    await h.say('subscribe build-deploy --project demo', { conversation: 'C-sub5' });
    await h.say('subscribe build-deploy --project payments', { conversation: 'C-sub5' });
    const text = h.text(await h.say('unsubscribe build-deploy', { conversation: 'C-sub5' }));
    expect(text).toContain('This channel no longer follows `build-deploy` (projects `demo`, `payments`).');
    expect(text).not.toMatch(/\(\d+\)/);
  });

  it('unsubscribe * says every workflow, as subscribe * did', async () => {
    await h.say('subscribe * --project demo', { conversation: 'C-sub6' });
    const gone = await h.say('unsubscribe *', { conversation: 'C-sub6' });
    expect(h.text(gone)).toContain('This channel no longer follows every workflow of `demo`.');
    expect(h.text(gone, 'zh')).toContain('本群已取消订阅`demo` 的全部工作流。');
    expect(await h.stores.subscriptions.listForChannel(scope, 'C-sub6')).toEqual([]);
  });
});

describe('release plans, stats, help, home', () => {
  it('lists plans and shows one by id or by number', async () => {
    const list = h.text(await h.say('plans'));
    const [, name, id] = /#1 (.+?) `([0-9a-f]{24})`/.exec(list) ?? [];
    expect(id).toBeDefined();
    expect(h.text(await h.say(`plan ${id}`))).toContain(name);
    expect(h.text(await h.say('plan 1'))).toContain(name);
    expect(h.text(await h.say('plan 0123456789abcdef01234567'))).toContain('There is no release plan');
  });

  it('stats covers builds, deploys and tests for the asked days', async () => {
    const text = h.text(await h.say('stats --days 30 --project demo'));
    expect(text).toContain('Builds');
    expect(text).toContain('Deploys');
    expect(text).toMatch(/30/);
    expect(h.text(await h.say('stats --project nope'))).toContain('There is no project `nope`');
  });

  it('help lists commands; help <command> explains one', async () => {
    expect(h.text(await h.say('help'))).toContain('`approve <workflow> <taskId> [comment]`');
    expect(h.text(await h.say('help run'))).toMatch(/run <workflow>/);
    expect(h.text(await h.say('帮助', { locale: 'zh' }), 'zh')).toContain('工作流');
    expect(h.text(await h.say('help rnu'))).toContain('`run`');
  });

  it('home shows the identity, waiting approvals and the bindings', async () => {
    const home = await h.core.home(scope, { id: 'alice' });
    const text = h.text(home);
    expect(text).toContain('Linked to Zadig user Alice Wang');
    expect(text).toContain('Waiting for your approval');
    expect(text).toContain('C-pay → `payments` / `dev`');
    expect(h.text(await h.core.home(scope, { id: 'nobody' }))).toContain('Not linked to Zadig yet');
  });
});
