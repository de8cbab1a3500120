// Locks in the run form as a Slack modal: a run whose choice parameter is missing or invalid opens a
// modal (views.open with the command's trigger_id) typed from the workflow's params, and its signed
// view_submission starts exactly one sandbox task with the submitted values, posting its card.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  link,
  type SlackE2E,
  sendInteraction,
  slash,
  startSlackE2E,
  submissionPayload,
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

const RUN_PATH = /^\/api\/aslan\/workflow\/v4\/workflowtask$/;

describe('Slack run modal', () => {
  it('opens the run form for a choice that needs choosing, and runs what was submitted', async () => {
    const ch = 'C-modal';
    const from = h.sandbox.requests.length;
    const tasksBefore = h.sandbox.tasks('build-deploy').length;
    // `turbo` is not one of `mode`'s options: a person has to choose.
    expect((await slash(h, 'alice', ch, 'run build-deploy --project demo mode=turbo')).status).toBe(200);
    await waitFor('views.open', () => h.slackApi.openedViews.length === 1);
    const opened = h.slackApi.openedViews[0]!;
    expect(opened.trigger_id).toBe(h.slackApi.callsOf('views.open')[0]!.args.trigger_id);
    expect(opened.trigger_id).toMatch(/^trig-/);
    const view = opened.view as { type: string; blocks: any[]; private_metadata: string };
    expect(view.type).toBe('modal');
    const byLabel = Object.fromEntries(view.blocks.map((b) => [String(b.label.text).split(' ')[0], b]));
    // Typed inputs: `tag` a text input (prefilled), `mode` a select of its options, required, not prefilled.
    expect(byLabel.tag.element).toMatchObject({ type: 'plain_text_input', initial_value: 'latest' });
    expect(byLabel.mode.element.type).toBe('static_select');
    expect(byLabel.mode.element.options.map((o: any) => o.value)).toEqual(['fast', 'full']);
    expect(byLabel.mode.element.initial_option).toBeUndefined();
    expect(byLabel.mode.optional).toBe(false);
    // Nothing ran yet.
    expect(zadigCalls(h, from, { method: 'POST', path: RUN_PATH })).toEqual([]);

    const res = await sendInteraction(
      h,
      submissionPayload(h, 'alice', opened, { tag: 'v9.9.9', mode: 'full' }),
    );
    expect(res.status).toBe(200);
    await waitFor('task started', () => h.sandbox.tasks('build-deploy').length === tasksBefore + 1);
    const task = h.sandbox.tasks('build-deploy').at(-1)!;
    expect(task.params).toMatchObject({ tag: 'v9.9.9', mode: 'full' });
    expect(task.creator).toBe('Alice Wang');
    expect(zadigCalls(h, from, { method: 'POST', path: RUN_PATH })).toEqual([
      expect.objectContaining({ user: 'alice' }),
    ]);
    // The card of the started task goes to the channel the command came from.
    await waitFor('task card', () =>
      h.slackApi.messagesIn(ch).some((m) => textOf(m).includes(`#${task.taskId}`)),
    );
  });

  it('opens the login form with a single secret input that is never prefilled', async () => {
    const before = h.slackApi.openedViews.length;
    expect((await slash(h, 'bob', 'C-modal', 'login')).status).toBe(200);
    await waitFor('login views.open', () => h.slackApi.openedViews.length === before + 1);
    const opened = h.slackApi.openedViews.at(-1)!;
    const view = opened.view as { blocks: any[] };
    expect(view.blocks).toHaveLength(1);
    expect(view.blocks[0].element.type).toBe('plain_text_input');
    expect(view.blocks[0].element.initial_value).toBeUndefined();

    const token = h.sandbox.users.bob!.token;
    await sendInteraction(h, submissionPayload(h, 'bob', opened, { token }));
    await waitFor('login answer to bob', () => h.slackApi.ephemerals.some((e) => e.user === 'UBOB'));
    expect(textOf(h.slackApi.ephemerals.find((e) => e.user === 'UBOB'))).toContain('Bob Li');
    expect(JSON.stringify(h.slackApi.calls)).not.toContain(token);
    expect(h.logs.filter((l) => l.includes(token))).toEqual([]);
  });
});
