// Locks in channel subscriptions on real Redis: upsert per (channel, project, workflow), default and
// validated events, and the fan-out indexes the scanner relies on (workflows to scan, channels per
// workflow including project-wide `*`), which must stay in step with adds and removes.
import { afterAll, describe, expect, it } from 'vitest';
import { storeKeys } from '../../src/store/keys.js';
import { DEFAULT_SUBSCRIPTION_EVENTS, SubscriptionStore } from '../../src/store/subscription-store.js';
import type { Scope } from '../../src/store/types.js';
import { testRedis } from '../support/redis.js';

const t = testRedis();
afterAll(() => t.cleanup());

const slack: Scope = { platform: 'slack', tenant: 'T1' };
const feishu: Scope = { platform: 'feishu', tenant: 'tk' };
const by = { createdBy: 'U1', createdAt: 1000 };

describe('SubscriptionStore', () => {
  const store = new SubscriptionStore({ redis: t.redis, prefix: t.prefix });

  it('adds with default events, upserts the same (project, workflow), and lists per channel', async () => {
    const first = await store.add(slack, 'C1', { projectKey: 'demo', workflow: 'deploy', ...by });
    expect(first.created).toBe(true);
    expect(first.subscription.events).toEqual([...DEFAULT_SUBSCRIPTION_EVENTS]);
    expect(DEFAULT_SUBSCRIPTION_EVENTS).toEqual([
      'passed',
      'failed',
      'timeout',
      'cancelled',
      'reject',
      'approval',
    ]);

    const second = await store.add(slack, 'C1', {
      projectKey: 'demo',
      workflow: 'deploy',
      events: ['FAILED', 'created', 'failed'],
      ...by,
    });
    expect(second.created).toBe(false);
    expect(second.subscription.events).toEqual(['created', 'failed']);
    await store.add(slack, 'C1', { projectKey: 'alpha', workflow: '*', ...by });

    expect(await store.listForChannel(slack, 'C1')).toEqual([
      { projectKey: 'alpha', workflow: '*', events: [...DEFAULT_SUBSCRIPTION_EVENTS], ...by },
      { projectKey: 'demo', workflow: 'deploy', events: ['created', 'failed'], ...by },
    ]);
    expect(await store.listForChannel(slack, 'C-empty')).toEqual([]);
  });

  it('rejects unknown or empty event lists and empty names', async () => {
    await expect(
      store.add(slack, 'C9', { projectKey: 'demo', workflow: 'x', events: ['exploded'], ...by }),
    ).rejects.toThrow(/unknown subscription event "exploded"/);
    await expect(
      store.add(slack, 'C9', { projectKey: 'demo', workflow: 'x', events: [], ...by }),
    ).rejects.toThrow(RangeError);
    await expect(store.add(slack, 'C9', { projectKey: '', workflow: 'x', ...by })).rejects.toThrow(
      RangeError,
    );
    expect(await store.listForChannel(slack, 'C9')).toEqual([]);
  });

  it('fans out to channels of the workflow and of the project-wide *, merging events per channel', async () => {
    await store.add(slack, 'C2', { projectKey: 'demo', workflow: 'deploy', events: ['passed'], ...by });
    await store.add(feishu, 'oc_1', { projectKey: 'demo', workflow: '*', events: ['approval'], ...by });
    await store.add(slack, 'C3', { projectKey: 'demo', workflow: 'deploy', events: ['running'], ...by });
    await store.add(slack, 'C3', { projectKey: 'demo', workflow: '*', events: ['failed'], ...by });
    await store.add(slack, 'C4', { projectKey: 'other', workflow: 'deploy', ...by });

    const channels = await store.channelsFor('demo', 'deploy');
    const byName = Object.fromEntries(channels.map((c) => [`${c.scope.platform}/${c.conversation}`, c]));
    expect(Object.keys(byName).sort()).toEqual(['feishu/oc_1', 'slack/C1', 'slack/C2', 'slack/C3']);
    expect(byName['slack/C1']).toEqual({ scope: slack, conversation: 'C1', events: ['created', 'failed'] });
    expect(byName['slack/C3']?.events).toEqual(['running', 'failed']);
    expect(byName['feishu/oc_1']).toEqual({ scope: feishu, conversation: 'oc_1', events: ['approval'] });

    const star = await store.channelsFor('demo', 'build');
    expect(star.map((c) => c.conversation).sort()).toEqual(['C3', 'oc_1']);
    expect(await store.channelsFor('nobody', 'deploy')).toEqual([]);

    expect(await store.listWorkflowsToScan()).toEqual([
      { projectKey: 'alpha', workflow: '*' },
      { projectKey: 'demo', workflow: '*' },
      { projectKey: 'demo', workflow: 'deploy' },
      { projectKey: 'other', workflow: 'deploy' },
    ]);
  });

  it('removes by workflow (all projects or one) and drops a workflow from the scan with its last subscriber', async () => {
    await store.add(slack, 'C5', { projectKey: 'p1', workflow: 'wf', ...by });
    await store.add(slack, 'C5', { projectKey: 'p2', workflow: 'wf', ...by });
    await store.add(slack, 'C6', { projectKey: 'p1', workflow: 'wf', ...by });

    expect(await store.remove(slack, 'C5', 'wf', 'p2')).toBe(1);
    expect(await store.listWorkflowsToScan()).not.toContainEqual({ projectKey: 'p2', workflow: 'wf' });
    expect(await store.remove(slack, 'C5', 'wf')).toBe(1);
    expect(await store.remove(slack, 'C5', 'wf')).toBe(0);
    expect(await store.listForChannel(slack, 'C5')).toEqual([]);
    // C6 still subscribes to p1/wf, so it stays scanned.
    expect(await store.listWorkflowsToScan()).toContainEqual({ projectKey: 'p1', workflow: 'wf' });
    expect((await store.channelsFor('p1', 'wf')).map((c) => c.conversation)).toEqual(['C6']);

    expect(await store.remove(slack, 'C6', 'wf', 'p1')).toBe(1);
    expect(await store.listWorkflowsToScan()).not.toContainEqual({ projectKey: 'p1', workflow: 'wf' });
    expect(await store.channelsFor('p1', 'wf')).toEqual([]);
    expect(await t.redis.exists(storeKeys(t.prefix).subWorkflow('p1', 'wf'))).toBe(0);
  });

  it('matches * literally on remove: project-wide only', async () => {
    expect(await store.remove(slack, 'C3', '*')).toBe(1);
    expect((await store.listForChannel(slack, 'C3')).map((s) => s.workflow)).toEqual(['deploy']);
  });

  it('keeps ids with separators apart', async () => {
    const odd: Scope = { platform: 'slack', tenant: 'T:1' };
    await store.add(odd, 'C:7', { projectKey: 'a:b', workflow: 'c', ...by });
    await store.add(odd, 'C', { projectKey: 'a', workflow: 'b:c', ...by });
    expect(await store.channelsFor('a:b', 'c')).toEqual([
      { scope: odd, conversation: 'C:7', events: [...DEFAULT_SUBSCRIPTION_EVENTS] },
    ]);
    expect((await store.channelsFor('a', 'b:c')).map((c) => c.conversation)).toEqual(['C']);
  });

  it('stays consistent under concurrent subscribe/unsubscribe of one workflow', async () => {
    const ops = Array.from({ length: 20 }, (_, i) => i);
    await Promise.all(
      ops.map((i) => store.add(slack, `CC${i}`, { projectKey: 'conc', workflow: 'w', ...by })),
    );
    await Promise.all(ops.map((i) => store.remove(slack, `CC${i}`, 'w', 'conc')));
    expect(await store.channelsFor('conc', 'w')).toEqual([]);
    expect(await store.listWorkflowsToScan()).not.toContainEqual({ projectKey: 'conc', workflow: 'w' });
  });
});
