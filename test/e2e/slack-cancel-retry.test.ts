// Locks in the Cancel and Retry buttons of a Slack task card: a click (signed block_actions carrying the
// button's command) cancels or retries the sandbox task as the clicker's Zadig user, once, and the
// cards follow: the clicked card shows the cancellation, a retried task gets a live card again.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeSlackMessage } from '../fakes/fake-slack-api.js';
import {
  buttonOf,
  buttonsOf,
  click,
  link,
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
  await link(h, 'alice');
});
afterAll(async () => {
  await h?.close();
});

const topLevel = (ch: string) => h.slackApi.messagesIn(ch).filter((m) => !m.thread_ts);

/** Runs `command` as alice in `ch` and returns the task card and the sandbox task id. */
async function runCard(ch: string, command: string, workflow: string) {
  const before = topLevel(ch).length;
  expect((await slash(h, 'alice', ch, command)).status).toBe(200);
  await waitFor(`${workflow} card`, () => topLevel(ch).length === before + 1);
  const card = topLevel(ch).at(-1)!;
  const task = h.sandbox
    .tasks(workflow)
    .filter((t) => t.origin === 'workflowtask')
    .at(-1)!;
  expect(textOf(card)).toContain(`#${task.taskId}`);
  return { card, taskId: task.taskId };
}

describe('Slack Cancel and Retry buttons', () => {
  it('Cancel cancels the task as the clicker and the card shows it, with no Cancel button left', async () => {
    const ch = 'C-cancel';
    const { card, taskId } = await runCard(ch, 'run build-deploy --project demo', 'build-deploy');
    await h.sandbox.advance(3000);
    await waitFor('card shows progress', () => textOf(card).includes('Running') || card.edits > 0);
    expect(buttonOf(card, 'Cancel').value).toBe(`cancel build-deploy ${taskId} --project demo`);

    const from = h.sandbox.requests.length;
    expect((await click(h, 'alice', card, 'Cancel')).status).toBe(200);
    await waitFor('task cancelled', () => h.sandbox.task('build-deploy', taskId)!.status === 'cancelled');
    const cancels = zadigCalls(h, from, { method: 'DELETE', path: /^\/openapi\/workflows\/custom\/task$/ });
    expect(cancels).toEqual([expect.objectContaining({ user: 'alice' })]);
    expect(h.sandbox.task('build-deploy', taskId)!.revoker).toBe('Alice Wang');

    await waitFor('card shows the cancellation', () => /cancel/i.test(card.text ?? ''));
    await waitFor('Cancel button gone', () => !buttonsOf(card).some((b) => b.value?.startsWith('cancel')));
    // Still one card; the final result goes once into its thread.
    expect(topLevel(ch)).toHaveLength(1);
    await waitFor('final reply', () => h.slackApi.messagesIn(ch).some((m) => m.thread_ts === card.ts));
    await new Promise((r) => setTimeout(r, 600));
    expect(h.slackApi.messagesIn(ch).filter((m) => m.thread_ts === card.ts)).toHaveLength(1);
  });

  it('Retry re-runs a failed task in place as the clicker, and the retried run is followed to its end', async () => {
    const ch = 'C-retry';
    const { card, taskId } = await runCard(ch, 'run flaky-build --project demo', 'flaky-build');
    // flaky-build fails on its first attempt.
    for (let i = 0; i < 10 && h.sandbox.task('flaky-build', taskId)!.status !== 'failed'; i++) {
      await h.sandbox.advance(5000);
    }
    expect(h.sandbox.task('flaky-build', taskId)!.status).toBe('failed');
    await waitFor('Retry button on the card', () =>
      buttonsOf(card).some((b) => b.value?.startsWith('retry')),
    );
    await waitFor('failure reply', () => h.slackApi.messagesIn(ch).some((m) => m.thread_ts === card.ts));
    const failure = h.slackApi.messagesIn(ch).find((m) => m.thread_ts === card.ts)!;
    expect(textOf(failure)).toMatch(/fail/i);

    const from = h.sandbox.requests.length;
    const retry = buttonOf(card, 'Retry');
    expect(retry.value).toBe(`retry flaky-build ${taskId} --project demo`);
    expect((await click(h, 'alice', card, 'Retry')).status).toBe(200);
    await waitFor('task retried', () => h.sandbox.task('flaky-build', taskId)!.attempt === 2);
    const retries = zadigCalls(h, from, {
      method: 'POST',
      path: /^\/openapi\/workflows\/custom\/flaky-build\/task\/\d+$/,
    });
    expect(retries).toEqual([expect.objectContaining({ user: 'alice' })]);

    // The retried run is live again: a card for it (the reply to the click) moves to passed.
    let live: FakeSlackMessage | undefined;
    await waitFor('card of the retried run', () => {
      live = topLevel(ch).find((m) => m !== card && textOf(m).includes(`#${taskId}`));
      return live !== undefined;
    });
    for (let i = 0; i < 10 && h.sandbox.task('flaky-build', taskId)!.status !== 'passed'; i++) {
      await h.sandbox.advance(5000);
    }
    expect(h.sandbox.task('flaky-build', taskId)!.status).toBe('passed');
    await waitFor('retried card shows passed', () => /passed/i.test(live!.text ?? ''), 8000);
  });
});
