import { startHarness, VERIFICATION_TOKEN } from './feishu-adapter-harness.js';
import { cardActionEvent, messageEvent } from './feishu-messages.js';
import type { DriverOptions, InboundDriver, PostedCard } from './inbound-driver.js';
import { eachObject } from './json-walk.js';
import { cardWithButton } from './slack-driver.js';
import { waitFor } from './wait-for.js';

const ALICE = 'ou_alice000000000000000000000000000';
const DM = 'oc_dm_alice';
const GROUP = 'oc_group_1';

/** The callback value of the form submit button on a card, with the card's message id. */
function formOn(content: string): Record<string, unknown> | undefined {
  let found: Record<string, unknown> | undefined;
  eachObject(JSON.parse(content), (o) => {
    if (o.form_action_type === 'submit') {
      const behaviors = o.behaviors as { type: string; value: Record<string, unknown> }[] | undefined;
      found = behaviors?.find((b) => b.type === 'callback')?.value;
    }
  });
  return found;
}

export async function feishuDriver(o: DriverOptions = {}): Promise<InboundDriver> {
  // A short callback budget, so a slow core takes the path a real slow Zadig takes.
  const h = await startHarness({
    callbackBudgetMs: 100,
    ...(o.dedupe ? { dedupe: o.dedupe } : {}),
    ...(o.gate ? { gate: o.gate } : {}),
    ...(o.onReplaced ? { onReplaced: o.onReplaced } : {}),
  });
  const answers: unknown[] = [];
  const push = async (payload: object) => {
    const res = await h.push(payload);
    answers.push({ status: res.status, body: res.body });
  };
  return {
    platform: 'feishu',
    core: h.core,
    watches: h.watches,
    logs: h.logs,
    async type(text) {
      await push(
        messageEvent({ token: VERIFICATION_TOKEN, chatId: DM, chatType: 'p2p', sender: ALICE, text }),
      );
    },
    async postCard(command): Promise<PostedCard> {
      const ref = await h.adapter.notifier.post(
        { tenant: 'tenant-fake', conversation: GROUP },
        cardWithButton(command),
      );
      return { ref, command };
    },
    async click(card, c = {}) {
      const payload = cardActionEvent({
        token: VERIFICATION_TOKEN,
        operator: ALICE,
        messageId: card.ref.messageId,
        chatId: card.ref.conversation,
        value: { cmd: card.command },
      });
      await push(payload);
      if (c.twice) await push(payload);
    },
    async submitForm(values) {
      const sent = await waitFor('a form card', () =>
        [...h.fake.sent()].reverse().find((m) => formOn(m.history.at(-1) ?? m.content)),
      );
      const value = formOn(sent.history.at(-1) ?? sent.content)!;
      const formValue = Object.fromEntries(values.map((v, i) => [`field_${i}`, v]));
      await push(
        cardActionEvent({
          token: VERIFICATION_TOKEN,
          operator: ALICE,
          messageId: sent.message_id,
          chatId: sent.chat_id,
          value,
          formValue,
        }),
      );
    },
    failNextDelivery() {
      h.fake.failNext(1, { code: 230099, msg: 'fake send failure' }, (c) => c.method === 'POST');
    },
    seen() {
      return JSON.stringify({ cards: h.fake.sent().map((m) => m.history), answers });
    },
    settle: () => h.adapter.idle(),
    close: () => h.close(),
  };
}
