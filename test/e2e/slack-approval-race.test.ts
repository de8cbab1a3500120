// Locks in that an Approve click cannot leave a stale card behind: when the worker has already shown the
// decision before the click's own answer reaches Slack, the approval card still ends decided, saying who
// decided, with no buttons. A proxy in front of the fake Slack API delays the click's chat.update.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeSlackMessage } from '../fakes/fake-slack-api.js';
import { buttonsOf, click, link, type SlackE2E, slash, textOf, zadigCalls } from '../support/slack-e2e.js';
import { type ProxiedSlackE2E, startProxiedSlackE2E } from '../support/slack-e2e-proxy.js';
import { waitFor } from '../support/wait-for.js';

let env: ProxiedSlackE2E;
let h: SlackE2E;

beforeAll(async () => {
  env = await startProxiedSlackE2E();
  h = env.h;
  await Promise.all([link(h, 'alice'), link(h, 'bob')]);
});
afterAll(async () => {
  await env?.close();
});

const CH = 'C-appr-race';

const approvalCard = (): FakeSlackMessage | undefined =>
  h.slackApi
    .messagesIn(CH)
    .find((m) => buttonsOf(m).some((b) => b.value?.startsWith('approve release-prod')));

describe('Slack approval click racing the worker', () => {
  it('ends with the decided card even when the click’s answer lands after the worker’s edit', async () => {
    await slash(h, 'alice', CH, 'subscribe release-prod --project demo --on approval');
    await waitFor('subscribe reply', () => h.slackApi.messagesIn(CH).length === 1);
    const scanned = h.sandbox.requests.length;
    await waitFor(
      'first scan',
      () =>
        zadigCalls(h, scanned, { path: /^\/openapi\/workflows\/custom\/release-prod\/tasks$/ }).length > 0,
    );
    const taskId = h.sandbox.startTask('release-prod', { creator: 'admin' });
    for (let i = 0; i < 10 && !approvalCard(); i++) {
      await h.sandbox.advance(5000);
      await new Promise((r) => setTimeout(r, 300));
    }
    await waitFor('approval card', () => approvalCard() !== undefined);
    const card = approvalCard()!;

    // Bob's click: its answer to Slack (if it edits the card) is held for 1.5 s. Meanwhile the vote
    // takes effect and the worker edits the card to its decided form.
    env.proxy.holdNext('chat.update', 1500);
    const from = env.proxy.log.length;
    expect((await click(h, 'bob', card, 'Approve')).status).toBe(200);
    await waitFor('vote', () => zadigCalls(h, 0, { path: /\/task\/approve$/ }).length === 1);
    await h.sandbox.advance(1500);
    await waitFor('worker shows the decision', () => textOf(card).includes('Approved by Bob Li'), 8000);
    // Let any held answer land, and a few more polls pass.
    await waitFor(
      'held calls answered',
      () => env.proxy.log.slice(from).every((c) => c.answeredAt > 0),
      5000,
    );
    await new Promise((r) => setTimeout(r, 1000));

    expect(h.sandbox.task('release-prod', taskId)!.stages.find((s) => s.name === 'approve')?.status).toBe(
      'passed',
    );
    expect(textOf(card)).toContain('Approved by Bob Li');
    expect(buttonsOf(card).filter((b) => b.value !== undefined)).toEqual([]);
  });
});
