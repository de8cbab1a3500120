// Locks in what the Feishu adapter does with each real payload shape (test/fixtures/feishu, pushed
// encrypted and signed over the webhook): the command each runs, where the answer goes, that a re-pushed
// message runs once, and that the documented challenge and encryption vectors are read as Feishu means.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decryptLarkPayload } from '../../src/bot/feishu/feishu-crypto.js';
import { buildEventRequest, feishuEncrypt, postEvent } from '../fakes/fake-feishu-api.js';
import { type Harness, startHarness } from '../support/feishu-adapter-harness.js';
import { FEISHU_IDS, feishuFixture } from '../support/platform-fixtures.js';
import { waitFor } from '../support/wait-for.js';

const KEY = FEISHU_IDS.encryptKey;
const fixtureHarness = (o: Parameters<typeof startHarness>[0] = {}) =>
  startHarness({
    encryptKey: KEY,
    verificationToken: FEISHU_IDS.verificationToken,
    botOpenId: FEISHU_IDS.bot,
    ...o,
  });

let h: Harness;
beforeEach(async () => {
  h = await fixtureHarness();
});
afterEach(async () => {
  await h.close();
});

/** Pushes a fixture as Feishu does: encrypted with the app's key and signed now. */
const push = (payload: object) => h.push(payload);

const settle = () => new Promise((r) => setTimeout(r, 150));

describe('im.message.receive_v1', () => {
  it('runs a group text that @mentions the bot, and replies in the thread of that message', async () => {
    expect((await push(feishuFixture('im.message.receive_v1.text.group'))).status).toBe(200);
    await waitFor('reply', () => h.fake.sent().length === 1);
    expect(h.core.commands[0]).toMatchObject({
      platform: 'feishu',
      tenant: FEISHU_IDS.tenant,
      conversation: FEISHU_IDS.group,
      isDirect: false,
      actor: { id: FEISHU_IDS.alice },
      text: 'run build-deploy --project demo',
      origin: 'text',
    });
    expect(h.fake.sent()[0]).toMatchObject({
      parent_id: 'om_5ce6d572455d361153b7cb51da13a001',
      reply_in_thread: true,
    });
  });

  it('runs a re-pushed message (same message_id, new event_id) once', async () => {
    await push(feishuFixture('im.message.receive_v1.text.group'));
    await waitFor('first reply', () => h.fake.sent().length === 1);
    await push(feishuFixture('im.message.receive_v1.text.group.repush'));
    await settle();
    await h.adapter.idle();
    expect(h.core.commands).toHaveLength(1);
    expect(h.fake.sent()).toHaveLength(1);
  });

  it('sends the reply with a uuid of the message, so Feishu keeps one reply even if the claim was lost', async () => {
    // A claim that forgets (its key expired, or Redis lost it): both pushes run...
    await h.close();
    h = await fixtureHarness({ dedupe: { claim: async () => true } });
    await push(feishuFixture('im.message.receive_v1.text.group'));
    await waitFor('first run', () => h.core.commands.length === 1);
    await h.adapter.idle();
    await push(feishuFixture('im.message.receive_v1.text.group.repush'));
    await waitFor('second run', () => h.core.commands.length === 2);
    await h.adapter.idle();
    // ...and Feishu's uuid (1 h) still makes the two replies one message.
    const replies = h.fake.callsTo('POST', /\/reply$/);
    expect(replies).toHaveLength(2);
    expect(replies[0]?.body.uuid).toBe(replies[1]?.body.uuid);
    expect(h.fake.sent()).toHaveLength(1);
  });

  it('runs a p2p text as typed (a raw & stays &), answering in the chat', async () => {
    await push(feishuFixture('im.message.receive_v1.text.p2p'));
    await waitFor('reply', () => h.fake.sent().length === 1);
    expect(h.core.commands[0]).toMatchObject({
      conversation: FEISHU_IDS.p2p,
      isDirect: true,
      text: 'run build-deploy --project demo --var tag=a&b',
    });
    expect(h.fake.sent()[0]).toMatchObject({ chat_id: FEISHU_IDS.p2p });
    expect(h.fake.sent()[0]?.parent_id).toBeUndefined();
  });

  it('reads a rich-text post: the bot placeholder removed, others by name, links as their text', async () => {
    await push(feishuFixture('im.message.receive_v1.post.group'));
    await waitFor('reply', () => h.fake.sent().length === 1);
    expect(h.core.commands[0]?.text).toBe(
      'run build-deploy --project demo --env prod\n--image ghcr.io/acme/backend:1.4.3\ncc @Bob',
    );
    // A reply in a thread answers in the thread's root.
    expect(h.fake.sent()[0]).toMatchObject({ parent_id: 'om_5ce6d572455d361153b7cb51da13a001' });
  });

  it('reads a rich-text post in a p2p chat line by line, answering in the chat', async () => {
    await push(feishuFixture('im.message.receive_v1.post.p2p'));
    await waitFor('reply', () => h.fake.sent().length === 1);
    expect(h.core.commands[0]).toMatchObject({
      conversation: FEISHU_IDS.p2p,
      isDirect: true,
      text: 'status build-deploy --project demo\n--logs',
    });
    expect(h.fake.sent()[0]).toMatchObject({ chat_id: FEISHU_IDS.p2p });
    expect(h.fake.sent()[0]?.parent_id).toBeUndefined();
  });

  it('takes the documented encrypted body with its signed headers as they were made', async () => {
    await h.close();
    h = await fixtureHarness({ now: () => Number(FEISHU_IDS.encryptedEvent.timestamp) * 1000 });
    const res = await postEvent(h.eventsUrl, {
      headers: {
        'content-type': 'application/json',
        'x-lark-request-timestamp': FEISHU_IDS.encryptedEvent.timestamp,
        'x-lark-request-nonce': FEISHU_IDS.encryptedEvent.nonce,
        'x-lark-signature': FEISHU_IDS.encryptedEvent.signature,
      },
      // The signature is over the body written on one line.
      body: JSON.stringify(feishuFixture('encrypted.event')),
    });
    expect(res.status).toBe(200);
    await waitFor('run', () => h.core.commands.length === 1);
    expect(h.core.commands[0]).toMatchObject({ text: 'run build-deploy --project demo', isDirect: false });
  });
});

