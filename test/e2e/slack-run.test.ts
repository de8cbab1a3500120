// Locks in a run from Slack end to end: `/zadig run` starts one Zadig task as the linked user, the task
// card is posted in the channel, edited as the sandbox task progresses (and only when its content
// changed), and the final result is posted exactly once as a thread reply that mentions the starter.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
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
  await link(h, 'alice');
});
afterAll(async () => {
  await h?.close();
});

const CH = 'C-run';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the worker has read the task at the sandbox's current virtual time. */
async function polled(taskId: number): Promise<void> {
  const at = h.sandbox.now();
  await waitFor(`a poll of task ${taskId}`, () =>
    h.sandbox.requests.some(
      (r) =>
        r.at >= at &&
        r.method === 'GET' &&
        r.path === '/openapi/workflows/custom/task' &&
        r.query.taskId === String(taskId),
    ),
  );
}

describe('Slack run → card → progress → final', () => {
  it('posts the card, edits it as the task moves, and posts the final result once in its thread', async () => {
    const from = h.sandbox.requests.length;
    const res = await slash(h, 'alice', CH, 'run build-deploy --project demo tag=v1.2.3');
    expect(res.status).toBe(200);
    await waitFor('task card', () => h.slackApi.messagesIn(CH).length === 1);
    const card = h.slackApi.messagesIn(CH)[0]!;
    expect(card.thread_ts).toBeUndefined();
    expect(textOf(card)).toContain('build-deploy');

    // One run, as alice (her linked token), with what she typed.
    const runs = zadigCalls(h, from, { method: 'POST', path: /^\/api\/aslan\/workflow\/v4\/workflowtask$/ });
    expect(runs).toEqual([expect.objectContaining({ user: 'alice' })]);
    const task = h.sandbox
      .tasks('build-deploy')
      .find((t) => t.origin === 'workflowtask' && t.creator === 'Alice Wang');
    expect(task).toBeDefined();
    expect(task!.params.tag).toBe('v1.2.3');
    expect(textOf(card)).toContain(`#${task!.taskId}`);

    // Progress: virtual time moves in steps; after each, wait for the worker to poll the task again.
    // Every state the task passes through that changes the card shows up as an edit of the same card.
    const seen = new Set<string>([textOf(card)]);
    for (let i = 0; i < 12 && h.sandbox.task('build-deploy', task!.taskId)!.status !== 'passed'; i++) {
      await h.sandbox.advance(4000);
      await polled(task!.taskId);
      await sleep(250);
      seen.add(textOf(card));
    }
    expect(h.sandbox.task('build-deploy', task!.taskId)!.status).toBe('passed');
    await waitFor('card shows the result', () => /passed|succeeded|success/i.test(textOf(card)));
    expect(card.edits).toBeGreaterThanOrEqual(3);
    expect(seen.size).toBeGreaterThanOrEqual(3);
    // Distinct states were shown: running with the build stage, then the final state.
    expect([...seen].some((s) => /running/i.test(s))).toBe(true);
    expect(textOf(card)).toMatch(/passed|succeeded|success/i);
    // Every edit changed what the card shows: no chat.update repeats the content before it.
    const versions = [
      h.slackApi.callsOf('chat.postMessage').find((c) => c.args.channel === CH)!.args,
      ...h.slackApi
        .callsOf('chat.update')
        .filter((c) => c.args.ts === card.ts)
        .map((c) => c.args),
    ].map((a) => JSON.stringify([a.text, a.blocks]));
    expect(versions).toHaveLength(card.edits + 1);
    for (let i = 1; i < versions.length; i++) expect(versions[i]).not.toBe(versions[i - 1]);
    // The card is edited in place: still one top-level message in the channel.
    expect(h.slackApi.messagesIn(CH).filter((m) => !m.thread_ts)).toHaveLength(1);

    // The final result: one thread reply under the card, mentioning the starter.
    await waitFor('final reply', () => h.slackApi.messagesIn(CH).some((m) => m.thread_ts === card.ts));
    const finals = h.slackApi.messagesIn(CH).filter((m) => m.thread_ts === card.ts);
    expect(finals).toHaveLength(1);
    expect(textOf(finals[0])).toContain(`<@${SLACK_USERS.alice.id}>`);

    // Nothing changes any more: more polls (the harness polls every 200 ms) edit and post nothing.
    const edits = card.edits;
    const updates = h.slackApi.callsOf('chat.update').length;
    await sleep(1200);
    expect(card.edits).toBe(edits);
    expect(h.slackApi.callsOf('chat.update')).toHaveLength(updates);
    expect(h.slackApi.messagesIn(CH).filter((m) => m.thread_ts === card.ts)).toHaveLength(1);
  });

  it('does not edit the card while the task stands still, not even at the first poll after the reply', async () => {
    await slash(h, 'alice', CH, 'run build-deploy --project demo');
    await waitFor('second card', () => h.slackApi.messagesIn(CH).filter((m) => !m.thread_ts).length === 2);
    const card = h.slackApi.messagesIn(CH).filter((m) => !m.thread_ts)[1]!;
    // The run reply is rendered as the worker renders the card, so its first polls find nothing to edit.
    const taskId = Number(/#(\d+)/.exec(textOf(card))![1]);
    await polled(taskId);
    await sleep(600);
    expect(card.edits).toBe(0);
    expect(textOf(card)).toContain(SLACK_USERS.alice.name);
    await h.sandbox.advance(5000);
    await waitFor('first progress edit', () => card.edits >= 1);
    await sleep(400);
    const edits = card.edits;
    // Virtual time is frozen: several polls see the same task, so the card is left alone.
    await sleep(1200);
    expect(card.edits).toBe(edits);
    // A change of state edits it again.
    await h.sandbox.advance(30_000);
    await waitFor('edit after the task moved', () => card.edits > edits);
  });
});
