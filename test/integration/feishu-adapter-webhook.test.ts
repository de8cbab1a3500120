// Locks in the Feishu webhook mode end to end over real HTTP: encrypted + signed events are verified,
// turned into InboundCommands and answered with cards on the fake Feishu API; forged requests run nothing.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness, VERIFICATION_TOKEN } from '../support/feishu-adapter-harness.js';
import { menuEvent, messageEvent } from '../support/feishu-messages.js';
import { replyFor } from '../support/recording-core.js';
import { waitFor } from '../support/wait-for.js';

const ALICE = 'ou_alice000000000000000000000000000';
const BOB = 'ou_bob00000000000000000000000000000';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

describe('feishu webhook: verification', () => {
  it('answers the url_verification challenge, encrypted or not, within 1 s', async () => {
    const challenge = { challenge: 'c-123', token: VERIFICATION_TOKEN, type: 'url_verification' };
    const enc = await h.push(challenge, { sign: false });
    expect(enc.status).toBe(200);
    expect(enc.body).toEqual({ challenge: 'c-123' });
    expect(enc.ms).toBeLessThan(1000);
    const plain = await h.push(challenge, { encrypt: false, sign: false });
    expect(plain.body).toEqual({ challenge: 'c-123' });
    const wrong = await h.push({ ...challenge, token: 'nope' }, { sign: false });
    expect(wrong.status).toBe(401);
    expect(h.core.commands).toHaveLength(0);
    // start() fetched the bot identity, which is what readiness reports in webhook mode.
    expect(h.adapter.connected()).toBe(true);
  });

  it('rejects a bad signature, a 10-minute-old timestamp, a wrong token and an unsigned event', async () => {
    const event = () =>
      messageEvent({
        token: VERIFICATION_TOKEN,
        chatId: 'oc_dm',
        chatType: 'p2p',
        sender: ALICE,
        text: 'whoami',
      });
    const forged = await h.push(event(), { signWith: 'not-the-key' });
    const stale = await h.push(event(), { timestamp: Math.floor(Date.now() / 1000) - 600 });
    const wrongToken = await h.push(
      messageEvent({ token: 'stolen', chatId: 'oc_dm', chatType: 'p2p', sender: ALICE, text: 'whoami' }),
    );
    const unsigned = await h.push(event(), { sign: false });
    expect([forged.status, stale.status, wrongToken.status, unsigned.status]).toEqual([401, 401, 401, 401]);
    // A valid one goes through, so the four above failed for their own reason.
    const good = await h.push(event());
    expect(good.status).toBe(200);
    await waitFor('h.core.commands.length === 1', () => h.core.commands.length === 1);
    await h.adapter.idle();
    expect(h.core.commands).toHaveLength(1);
  });
});

