// Locks in `subscribe plans`: a channel follows release plans (the worker's `@plans` marker), the reply
// says so in both languages, and `unsubscribe plans` removes it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CoreHarness, createCoreHarness } from '../support/core-harness.js';

let h: CoreHarness;
beforeAll(async () => {
  h = await createCoreHarness();
});
afterAll(() => h.close());

describe('subscribe plans', () => {
  it('stores a release-plan subscription and removes it again', async () => {
    const scope = { platform: 'slack' as const, tenant: 'T1' };
    const reply = h.text(
      await h.say('subscribe plans', { conversation: 'C-plans', platform: 'slack', tenant: 'T1' }),
    );
    expect(reply).toContain('release plans');
    const subs = await h.stores.subscriptions.listForChannel(scope, 'C-plans');
    expect(subs).toEqual([expect.objectContaining({ workflow: '@plans', projectKey: '*' })]);
    expect(await h.stores.subscriptions.channelsFor('*', '@plans')).toEqual([
      expect.objectContaining({ conversation: 'C-plans' }),
    ]);

    h.text(await h.say('unsubscribe plans', { conversation: 'C-plans', platform: 'slack', tenant: 'T1' }));
    expect(await h.stores.subscriptions.listForChannel(scope, 'C-plans')).toEqual([]);
  });
});
