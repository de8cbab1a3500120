// Locks in FeishuNotifier against the fake Feishu OpenAPI: create / reply in thread / patch / direct
// messages with uuid idempotency, cached email lookups that tolerate a missing scope, and rate-limit errors.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '../../src/notifications/message.js';
import { ChatApiError, ChatRateLimitedError } from '../../src/notifications/notifier.js';
import { type Harness, startHarness } from '../support/feishu-adapter-harness.js';
import { replyFor } from '../support/recording-core.js';

const CAROL = 'ou_carol00000000000000000000000000';
let h: Harness;
beforeEach(async () => {
  h = await startHarness({ users: { 'carol@example.com': CAROL } });
});
afterEach(async () => {
  await h.close();
});

const target = { tenant: 'tenant-fake', conversation: 'oc_team' };

describe('FeishuNotifier', () => {
  it('creates a card in the chat once per idempotency key', async () => {
    const n = h.adapter.notifier;
    const first = await n.post(target, replyFor('final'), { idempotencyKey: 'final-deploy-dev-42' });
    const retried = await n.post(target, replyFor('final'), { idempotencyKey: 'final-deploy-dev-42' });
    expect(retried.messageId).toBe(first.messageId);
    expect(first).toEqual({
      platform: 'feishu',
      tenant: 'tenant-fake',
      conversation: 'oc_team',
      messageId: first.messageId,
    });
    expect(h.fake.sent()).toHaveLength(1);
    const calls = h.fake.callsTo('POST', /^\/open-apis\/im\/v1\/messages$/);
    expect(calls.map((c) => c.body.uuid)).toEqual(['final-deploy-dev-42', 'final-deploy-dev-42']);
    expect(JSON.parse(calls[0]!.body.content).schema).toBe('2.0');
    // Keys longer than Feishu's 50 characters become a stable digest.
    const long = `final-${'x'.repeat(80)}`;
    await n.post(target, replyFor('final'), { idempotencyKey: long });
    await n.post(target, replyFor('final'), { idempotencyKey: long });
    const uuids = h.fake
      .callsTo('POST', /^\/open-apis\/im\/v1\/messages$/)
      .slice(2)
      .map((c) => c.body.uuid as string);
    expect(uuids[0]).toBe(uuids[1]);
    expect(uuids[0]!.length).toBeLessThanOrEqual(50);
    expect(h.fake.sent()).toHaveLength(2);
  });

  it('replies in thread, patches in place and sends direct messages', async () => {
    const n = h.adapter.notifier;
    const root = await n.post(target, replyFor('root'));
    const inThread = await n.post({ ...target, threadId: root.messageId }, replyFor('child'), {
      idempotencyKey: 'k1',
    });
    expect(inThread.threadId).toBe(root.messageId);
    const [reply] = h.fake.callsTo('POST', /\/reply$/);
    expect(reply?.path).toBe(`/open-apis/im/v1/messages/${root.messageId}/reply`);
    expect(reply?.body).toMatchObject({ reply_in_thread: true, uuid: 'k1' });

    await n.update(root, replyFor('updated'));
    expect(JSON.stringify(h.fake.card(root.messageId))).toContain('Done: updated');
    expect(h.fake.messages.get(root.messageId)?.history).toHaveLength(2);

    const dm = await n.postDirect('tenant-fake', CAROL, replyFor('dm'), { idempotencyKey: 'dm-1' });
    expect(dm.conversation).toBe(`oc_p2p_${CAROL}`);
    const direct = h.fake.callsTo('POST', /^\/open-apis\/im\/v1\/messages$/).at(-1);
    expect(direct?.query.receive_id_type).toBe('open_id');
    expect(direct?.body).toMatchObject({ receive_id: CAROL, uuid: 'dm-1' });

    // A bot-menu command's conversation is the user's open_id: posting there reaches the p2p chat.
    await n.post({ tenant: 'tenant-fake', conversation: CAROL }, replyFor('menu'));
    const toUser = h.fake.callsTo('POST', /^\/open-apis\/im\/v1\/messages$/).at(-1);
    expect([toUser?.query.receive_id_type, toUser?.body.receive_id]).toEqual(['open_id', CAROL]);
  });

  it('looks users up by email, caches answers, and returns undefined when the scope is missing', async () => {
    const n = h.adapter.notifier;
    expect(await n.lookupUserByEmail('tenant-fake', 'carol@example.com')).toBe(CAROL);
    expect(await n.lookupUserByEmail('tenant-fake', 'Carol@Example.com')).toBe(CAROL);
    expect(await n.lookupUserByEmail('tenant-fake', 'nobody@example.com')).toBeUndefined();
    expect(await n.lookupUserByEmail('tenant-fake', 'nobody@example.com')).toBeUndefined();
    expect(h.fake.callsTo('POST', /batch_get_id$/)).toHaveLength(2);

    h.fake.scopeMissing = true;
    await expect(n.lookupUserByEmail('tenant-fake', 'dave@example.com')).resolves.toBeUndefined();
    expect(h.fake.callsTo('POST', /batch_get_id$/)).toHaveLength(3);
  });

  it('resolves mentioned emails into the card', async () => {
    const msg: Message = {
      blocks: [{ type: 'text', markdown: 'Approval waits for <@email:carol@example.com|Carol>' }],
      fallbackText: 'Approval waits for Carol',
    };
    const ref = await h.adapter.notifier.post(target, msg);
    expect(JSON.stringify(h.fake.card(ref.messageId))).toContain(CAROL);
  });

  it('maps 230020 and HTTP 429 to ChatRateLimitedError and other codes to ChatApiError', async () => {
    const n = h.adapter.notifier;
    h.fake.failNext(1, { code: 230020, msg: 'chat rate limit' });
    const chat = await n.post(target, replyFor('x')).catch((e: unknown) => e);
    expect(chat).toBeInstanceOf(ChatRateLimitedError);
    expect(chat).toMatchObject({ platform: 'feishu', scope: 'conversation' });

    h.fake.failNext(1, { status: 429, resetSeconds: 3 });
    const app = await n
      .update({ platform: 'feishu', tenant: 't', conversation: 'oc_team', messageId: 'om_x' }, replyFor('x'))
      .catch((e: unknown) => e);
    expect(app).toBeInstanceOf(ChatRateLimitedError);
    expect(app).toMatchObject({ scope: 'app', retryAfterMs: 3000 });

    h.fake.failNext(1, { code: 230002, msg: 'bot not in chat', status: 400 });
    const other = await n.post(target, replyFor('x')).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(ChatApiError);
    expect(other).toMatchObject({ code: '230002', method: 'im.v1.message.create', retryable: false });
    expect(h.fake.sent()).toHaveLength(0);
  });
});
