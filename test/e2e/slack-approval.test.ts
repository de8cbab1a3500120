// Locks in approvals from Slack: a task started in the Zadig UI of a workflow the channel subscribes to
// gets an approval card (approvers mentioned as Slack users); an approver's click votes as their own
// Zadig user and the card then says who decided with its buttons gone; a non-approver is refused.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeSlackMessage } from '../fakes/fake-slack-api.js';
import {
  buttonOf,
  buttonsOf,
  click,
  link,
  SLACK_USERS,
  type SlackE2E,
  slash,
  startSlackE2E,
  textOf,
  zadigCalls,
} from '../support/slack-e2e.js';
import { waitFor } from '../support/wait-for.js';

let h: SlackE2E;

beforeAll(async () => {
  h = await startSlackE2E();
  await Promise.all([link(h, 'alice'), link(h, 'bob'), link(h, 'carol')]);
});
afterAll(async () => {
  await h?.close();
});

const CH = 'C-approvals';
const APPROVE_PATH = /^\/openapi\/workflows\/custom\/task\/approve$/;

interface Approver {
  user_name: string;
  reject_or_approve?: string;
}

/** The approval job's approvers as Zadig reports them (read with the admin token). */
async function approversOf(taskId: number): Promise<Approver[]> {
  const url = `${h.sandbox.url}/openapi/workflows/custom/task?taskId=${taskId}&workflowKey=release-prod`;
  const res = await fetch(url, { headers: { authorization: `Bearer ${h.sandbox.users.admin!.token}` } });
  const task = (await res.json()) as { stages: { jobs: { type: string; spec: any }[] }[] };
  const job = task.stages.flatMap((s) => s.jobs).find((j) => j.type === 'approval');
  return job?.spec?.native_approval?.approve_users ?? [];
}

const approvalCardIn = (channel: string): FakeSlackMessage | undefined =>
  h.slackApi
    .messagesIn(channel)
    .find((m) => buttonsOf(m).some((b) => b.value?.startsWith('approve release-prod')));

describe('Slack approval by button', () => {
  let taskId = 0;
  let card: FakeSlackMessage;

  it('posts an approval card for a UI-started task in the subscribed channel, naming its approvers', async () => {
    const sub = await slash(h, 'alice', CH, 'subscribe release-prod --project demo');
    expect(sub.status).toBe(200);
    await waitFor(
      'subscribe reply',
      () => h.slackApi.messagesIn(CH).length + h.slackApi.responses.length >= 1,
    );
    expect(JSON.stringify([h.slackApi.messagesIn(CH), h.slackApi.responses])).toContain('now follows');

    // The first scan of a newly subscribed workflow records what already exists (history is not
    // announced); a task started in the UI after it is new.
    const scanned = h.sandbox.requests.length;
    await waitFor(
      'first subscription scan',
      () =>
        zadigCalls(h, scanned, { method: 'GET', path: /^\/openapi\/workflows\/custom\/release-prod\/tasks$/ })
          .length > 0,
    );
    taskId = h.sandbox.startTask('release-prod', { creator: 'admin' });
    // Build (≈25 s virtual) then the approval job waits.
    for (let i = 0; i < 10 && !approvalCardIn(CH); i++) {
      await h.sandbox.advance(5000);
      await new Promise((r) => setTimeout(r, 300));
    }
    await waitFor('approval card', () => approvalCardIn(CH) !== undefined);
    card = approvalCardIn(CH)!;
    expect(buttonOf(card, 'Approve').value).toBe(`approve release-prod ${taskId} --project demo`);
    expect(buttonOf(card, 'Reject').value).toBe(`reject release-prod ${taskId} --project demo`);
    expect(textOf(card)).toContain('Alice Wang');
    expect(textOf(card)).toContain('Bob Li');
  });

  // The worker passes the approvers' Zadig emails; the Slack notifier resolves them (cached).
  it('mentions approvers as Slack users where their Zadig email maps to one (users.lookupByEmail)', () => {
    expect(h.slackApi.callsOf('users.lookupByEmail').map((c) => c.args.email)).toEqual(
      expect.arrayContaining(['alice@demo.local', 'bob@demo.local']),
    );
    expect(textOf(card)).toContain(`<@${SLACK_USERS.alice.id}>`);
    expect(textOf(card)).toContain(`<@${SLACK_USERS.bob.id}>`);
  });

  it('refuses a click by a linked user who is not an approver, without a vote', async () => {
    const from = h.sandbox.requests.length;
    const responses = h.slackApi.responses.length;
    const ephemerals = h.slackApi.ephemerals.length;
    const res = await click(h, 'carol', card, 'Approve');
    expect(res.status).toBe(200);
    await waitFor(
      'refusal for carol',
      () => h.slackApi.responses.length > responses || h.slackApi.ephemerals.length > ephemerals,
    );
    const refusal = JSON.stringify([
      h.slackApi.responses.slice(responses),
      h.slackApi.ephemerals.slice(ephemerals),
    ]);
    expect(refusal).toContain('You are not an approver of this approval.');
    expect(h.slackApi.responses.at(-1)!.body.response_type).toBe('ephemeral');
    // Whatever was asked of Zadig, nobody's vote was recorded and the card still waits.
    const approvers = await approversOf(taskId);
    expect(approvers.map((a) => a.user_name).sort()).toEqual(['Alice Wang', 'Bob Li']);
    expect(approvers.filter((a) => a.reject_or_approve)).toEqual([]);
    expect(zadigCalls(h, from, { path: APPROVE_PATH }).every((r) => r.user === 'carol')).toBe(true);
    expect(buttonsOf(card).map((b) => b.label)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Approve/)]),
    );
  });

  it('votes as the clicker’s Zadig user, then shows who decided and drops the buttons', async () => {
    const from = h.sandbox.requests.length;
    const res = await click(h, 'bob', card, 'Approve');
    expect(res.status).toBe(200);
    await waitFor('approve call', () => zadigCalls(h, from, { path: APPROVE_PATH }).length === 1);
    expect(zadigCalls(h, from, { path: APPROVE_PATH })).toEqual([
      expect.objectContaining({ method: 'POST', user: 'bob' }),
    ]);
    const bob = (await approversOf(taskId)).find((a) => a.user_name === 'Bob Li');
    expect(bob?.reject_or_approve).toBe('approve');

    // The vote takes effect at the sandbox's next poll; the card follows: who decided, no buttons to
    // press any more (only the link to Zadig).
    await h.sandbox.advance(1500);
    await waitFor('decided card', () => textOf(card).includes('Approved by Bob Li'), 8000);
    expect(buttonsOf(card).filter((b) => b.value !== undefined)).toEqual([]);
    expect(buttonsOf(card).map((b) => b.label)).toEqual(['Open in Zadig']);
    expect(h.sandbox.task('release-prod', taskId)!.stages.find((s) => s.name === 'approve')?.status).toBe(
      'passed',
    );
  });
});
