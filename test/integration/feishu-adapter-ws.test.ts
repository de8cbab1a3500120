// Locks in long-connection (ws) mode: payloads handed to the SDK dispatcher as WSClient would
// (`invoke(data, {needCheck:false})`, plaintext) reach the core, and the webhook route answers 404.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/feishu-adapter-harness.js';
import { cardActionEvent, menuEvent, messageEvent } from '../support/feishu-messages.js';
import { replyFor } from '../support/recording-core.js';
import { waitFor } from '../support/wait-for.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ mode: 'ws' });
});
afterEach(async () => {
  await h.close();
});

describe('feishu ws mode', () => {
  it('dispatches a p2p message to the core and replies', async () => {
    const data = messageEvent({
      token: 'unused-in-ws',
      chatId: 'oc_dm',
      chatType: 'p2p',
      sender: 'ou_alice',
      text: 'projects',
    });
    await h.adapter.dispatcher.invoke(data, { needCheck: false });
    await waitFor('h.fake.sent().length === 1', () => h.fake.sent().length === 1);
    expect(h.core.commands[0]).toMatchObject({ text: 'projects', isDirect: true, origin: 'text' });
    // The same event delivered again (a reconnect replay) is dropped.
    await h.adapter.dispatcher.invoke(data, { needCheck: false });
    await h.adapter.idle();
    expect(h.core.commands).toHaveLength(1);
  });

  it('fetches the bot identity lazily to recognise mentions in groups', async () => {
    const mentions = { '@_user_1': [h.fake.botOpenId, 'Zadig'] as [string, string] };
    await h.adapter.dispatcher.invoke(
      messageEvent({
        token: 'x',
        chatId: 'oc_g',
        chatType: 'group',
        sender: 'ou_alice',
        text: '@_user_1 envs --project demo',
        mentions,
      }),
      { needCheck: false },
    );
    await waitFor('h.core.commands.length === 1', () => h.core.commands.length === 1);
    expect(h.core.commands[0]?.text).toBe('envs --project demo');
    expect(h.fake.callsTo('GET', /\/bot\/v3\/info$/)).toHaveLength(1);
  });

  it('answers card callbacks and menu events through the dispatcher', async () => {
    h.core.answers.set('cancel', { reply: replyFor('cancel'), replaceSource: true });
    const answer = (await h.adapter.dispatcher.invoke(
      cardActionEvent({
        token: 'x',
        operator: 'ou_bob',
        messageId: 'om_card',
        chatId: 'oc_g',
        value: { cmd: 'cancel deploy-dev 7' },
      }),
      { needCheck: false },
    )) as { toast: { content: string }; card: { type: string } };
    expect(answer.toast.content).toBe('Done: cancel');
    expect(answer.card.type).toBe('raw');
    await h.adapter.dispatcher.invoke(
      menuEvent({ token: 'x', operator: 'ou_bob', eventKey: 'tasks__deploy-dev' }),
      { needCheck: false },
    );
    await waitFor('h.core.commands.length === 2', () => h.core.commands.length === 2);
    expect(h.core.commands.map((c) => [c.origin, c.text])).toEqual([
      ['button', 'cancel deploy-dev 7'],
      ['menu', 'tasks deploy-dev'],
    ]);
  });

  it('serves 404 on the webhook route and reports not connected before start', async () => {
    const res = await fetch(h.eventsUrl, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    expect(h.adapter.connected()).toBe(false);
    expect(h.core.commands).toHaveLength(0);
  });
});