describe('feishu webhook: messages', () => {
  it('runs a p2p text as a direct command and creates the reply in the chat', async () => {
    const payload = messageEvent({
      token: VERIFICATION_TOKEN,
      chatId: 'oc_dm1',
      chatType: 'p2p',
      sender: ALICE,
      text: ' whoami ',
    });
    const res = await h.push(payload);
    expect(res.status).toBe(200);
    await waitFor('h.fake.sent().length === 1', () => h.fake.sent().length === 1);
    const [cmd] = h.core.commands;
    expect(cmd).toMatchObject({
      platform: 'feishu',
      tenant: 'tenant-fake',
      conversation: 'oc_dm1',
      isDirect: true,
      text: 'whoami',
      origin: 'text',
      actor: { id: ALICE },
    });
    const [create] = h.fake.callsTo('POST', /^\/open-apis\/im\/v1\/messages$/);
    expect(create?.query.receive_id_type).toBe('chat_id');
    expect(create?.body).toMatchObject({ receive_id: 'oc_dm1', msg_type: 'interactive' });
    expect(create?.body.uuid).toBe(`reply-${(payload as any).event.message.message_id}`);
    expect(create?.auth).toMatch(/^Bearer t-/);
    expect(JSON.stringify(h.fake.card(h.fake.sent()[0]!.message_id))).toContain('Done: whoami');
  });

  it('takes group messages only when the bot is mentioned, strips placeholders and replies in thread', async () => {
    const mentions = {
      '@_user_1': [h.fake.botOpenId, 'Zadig'] as [string, string],
      '@_user_2': [BOB, 'Bob'] as [string, string],
    };
    await h.push(
      messageEvent({
        token: VERIFICATION_TOKEN,
        chatId: 'oc_g',
        chatType: 'group',
        sender: ALICE,
        text: '@_user_2 hello',
        mentions: { '@_user_2': [BOB, 'Bob'] },
      }),
    );
    const asked = messageEvent({
      token: VERIFICATION_TOKEN,
      chatId: 'oc_g',
      chatType: 'group',
      sender: ALICE,
      messageId: 'om_ask1',
      text: '@_user_1  approve deploy-dev 42 looks good @_user_2',
      mentions,
    });
    await h.push(asked);
    await waitFor('h.fake.sent().length === 1', () => h.fake.sent().length === 1);
    expect(h.core.commands.map((c) => c.text)).toEqual(['approve deploy-dev 42 looks good @Bob']);
    expect(h.core.commands[0]?.isDirect).toBe(false);
    const [reply] = h.fake.callsTo('POST', /\/reply$/);
    expect(reply?.path).toBe('/open-apis/im/v1/messages/om_ask1/reply');
    expect(reply?.body).toMatchObject({ reply_in_thread: true, msg_type: 'interactive' });
  });

  it('reads post (rich text) messages', async () => {
    const content = JSON.stringify({
      title: '',
      content: [
        [
          { tag: 'at', user_id: '@_user_1', user_name: 'Zadig' },
          { tag: 'text', text: ' tasks deploy-dev --limit 3' },
        ],
      ],
    });
    await h.push(
      messageEvent({
        token: VERIFICATION_TOKEN,
        chatId: 'oc_g',
        chatType: 'group',
        sender: ALICE,
        text: '',
        messageType: 'post',
        content,
        mentions: { '@_user_1': [h.fake.botOpenId, 'Zadig'] },
      }),
    );
    await waitFor('h.core.commands.length === 1', () => h.core.commands.length === 1);
    expect(h.core.commands[0]?.text).toBe('tasks deploy-dev --limit 3');
  });

  it('posts a watched task card with a uuid, then hands the ref to onWatch', async () => {
    const watch = { kind: 'workflow' as const, projectKey: 'demo', name: 'deploy-dev', taskId: 42 };
    h.core.answers.set('run', { reply: replyFor('run'), watch });
    const payload = messageEvent({
      token: VERIFICATION_TOKEN,
      chatId: 'oc_dm2',
      chatType: 'p2p',
      sender: ALICE,
      text: 'run deploy-dev',
    });
    await h.push(payload);
    await waitFor('h.watches.length === 1', () => h.watches.length === 1);
    const sent = h.fake.sent();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.uuid).toBe(`watch-${(payload as any).event.message.message_id}`);
    expect(h.watches[0]).toMatchObject({
      watch,
      ref: { platform: 'feishu', conversation: 'oc_dm2', messageId: sent[0]?.message_id },
      cmd: { text: 'run deploy-dev' },
    });
  });

  it('keeps secret forms out of groups and retries a rate-limited reply with the same uuid', async () => {
    h.core.answers.set('login', {
      reply: replyFor('login'),
      form: {
        id: 'login',
        title: 'Link',
        submitLabel: 'Link',
        command: 'login',
        fields: [{ name: 'token', label: 'Token', kind: 'secret', required: true }],
      },
    });
    h.fake.failNext(1, { code: 230020, msg: 'chat rate limit' }, (c) => c.path.endsWith('/reply'));
    const mentions = { '@_user_1': [h.fake.botOpenId, 'Zadig'] as [string, string] };
    await h.push(
      messageEvent({
        token: VERIFICATION_TOKEN,
        chatId: 'oc_g',
        chatType: 'group',
        sender: ALICE,
        messageId: 'om_q',
        text: '@_user_1 login',
        mentions,
      }),
    );
    await waitFor('h.fake.sent().length === 1', () => h.fake.sent().length === 1, 5_000);
    const replies = h.fake.callsTo('POST', /\/reply$/);
    expect(replies).toHaveLength(2);
    expect(replies[0]?.body.uuid).toBe(replies[1]?.body.uuid);
    const card = JSON.stringify(h.fake.card(h.fake.sent()[0]!.message_id));
    expect(card).not.toContain('"form"');
    expect(card).toContain('direct chat with the bot');
    expect(card).toContain('单聊');
  });

  it('runs a bot-menu click as a command and answers in the p2p chat', async () => {
    await h.push(menuEvent({ token: VERIFICATION_TOKEN, operator: ALICE, eventKey: 'inbox' }));
    await h.push(menuEvent({ token: VERIFICATION_TOKEN, operator: ALICE, eventKey: 'home' }));
    await waitFor('h.fake.sent().length === 2', () => h.fake.sent().length === 2);
    expect(h.core.commands).toHaveLength(1);
    expect(h.core.commands[0]).toMatchObject({
      text: 'inbox',
      origin: 'menu',
      isDirect: true,
      actor: { id: ALICE },
    });
    expect(h.core.homes.map((x) => x.actor)).toEqual([{ id: ALICE, name: 'Alice' }]);
    const creates = h.fake.callsTo('POST', /^\/open-apis\/im\/v1\/messages$/);
    expect(creates.map((c) => [c.query.receive_id_type, c.body.receive_id])).toEqual([
      ['open_id', ALICE],
      ['open_id', ALICE],
    ]);
  });
});
