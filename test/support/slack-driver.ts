/**
 * The inbound contract's Slack driver: the real Slack adapter behind our HTTP server and the fake Slack
 * Web API. Typing is a DM (`message` event, `channel_type: im`), a card is posted in a channel through
 * the adapter's notifier and clicked with a signed `block_actions` payload, a form is the modal the
 * click opened, submitted as a `view_submission`. What the user saw: every message, edit, ephemeral,
 * response_url answer and ack body.
 */
import { randomUUID } from 'node:crypto';
import type { Message } from '../../src/notifications/message.js';
import type { DriverOptions, InboundDriver, PostedCard } from './inbound-driver.js';
import { ALICE, clickPayload, startHarness, TEAM } from './slack-adapter-harness.js';
import { waitFor } from './wait-for.js';

const CHANNEL = 'C1';
const DM = `D${ALICE.id}`;

/** A card with one command button, as a handler's reply would carry it. */
export function cardWithButton(command: string): Message {
  return {
    blocks: [
      { type: 'text', markdown: 'A card' },
      { type: 'actions', buttons: [{ kind: 'command', label: 'Go', command }] },
    ],
    fallbackText: 'A card',
  };
}

export async function slackDriver(o: DriverOptions = {}): Promise<InboundDriver> {
  const h = await startHarness({
    ...(o.dedupe ? { dedupe: o.dedupe } : {}),
    ...(o.gate ? { gate: o.gate } : {}),
    ...(o.onReplaced ? { onReplaced: o.onReplaced } : {}),
  });
  const acks: string[] = [];
  const answered = async (res: Response) => {
    acks.push(await res.text());
  };
  return {
    platform: 'slack',
    core: h.core,
    watches: h.watches,
    logs: h.logs,
    async type(text) {
      const event = { type: 'message', channel_type: 'im', user: ALICE.id, text, channel: DM, ts: '1.1' };
      await answered(await h.event(event, `Ev${randomUUID()}`));
    },
    async postCard(command): Promise<PostedCard> {
      const ref = await h.adapter.notifier.post(
        { tenant: TEAM, conversation: CHANNEL },
        cardWithButton(command),
      );
      return { ref, command };
    },
    async click(card, c = {}) {
      const payload = clickPayload(h, card.command, { ts: card.ref.messageId, user: ALICE.id });
      await answered(await h.interaction(payload));
      if (c.twice) await answered(await h.interaction(payload));
    },
    async submitForm(values) {
      const opened = await waitFor('a modal opened', () => h.fake.openedViews.at(-1));
      const state: Record<string, Record<string, unknown>> = {};
      (opened.view.blocks as { block_id: string; element: { type: string; action_id: string } }[]).forEach(
        (block, i) => {
          const v = values[i];
          const el = block.element;
          state[block.block_id] = {
            [el.action_id]:
              el.type === 'static_select'
                ? { type: el.type, selected_option: v === undefined ? null : { value: v } }
                : { type: el.type, value: v ?? null },
          };
        },
      );
      await answered(
        await h.interaction({
          type: 'view_submission',
          team: { id: TEAM, domain: 'acme' },
          user: { id: ALICE.id, name: 'alice', team_id: TEAM },
          api_app_id: 'A1',
          token: 'legacy',
          trigger_id: `trig-${randomUUID()}`,
          view: { ...opened.view, id: opened.id, hash: opened.hash, state: { values: state } },
        }),
      );
    },
    failNextDelivery() {
      h.fake.failNext('chat.postMessage', 'fatal_error');
    },
    seen() {
      return JSON.stringify({
        messages: [...h.fake.messages.values()],
        ephemerals: h.fake.ephemerals,
        responses: h.fake.responses,
        acks,
      });
    },
    settle: () => h.adapter.idle(),
    close: () => h.close(),
  };
}
