// Locks in buttons and forms over signed HTTP: a click's value is the command (clicker as actor, the
// clicked card as source), double clicks run once, replaceSource edits the card, forms open as modals,
// submissions become command lines, secrets never reach a log, and an expired trigger offers a button.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FormRequest } from '../../src/commands/types.js';
import { textReply } from '../support/recording-core.js';
import {
  ALICE,
  BOB,
  clickPayload,
  type Harness,
  slashFields,
  startHarness,
  TEAM,
} from '../support/slack-adapter-harness.js';
import { waitFor } from '../support/wait-for.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

describe('block_actions', () => {
  it('dispatches the button value as a command by the clicker, with the clicked message as source', async () => {
    const card = h.fake.seedMessage('C1', 'approval card');
    const res = await h.interaction(clickPayload(h, 'approve release-gate 42', { ts: card.ts }));
    expect(res.status).toBe(200);
    await waitFor('core call', () => h.core.commands.length === 1, 3000);
    expect(h.core.commands[0]).toMatchObject({
      platform: 'slack',
      tenant: TEAM,
      conversation: 'C1',
      isDirect: false,
      actor: { id: BOB.id, email: BOB.email, locale: 'zh' },
      text: 'approve release-gate 42',
      origin: 'button',
      sourceMessage: { platform: 'slack', tenant: TEAM, conversation: 'C1', messageId: card.ts },
    });
  });

  it('runs a double click once', async () => {
    const card = h.fake.seedMessage('C1', 'card');
    await Promise.all([
      h.interaction(clickPayload(h, 'retry deploy-dev 9', { ts: card.ts })),
      h.interaction(clickPayload(h, 'retry deploy-dev 9', { ts: card.ts })),
    ]);
    await waitFor('core call', () => h.core.commands.length >= 1, 3000);
    await new Promise((r) => setTimeout(r, 150));
    expect(h.core.commands).toHaveLength(1);
    // A different button on the same card is a different command and runs.
    await h.interaction(clickPayload(h, 'cancel deploy-dev 9', { ts: card.ts }));
    await waitFor('second command', () => h.core.commands.length === 2, 3000);
  });

  it('edits the clicked card in place with chat.update when the result says replaceSource', async () => {
    const card = h.fake.seedMessage('C1', 'waiting for approval');
    h.core.answer = () => ({ reply: textReply('approved by Bob'), replaceSource: true });
    await h.interaction(clickPayload(h, 'approve release-gate 42', { ts: card.ts }));
    await waitFor('chat.update', () => card.edits === 1, 3000);
    expect(card.text).toBe('approved by Bob');
    expect(h.fake.messagesIn('C1')).toHaveLength(1);
  });

  it('replaces an ephemeral source through the response_url', async () => {
    h.core.answer = () => ({ reply: textReply('done'), replaceSource: true });
    await h.interaction(clickPayload(h, 'logout', { ephemeral: true }));
    await waitFor('respond', () => h.fake.responses.length === 1, 3000);
    expect(h.fake.responses[0]?.body).toMatchObject({ replace_original: true, text: 'done' });
    expect(h.fake.callsOf('chat.update')).toEqual([]);
  });

  it('acks link buttons without running anything', async () => {
    const res = await h.interaction(clickPayload(h, '', { actionId: 'zlink-1' }));
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    expect(h.core.commands).toEqual([]);
  });
});

const form: FormRequest = {
  id: 'run-deploy-dev',
  title: 'Run deploy-dev with a long title',
  submitLabel: 'Run',
  command: 'run deploy-dev --project demo',
  fields: [
    { name: 'branch', label: 'Branch', kind: 'string', required: true, initial: 'main' },
    { name: 'notes', label: 'Notes', kind: 'text', required: false },
    {
      name: 'env',
      label: 'Environment',
      kind: 'choice',
      required: true,
      options: ['dev', 'prod'],
      flag: 'env',
    },
    { name: 'token', label: 'API token', kind: 'secret', required: true, initial: 'never-shown' },
  ],
};