describe('card.action.trigger', () => {
  it('runs a button of a 2.0 card as the clicker, with the clicked card as the source', async () => {
    const res = await push(feishuFixture('card.action.trigger.button'));
    expect(res.status).toBe(200);
    expect(h.core.commands[0]).toMatchObject({
      tenant: FEISHU_IDS.tenant,
      conversation: FEISHU_IDS.group,
      actor: { id: FEISHU_IDS.alice },
      text: 'approve build-deploy 42 --project demo',
      origin: 'button',
      sourceMessage: { messageId: 'om_574d639e4a44e4dd646eaf628e2c0b01' },
    });
    // Answered within the callback's budget: a toast or the new card, never an empty error.
    expect(res.body.toast ?? res.body.card).toBeDefined();
  });

  it('turns a form submit (form_value by component name) into the form command line, values as typed', async () => {
    await push(feishuFixture('card.action.trigger.form'));
    await waitFor('run', () => h.core.commands.length === 1);
    expect(h.core.commands[0]).toMatchObject({
      conversation: FEISHU_IDS.p2p,
      origin: 'form',
      text: 'run build-deploy --project demo --env prod --var "tag=a&b <1.4.3>"',
      sourceMessage: { messageId: 'om_574d639e4a44e4dd646eaf628e2c0f02' },
    });
  });
});

describe('verification and encryption', () => {
  it('answers the plain challenge with the same challenge', async () => {
    const res = await postEvent(
      h.eventsUrl,
      buildEventRequest(feishuFixture('url_verification.plain'), { encryptKey: KEY, encrypt: false }),
    );
    expect(res).toMatchObject({ status: 200, body: { challenge: 'ajls384kdjx98XX' } });
  });

  it('answers the SDK’s encrypted challenge (Encrypt Key mazhe.nerd), sent unsigned as Feishu does', async () => {
    const other = await fixtureHarness({
      encryptKey: 'mazhe.nerd',
      verificationToken: 'iRdCP2WwXNBXRM3mGLqhrgch3cn0gbT6',
    });
    try {
      const res = await postEvent(other.eventsUrl, {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(feishuFixture('url_verification.encrypted')),
      });
      expect(res).toMatchObject({ status: 200, body: { challenge: '5634b122-c042-4634-bc7f-b07a3c3e77ad' } });
    } finally {
      await other.close();
    }
  });

  it('decrypts the docs’ test vector, and our encryption rebuilds the encrypted fixture byte for byte', () => {
    expect(decryptLarkPayload(feishuFixture('encrypted.hello-world').encrypt, 'test key')).toBe(
      'hello world',
    );
    const plain = JSON.stringify(feishuFixture('im.message.receive_v1.text.group'));
    const rebuilt = feishuEncrypt(plain, KEY, Buffer.from('0123456789abcdef'));
    expect(rebuilt).toBe(feishuFixture('encrypted.event').encrypt);
  });
});
