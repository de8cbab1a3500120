// Locks in rollback from Slack end to end (signed requests, the fake Slack API, the sandbox Zadig's request
// log, real Redis, the worker): a production deploy that fails in a subscribed workflow gets a final
// reply with "Roll back <service> in prod" to the revision the deploy started from; bob (not allowed on
// production) is refused without a preview; alice gets the preview and the Rollback click puts the service
// back at that revision, once, as her own Zadig user, and the audit log has it.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeSlackMessage } from '../fakes/fake-slack-api.js';
import {
  buttonOf,
  buttonsOf,
  click,
  link,
  type SlackE2E,
  type SlackUserName,
  slash,
  startSlackE2E,
  textOf,
  zadigCalls,
} from '../support/slack-e2e.js';
import { waitFor } from '../support/wait-for.js';

let h: SlackE2E;
const CH = 'C-oncall';
const POLICY = `
defaults:
  production: ["alice@demo.local"]
`;

beforeAll(async () => {
  h = await startSlackE2E({ policy: POLICY });
  await Promise.all([link(h, 'alice'), link(h, 'bob')]);
});
afterAll(async () => {
  await h?.close();
});

const ROLLBACK = { method: 'POST', path: /\/version\/[^/]+\/rollback$/ };

/** What the bot answered to a click: the response_url reply, or a new message in the channel. */
async function clickReply(user: SlackUserName, message: FakeSlackMessage, label: string) {
  const responses = h.slackApi.responses.length;
  const posted = h.slackApi.messagesIn(CH).length;
  const live = h.slackApi.messagesIn(CH).find((m) => m.ts === message.ts);
  const edits = live?.edits ?? 0;
  expect((await click(h, user, message, label)).status).toBe(200);
  await waitFor(
    `reply to ${user}'s ${label}`,
    () =>
      h.slackApi.responses.length > responses ||
      h.slackApi.messagesIn(CH).length > posted ||
      (live?.edits ?? 0) > edits,
  );
  // A confirmation card is replaced by what its click did.
  if (live && live.edits > edits) return live;
  const body = h.slackApi.responses.slice(responses).at(-1)?.body;
  if (!body) return h.slackApi.messagesIn(CH).slice(posted).at(-1)!;
  return {
    ts: `1720.${randomUUID().slice(0, 6)}`,
    channel: CH,
    text: body.text ?? '',
    blocks: body.blocks ?? [],
  } as never as FakeSlackMessage;
}

describe('Slack: roll back a failed production deploy from its final', () => {
  let final: FakeSlackMessage;
  let service = '';
  let origin = 0;

  it('the final of a failed prod deploy carries Roll back <service> in prod', async () => {
    expect((await slash(h, 'alice', CH, 'subscribe release-prod --project demo')).status).toBe(200);
    const scanned = h.sandbox.requests.length;
    await waitFor(
      'first scan',
      () => zadigCalls(h, scanned, { method: 'GET', path: /\/release-prod\/tasks$/ }).length > 0,
    );
    const id = h.sandbox.startTask('release-prod', { creator: 'alice', fail: true });
    for (let i = 0; i < 30 && h.sandbox.task('release-prod', id)!.status !== 'failed'; i++) {
      const waiting = h.sandbox
        .task('release-prod', id)!
        .stages.some((s) => s.jobs.some((j) => j.status === 'wait_for_approval'));
      if (waiting) h.sandbox.decide('release-prod', id, 'alice', true);
      await h.sandbox.advance(5000);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(h.sandbox.task('release-prod', id)!.status).toBe('failed');
    // The final result is the thread reply under the task's card (which shows the same buttons).
    const isFinal = (m: FakeSlackMessage) =>
      m.thread_ts !== undefined && buttonsOf(m).some((b) => b.label.startsWith('Roll back'));
    await waitFor('a final with Roll back', () => h.slackApi.messagesIn(CH).some(isFinal));
    final = h.slackApi.messagesIn(CH).find(isFinal)!;
    expect(textOf(final)).toContain('finished');
    const button = buttonOf(final, 'Roll back');
    const m = /^rollback (\S+) --env prod --project demo --to (\d+)$/.exec(button.value ?? '');
    expect(m, button.value).not.toBeNull();
    service = m![1]!;
    origin = Number(m![2]);
    expect(button.label).toBe(`Roll back ${service} in prod`);
    // The deploy applied a new revision that failed its readiness check; the button goes to the one before.
    const svc = h.sandbox.envService('demo', 'prod', service, true)!;
    expect(svc.unhealthy).toBe(true);
    expect(svc.revisions.at(-1)!.revision).toBe(origin + 1);
  });

  it('bob, without production rights, is refused and nothing is rolled back', async () => {
    const from = h.sandbox.requests.length;
    const reply = await clickReply('bob', final, 'Roll back');
    expect(textOf(reply)).toContain('would change production in project');
    expect(buttonsOf(reply).some((b) => b.label === 'Rollback')).toBe(false);
    expect(zadigCalls(h, from, ROLLBACK)).toEqual([]);
  });

  it('alice sees the preview, and her Rollback click puts the service back at that revision, once', async () => {
    const from = h.sandbox.requests.length;
    const preview = await clickReply('alice', final, 'Roll back');
    expect(textOf(preview)).toContain(`#${origin + 1} → #${origin}`);
    expect(textOf(preview)).toContain('changes PRODUCTION');
    expect(zadigCalls(h, from, ROLLBACK)).toEqual([]);
    const shown = structuredClone(preview);
    const done = await clickReply('alice', preview, 'Rollback');
    expect(textOf(done)).toContain(`back to revision #${origin}`);
    expect(zadigCalls(h, from, ROLLBACK)).toEqual([expect.objectContaining({ user: 'alice', status: 200 })]);
    const svc = h.sandbox.envService('demo', 'prod', service, true)!;
    expect(svc.unhealthy).toBe(false);
    expect(svc.revisions.at(-1)).toMatchObject({ operation: 'rollback', createBy: 'Alice Wang' });
    expect(svc.revisions.at(-1)!.images).toEqual(svc.revisions.find((r) => r.revision === origin)!.images);
    // The card no longer offers it; a second press of it as it was shown does nothing more.
    expect(buttonsOf(preview).some((b) => b.label === 'Rollback')).toBe(false);
    expect((await click(h, 'alice', shown, 'Rollback')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(zadigCalls(h, from, ROLLBACK)).toHaveLength(1);
  });
});
