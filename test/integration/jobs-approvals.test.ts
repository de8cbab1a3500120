// Locks in approvals: a UI-started release-prod task's waiting approval gets ONE approval card in the
// subscribed chat and a DM to the linked approver, both edited when the decision is made in the Zadig UI
// (who decided, no buttons); votes update the card; Lark approvals show status and a link, no buttons.

import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Jobs } from '../../src/jobs/index.js';
import { commandsOf, textOf } from '../fakes/recording-notifier.js';
import { cardIn, type JobsHarness, jobsHarness } from '../support/jobs-harness.js';
import { waitFor } from '../support/wait-for.js';

let h: JobsHarness;
let jobs: Jobs;
const scope = { platform: 'feishu' as const, tenant: 'tenant-1' };

beforeAll(async () => {
  h = await jobsHarness({ pollIntervalMs: 60 });
  await h.linkUser(scope, 'ou_bob', 'bob');
  await h.stores.subscriptions.add(scope, 'oc_rel', {
    projectKey: 'demo',
    workflow: 'release-prod',
    events: ['approval'],
    createdBy: 'u',
    createdAt: 0,
  });
  jobs = h.jobs();
  await jobs.startWorkers();
});
afterAll(() => h.cleanup());

const lastEdit = (messageId: string) => h.feishu.updates.filter((u) => u.messageId === messageId).at(-1);

describe('approvals', () => {
  it('posts the approval card once, DMs the linked approver, and follows a decision made in Zadig', async () => {
    await waitFor('baseline scan', () =>
      h.sb.requests.some((r) => r.path === '/openapi/workflows/custom/release-prod/tasks'),
    );
    await sleep(150);
    const taskId = h.sb.startTask('release-prod', { creator: 'carol' });
    await h.run(30_000, 3000, 60);
    const [card] = await waitFor('approval card', () => {
      const c = h.feishu.posts.filter((p) => p.conversation === 'oc_rel');
      return c.length > 0 ? c : null;
    });
    const [dm] = await waitFor('DM to bob', () => (h.feishu.directs.length > 0 ? h.feishu.directs : null));
    expect(dm!.conversation).toBe('ou_bob');
    for (const m of [card!.message, dm!.message]) {
      expect(textOf(m)).toContain('Production release gate');
      expect(textOf(m)).toContain('0 of 1 approved');
      expect(commandsOf(m)).toContain(`approve release-prod ${taskId} --project demo`);
      // bob is linked here, so the card mentions him by email (the notifier maps it to a chat user);
      // alice is not, so she is named in plain text.
      expect(textOf(m)).toContain(`<@email:${h.sb.users.bob!.email}|`);
      expect(textOf(m)).not.toContain(`<@email:${h.sb.users.alice!.email}`);
    }

    await sleep(300); // more polls while it waits: still one card, one DM
    expect(h.feishu.posts.filter((p) => p.conversation === 'oc_rel')).toHaveLength(1);
    expect(h.feishu.directs).toHaveLength(1);

    h.sb.decide('release-prod', taskId, 'alice', true, 'LGTM');
    await h.sb.advance(2000);
    for (const id of [card!.messageId, dm!.messageId]) {
      await waitFor(`decided edit of ${id}`, () => {
        const m = lastEdit(id)?.message;
        return m && textOf(m).includes('Approved by Alice Wang');
      });
      expect(commandsOf(lastEdit(id)!.message)).toEqual([]);
    }
  });

  it('edits the card as votes arrive', async () => {
    const taskId = h.sb.startTask('two-approvers', { creator: 'carol' });
    await jobs.watch(
      { kind: 'workflow', projectKey: 'demo', name: 'two-approvers', taskId },
      cardIn('oc_two', 'om_two'),
    );
    await h.run(6000, 2000, 60);
    const [card] = await waitFor('approval card', () => {
      const c = h.feishu.posts.filter((p) => p.conversation === 'oc_two' && p.threadId === undefined);
      return c.length > 0 ? c : null;
    });
    expect(textOf(card!.message)).toContain('0 of 2 approved');
    h.sb.decide('two-approvers', taskId, 'alice', true);
    await h.sb.advance(2000);
    await waitFor('1 of 2', () =>
      textOf(lastEdit(card!.messageId)?.message ?? card!.message).includes('1 of 2 approved'),
    );
    expect(commandsOf(lastEdit(card!.messageId)!.message)).toContain(
      `reject two-approvers ${taskId} --project demo`,
    );
    h.sb.decide('two-approvers', taskId, 'bob', false, 'not today');
    await h.sb.advance(2000);
    await waitFor('rejected', () =>
      textOf(lastEdit(card!.messageId)!.message).includes('Rejected by Bob Li'),
    );
  });

  it("DMs an approver in the language they saved (the channel's card keeps its own), decided edit too", async () => {
    await h.stores.preferences.set(scope, 'ou_bob', 'zh');
    try {
      const dmsBefore = h.feishu.directs.length;
      const postsBefore = h.feishu.posts.filter((p) => p.conversation === 'oc_rel').length;
      const taskId = h.sb.startTask('release-prod', { creator: 'carol' });
      await h.run(30_000, 3000, 60);
      const dm = await waitFor('DM to bob', () => h.feishu.directs[dmsBefore]);
      const card = await waitFor('channel card', () =>
        h.feishu.posts.filter((p) => p.conversation === 'oc_rel').at(postsBefore),
      );
      expect(dm.message.locale).toBe('zh');
      expect(card.message.locale ?? 'en').toBe('en');
      h.sb.decide('release-prod', taskId, 'alice', true, 'LGTM');
      await h.sb.advance(2000);
      const decided = await waitFor('decided DM edit', () => {
        const m = lastEdit(dm.messageId)?.message;
        return m && textOf(m).includes('Approved by Alice Wang') ? m : null;
      });
      expect(decided.locale).toBe('zh');
    } finally {
      await h.stores.preferences.set(scope, 'ou_bob', null);
    }
  });

  it('shows a Lark approval with its status and a link instead of buttons', async () => {
    const taskId = h.sb.startTask('lark-approval', { creator: 'alice' });
    await jobs.watch(
      { kind: 'workflow', projectKey: 'demo', name: 'lark-approval', taskId },
      cardIn('oc_lark', 'om_lark'),
    );
    await h.run(6000, 2000, 60);
    const [card] = await waitFor('lark approval card', () => {
      const c = h.feishu.posts.filter((p) => p.conversation === 'oc_lark' && p.threadId === undefined);
      return c.length > 0 ? c : null;
    });
    expect(textOf(card!.message)).toContain('Feishu/Lark');
    expect(commandsOf(card!.message)).toEqual([]);
    expect(
      card!.message.blocks.some((b) => b.type === 'actions' && b.buttons.some((x) => x.kind === 'link')),
    ).toBe(true);
  });
});