describe('forms', () => {
  it('a choice longer than 150 characters opens (the fake refuses what Slack refuses) and comes back whole', async () => {
    const longTag = `release-${'x'.repeat(180)}`;
    const wide: FormRequest = {
      id: 'run-x',
      title: 'Run x',
      submitLabel: 'Run',
      command: 'run x --project demo',
      fields: [{ name: 'tag', label: 'tag', kind: 'choice', required: true, options: ['short', longTag] }],
    };
    h.core.answer = (cmd) =>
      cmd.origin === 'form' ? { reply: textReply('queued') } : { reply: textReply('fill in'), form: wide };
    await h.slash(slashFields(h, 'run x'));
    await waitFor('views.open', () => h.fake.callsOf('views.open').length === 1, 3000);
    expect(h.fake.refused).toEqual([]);
    const opened = h.fake.openedViews[0]!;
    const option = opened.view.blocks[0].element.options[1];
    expect(option.value.length).toBeLessThanOrEqual(150);
    await h.interaction({
      type: 'view_submission',
      team: { id: TEAM, domain: 'acme' },
      user: { id: ALICE.id, name: 'alice', team_id: TEAM },
      api_app_id: 'A1',
      token: 'legacy',
      trigger_id: 'trig-submit',
      view: {
        ...opened.view,
        id: opened.id,
        hash: opened.hash,
        state: { values: { f0: { v: { type: 'static_select', selected_option: option } } } },
      },
    });
    await waitFor('form command', () => h.core.commands.length === 2, 3000);
    expect(h.core.commands[1]?.text).toBe(`run x --project demo tag=${longTag}`);
    // What Slack refuses, the fake refuses too: a select without options.
    const err = await h.adapter.notifier
      .openView('trig-2', {
        ...opened.view,
        blocks: [
          { ...opened.view.blocks[0], element: { type: 'static_select', action_id: 'v', options: [] } },
        ],
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'invalid_arguments' });
    expect(h.fake.refused[0]?.problems).toEqual([
      'blocks[0](input).element.options: 0 options, 1–100 allowed',
    ]);
  });

  it('opens a modal with the fresh trigger_id, and dispatches the submission as a command line', async () => {
    h.core.answer = (cmd) =>
      cmd.origin === 'form' ? { reply: textReply('queued') } : { reply: textReply('fill in'), form };
    const fields = slashFields(h, 'run deploy-dev');
    await h.slash(fields);
    await waitFor('views.open', () => h.fake.openedViews.length === 1, 3000);
    const opened = h.fake.openedViews[0]!;
    expect(opened.trigger_id).toBe(fields.trigger_id);
    const view = opened.view;
    expect(view.type).toBe('modal');
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(view.blocks.map((b: any) => b.element.type)).toEqual([
      'plain_text_input',
      'plain_text_input',
      'static_select',
      'plain_text_input',
    ]);
    expect(view.blocks[0].element.initial_value).toBe('main');
    expect(view.blocks[1].element.multiline).toBe(true);
    expect(view.blocks[2].element.options.map((o: any) => o.value)).toEqual(['dev', 'prod']);
    expect(view.blocks[3].element.initial_value).toBeUndefined();
    expect(JSON.stringify(view)).not.toContain('never-shown');
    expect(JSON.parse(view.private_metadata)).toMatchObject({
      cmd: 'run deploy-dev --project demo',
      at: { conversation: 'C1' },
    });

    const secret = 'zadig-secret-7f3a9b';
    await h.interaction({
      type: 'view_submission',
      team: { id: TEAM, domain: 'acme' },
      user: { id: ALICE.id, name: 'alice', team_id: TEAM },
      api_app_id: 'A1',
      token: 'legacy',
      trigger_id: 'trig-submit',
      view: {
        ...view,
        id: opened.id,
        hash: opened.hash,
        state: {
          values: {
            f0: { v: { type: 'plain_text_input', value: 'feature/new ui' } },
            f1: { v: { type: 'plain_text_input', value: null } },
            f2: { v: { type: 'static_select', selected_option: { value: 'dev' } } },
            f3: { v: { type: 'plain_text_input', value: secret } },
          },
        },
      },
    });
    await waitFor('form command', () => h.core.commands.length === 2, 3000);
    expect(h.core.commands[1]).toMatchObject({
      origin: 'form',
      conversation: 'C1',
      actor: { id: ALICE.id },
      text: `run deploy-dev --project demo branch="feature/new ui" --env dev token=${secret}`,
    });
    await waitFor('reply', () => h.fake.messagesIn('C1').length === 1, 3000);
    expect(h.logs.length).toBeGreaterThan(0);
    expect(h.logs.join('\n')).not.toContain(secret);
  });

  it('offers a button that re-opens the form when the trigger_id has expired', async () => {
    h.fake.failNext('views.open', 'expired_trigger_id');
    h.core.answer = () => ({ reply: textReply('fill in', { ephemeral: true }), form });
    await h.slash(slashFields(h, 'run deploy-dev'));
    await waitFor('fallback', () => h.fake.responses.length === 1, 3000);
    const body = h.fake.responses[0]?.body;
    expect(body.response_type).toBe('ephemeral');
    const buttons = body.blocks.filter((b: any) => b.type === 'actions').flatMap((b: any) => b.elements);
    expect(buttons.map((b: any) => b.value)).toEqual(['run deploy-dev']);
    // Clicking it brings a fresh trigger and the form opens.
    await h.interaction(clickPayload(h, 'run deploy-dev', { ephemeral: true, user: ALICE.id }));
    await waitFor('views.open on click', () => h.fake.openedViews.length === 1, 3000);
  });
});
