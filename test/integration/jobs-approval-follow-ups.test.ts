// Locks in approval reminders and escalation as BullMQ delayed jobs on real Redis, with two worker
// replicas: a linked approver who has not voted gets a reminder DM after the configured delay and again at
// the interval; the escalation is posted once in the channel, mentioning the approvers; a decision made in
// Zadig stops the reminders. Chats without rules get none.

import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FollowUpRules, Jobs } from '../../src/jobs/index.js';
import { commandsOf, textOf } from '../fakes/recording-notifier.js';
import { type JobsHarness, jobsHarness } from '../support/jobs-harness.js';
import { waitFor } from '../support/wait-for.js';

let h: JobsHarness;
let replicas: Jobs[];
const scope = { platform: 'feishu' as const, tenant: 'tenant-1' };
const RULES: FollowUpRules = { remindAfterMs: 400, remindEveryMs: 900, escalateAfterMs: 700 };

beforeAll(async () => {
  h = await jobsHarness({ pollIntervalMs: 60 });
  await h.linkUser(scope, 'ou_bob', 'bob');
  for (const conversation of ['oc_rules', 'oc_quiet']) {
    await h.stores.subscriptions.add(scope, conversation, {
      projectKey: 'demo',
      workflow: 'release-prod',
      events: ['approval'],
      createdBy: 'u',
      createdAt: 0,
    });
  }
  const followUpRules = (c: { conversation: string }) => (c.conversation === 'oc_rules' ? RULES : undefined);
  replicas = [h.jobs({ followUpRules }), h.jobs({ followUpRules })];
  for (const j of replicas) await j.startWorkers();
});
afterAll(() => h.cleanup());

const reminders = () => h.feishu.directs.filter((d) => textOf(d.message).includes('Reminder:'));
const escalations = (conversation: string) =>
  h.feishu.posts.filter((p) => p.conversation === conversation && textOf(p.message).includes('has waited'));

describe('approval reminders and escalation', () => {
  it('reminds the linked approver, escalates once with two workers, and stops after a decision in Zadig', async () => {
    await waitFor('baseline scan', () =>
      h.sb.requests.some((r) => r.path === '/openapi/workflows/custom/release-prod/tasks'),
    );
    await sleep(150);
    const taskId = h.sb.startTask('release-prod', { creator: 'carol' });
    await h.sb.settle(); // the virtual clock stops where the approval starts waiting
    await waitFor('approval card', () => h.feishu.posts.find((p) => p.conversation === 'oc_rules'));
    const cardAt = Date.now();

    const [first] = await waitFor(
      'first reminder',
      () => (reminders().length > 0 ? reminders() : null),
      5000,
    );
    expect(first!.conversation).toBe('ou_bob');
    expect(textOf(first!.message)).toContain(`Release to production #${taskId}`);
    expect(commandsOf(first!.message)).toContain(`approve release-prod ${taskId} --project demo`);

    const [esc] = await waitFor(
      'escalation',
      () => (escalations('oc_rules').length > 0 ? escalations('oc_rules') : null),
      5000,
    );
    // The approvers who have not voted are named: bob (linked) as a mention, alice by name.
    expect(textOf(esc!.message)).toContain(`<@email:${h.sb.users.bob!.email}|Bob Li>`);
    expect(textOf(esc!.message)).toContain('@Alice Wang');
    await waitFor('second reminder', () => reminders().length >= 2, 5000);
    expect(Date.now() - cardAt).toBeGreaterThanOrEqual(RULES.remindAfterMs! + RULES.remindEveryMs! - 200);

    // Decided in Zadig: no reminder after that, and the escalation stayed one post.
    h.sb.decide('release-prod', taskId, 'alice', true, 'ok');
    await h.sb.advance(1000);
    const sent = reminders().length;
    await sleep(2500);
    expect(reminders().length).toBeLessThanOrEqual(sent + 1); // one may have been in flight at the vote
    const after = reminders().length;
    await sleep(1500);
    expect(reminders().length).toBe(after);
    expect(escalations('oc_rules')).toHaveLength(1);
    // A chat without rules gets the approval card but neither reminders nor escalation.
    expect(h.feishu.posts.some((p) => p.conversation === 'oc_quiet')).toBe(true);
    expect(escalations('oc_quiet')).toHaveLength(0);
  }, 30_000);
});
