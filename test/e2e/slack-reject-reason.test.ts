// Locks in Reject with a reason: the Reject button on an approval card opens a Slack modal asking why
// (views.open with the click's trigger_id), nothing is sent to Zadig until it is submitted, and the
// submitted reason is the rejection's comment in Zadig. A typed `reject … <words>` still rejects at once.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeSlackMessage } from '../fakes/fake-slack-api.js';
import { client } from '../sandbox/http.js';
import {
  click,
  link,
  type SlackE2E,
  sendInteraction,
  slash,
  startSlackE2E,
  submissionPayload,
  zadigCalls,
} from '../support/slack-e2e.js';
import { waitFor } from '../support/wait-for.js';

let h: SlackE2E;
beforeAll(async () => {
  h = await startSlackE2E({ pollIntervalMs: 200, sandbox: { startTime: Date.now() } });
  await Promise.all([link(h, 'alice'), link(h, 'bob')]);
});
afterAll(async () => {
  await h?.close();
});

const CH = 'C-reject-reason';
const cardOf = (taskId: number): FakeSlackMessage | undefined =>
  h.slackApi
    .messagesIn(CH)
    .find((m) =>
      (m.blocks ?? []).some(
        (b: any) =>
          b.type === 'actions' &&
          b.elements?.some((e: any) => e.value === `reject release-prod ${taskId} --project demo`),
      ),
    );

async function approvalJob(taskId: number) {
  const d = await client(h.sandbox, 'zbot').get(
    `/openapi/workflows/custom/task?workflowKey=release-prod&taskId=${taskId}`,
  );
  return d.json.stages.flatMap((s: any) => s.jobs).find((j: any) => j.type === 'approval');
}

describe('Reject with a reason', () => {
  it('opens a modal on Reject and sends the typed reason to Zadig with the rejection', async () => {
    await slash(h, 'alice', CH, 'subscribe release-prod --project demo --on approval');
    await waitFor('subscribe reply', () => h.slackApi.messagesIn(CH).length >= 1);
    const from = h.sandbox.requests.length;
    await waitFor(
      'first scan',
      () => zadigCalls(h, from, { path: /^\/openapi\/workflows\/custom\/release-prod\/tasks$/ }).length > 0,
    );
    const taskId = h.sandbox.startTask('release-prod', { creator: 'admin' });
    for (let i = 0; i < 10 && !cardOf(taskId); i++) {
      await h.sandbox.advance(5000);
      await new Promise((r) => setTimeout(r, 250));
    }
    const card = await waitFor('approval card', () => cardOf(taskId));
    const opened = h.slackApi.openedViews.length;
    expect((await click(h, 'bob', card, 'Reject')).status).toBe(200);
    await waitFor('reason modal', () => h.slackApi.openedViews.length === opened + 1);
    // Nothing was voted yet.
    expect(zadigCalls(h, 0, { path: /\/task\/approve$/ })).toHaveLength(0);
    const modal = h.slackApi.openedViews.at(-1)!;
    expect(JSON.stringify(modal.view)).toContain('Reason (sent to Zadig with the rejection)');

    const reason = 'missing changelog: "see #12" & rollback plan';
    const res = await sendInteraction(h, submissionPayload(h, 'bob', modal, { reason }));
    expect(res.status).toBe(200);
    const bob = await waitFor('rejected in Zadig', async () => {
      const job = await approvalJob(taskId);
      const u = job.spec.native_approval.approve_users.find((x: any) => x.user_name === 'Bob Li');
      return u?.reject_or_approve ? u : null;
    });
    expect(bob).toMatchObject({ reject_or_approve: 'reject', comment: reason });
    expect(zadigCalls(h, 0, { path: /\/task\/approve$/ })).toHaveLength(1);
  });
});
