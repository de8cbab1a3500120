// Locks in Feishu card callbacks over the webhook: a button or form submit answers within 3 s (a slow core
// patches the clicked card later), double clicks run once, forms rebuild command lines, secrets stay out of logs.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness, VERIFICATION_TOKEN } from '../support/feishu-adapter-harness.js';
import { cardActionEvent, messageEvent } from '../support/feishu-messages.js';
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

describe('feishu webhook: card callbacks', () => {
  async function postedCard(chatId: string): Promise<string> {
    const ref = await h.adapter.notifier.post(
      { tenant: 'tenant-fake', conversation: chatId },
      replyFor('status'),
    );
    return ref.messageId;
  }

  it('answers within 3 s while the core is slow, then patches the clicked card', async () => {
    const messageId = await postedCard('oc_g2');
    h.core.delayMs = 4_000;
    h.core.answers.set('retry', { reply: replyFor('retry'), replaceSource: true });
    const res = await h.push(
      cardActionEvent({
        token: VERIFICATION_TOKEN,
        operator: ALICE,
        messageId,
        chatId: 'oc_g2',
        value: { cmd: 'retry deploy-dev 42' },
      }),
    );
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(3_000);
    expect(res.body.toast).toMatchObject({
      type: 'info',
      i18n: { zh_cn: '处理中…', en_us: 'Working on it…' },
    });
    expect(h.core.commands[0]).toMatchObject({
      origin: 'button',
      text: 'retry deploy-dev 42',
      sourceMessage: { messageId },
    });
    expect(h.fake.messages.get(messageId)?.history).toHaveLength(1);
    await waitFor(
      'h.fake.messages.get(messageId)!.history.length === 2',
      () => h.fake.messages.get(messageId)!.history.length === 2,
      6_000,
    );
    expect(JSON.stringify(h.fake.card(messageId))).toContain('Done: retry');
  }, 10_000);

  it('returns the new card in the answer when the result is quick and replaces the source', async () => {
    const messageId = await postedCard('oc_g3');
    h.core.answers.set('approve', { reply: replyFor('approve'), replaceSource: true });
    const res = await h.push(
      cardActionEvent({
        token: VERIFICATION_TOKEN,
        operator: BOB,
        messageId,
        chatId: 'oc_g3',
        value: { cmd: 'approve gate 7' },
      }),
    );
    expect(res.body.toast).toMatchObject({
      type: 'success',
      content: 'Done: approve',
      i18n: { zh_cn: '完成：approve' },
    });
    expect(res.body.card.type).toBe('raw');
    expect(JSON.stringify(res.body.card.data)).toContain('Done: approve');
    // A double click within 5 s is dropped.
    const again = await h.push(
      cardActionEvent({
        token: VERIFICATION_TOKEN,
        operator: BOB,
        messageId,
        chatId: 'oc_g3',
        value: { cmd: 'approve gate 7' },
      }),
    );
    expect(again.body.toast.i18n.en_us).toMatch(/Already received/);
    await h.adapter.idle();
    expect(h.core.commands).toHaveLength(1);
    expect(h.fake.callsTo('PATCH', /messages/)).toHaveLength(0);
  });

  it('turns a submitted form into a command line, direct in p2p, and never logs the secret', async () => {
    h.core.answers.set('login', {
      reply: replyFor('login'),
      form: {
        id: 'login',
        title: 'Link your Zadig account',
        submitLabel: 'Link',
        command: 'login',
        fields: [{ name: 'token', label: 'API token', kind: 'secret', required: true }],
      },
    });
    await h.push(
      messageEvent({
        token: VERIFICATION_TOKEN,
        chatId: 'oc_dm3',
        chatType: 'p2p',
        sender: ALICE,
        text: 'login',
      }),
    );
    await waitFor('h.fake.sent().length === 1', () => h.fake.sent().length === 1);
    const formMessage = h.fake.sent()[0]!;
    const card = JSON.parse(formMessage.content);
    const form = card.body.elements.find((e: any) => e.tag === 'form');
    const input = form.elements.find((e: any) => e.tag === 'input');
    expect(input).toMatchObject({ input_type: 'password', required: true });
    expect(input.default_value).toBeUndefined();
    const submit = form.elements.find((e: any) => e.form_action_type === 'submit');

    const secret = 'zadig-secret-token-9f8e7d';
    h.core.answers.set('login', { reply: replyFor('login'), replaceSource: true });
    const res = await h.push(
      cardActionEvent({
        token: VERIFICATION_TOKEN,
        operator: ALICE,
        messageId: formMessage.message_id,
        chatId: 'oc_dm3',
        value: submit.behaviors[0].value,
        formValue: { field_0: secret },
      }),
    );
    expect(res.status).toBe(200);
    expect(h.core.commands[1]).toMatchObject({
      text: `login token=${secret}`,
      origin: 'form',
      isDirect: true,
    });
    await h.adapter.idle();
    expect(h.logs.join('')).not.toContain(secret);
    expect(h.logs.join('')).toContain('"command":"login"');
  });
});
