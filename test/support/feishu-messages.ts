/**
 * Feishu event envelopes as Feishu pushes them (v2: `schema`, `header`, `event`) for every suite that
 * talks to the Feishu adapter: a typed message (`im.message.receive_v1`), a card callback
 * (`card.action.trigger`) and a bot-menu click (`application.bot.menu_v6`). Shapes follow the
 * node SDK's dispatcher tests and the platform documentation (platforms.md §B); ids are made up.
 */
import { randomBytes } from 'node:crypto';

/** What every envelope carries: the verification token, and optionally its event id and tenant. */
export interface EnvelopeOptions {
  token: string;
  eventId?: string;
  /** Default `tenant-fake`. */
  tenant?: string;
}

const header = (eventType: string, o: EnvelopeOptions) => ({
  event_id: o.eventId ?? randomBytes(16).toString('hex'),
  token: o.token,
  create_time: String(Date.now()),
  event_type: eventType,
  tenant_key: o.tenant ?? 'tenant-fake',
  app_id: 'cli_a1b2c3d4e5f60718',
});

/** A `im.message.receive_v1` envelope. `mentions`: placeholder key (`@_user_1`) → [open_id, name]. */
export function messageEvent(
  o: EnvelopeOptions & {
    chatId: string;
    chatType: 'p2p' | 'group';
    sender: string;
    text: string;
    messageId?: string;
    mentions?: Record<string, [string, string]>;
    messageType?: 'text' | 'post';
    content?: string;
  },
): object {
  const tenant = o.tenant ?? 'tenant-fake';
  return {
    schema: '2.0',
    header: header('im.message.receive_v1', o),
    event: {
      sender: {
        sender_id: { open_id: o.sender, union_id: `on_${o.sender}` },
        sender_type: 'user',
        tenant_key: tenant,
      },
      message: {
        message_id: o.messageId ?? `om_user_${randomBytes(6).toString('hex')}`,
        create_time: String(Date.now()),
        chat_id: o.chatId,
        chat_type: o.chatType,
        message_type: o.messageType ?? 'text',
        content: o.content ?? JSON.stringify({ text: o.text }),
        mentions: Object.entries(o.mentions ?? {}).map(([key, [openId, name]]) => ({
          key,
          id: { open_id: openId },
          name,
          tenant_key: tenant,
        })),
      },
    },
  };
}

/** A `card.action.trigger` callback: a button (`value: {cmd}`) or a form submit (with `formValue`). */
export function cardActionEvent(
  o: EnvelopeOptions & {
    operator: string;
    messageId: string;
    chatId: string;
    value: Record<string, unknown>;
    formValue?: Record<string, unknown>;
  },
): object {
  const tenant = o.tenant ?? 'tenant-fake';
  return {
    schema: '2.0',
    header: header('card.action.trigger', o),
    event: {
      operator: { tenant_key: tenant, open_id: o.operator, union_id: `on_${o.operator}` },
      token: `c-${randomBytes(8).toString('hex')}`,
      action: {
        tag: 'button',
        value: o.value,
        ...(o.formValue ? { form_value: o.formValue, name: 'zbot_submit' } : {}),
      },
      host: 'im_message',
      context: { open_message_id: o.messageId, open_chat_id: o.chatId },
    },
  };
}

/** A `application.bot.menu_v6` event (a bot-menu click; `eventKey` names the command). */
export function menuEvent(
  o: EnvelopeOptions & { operator: string; eventKey: string; operatorName?: string },
): object {
  return {
    schema: '2.0',
    header: header('application.bot.menu_v6', o),
    event: {
      operator: { operator_name: o.operatorName ?? 'Alice', operator_id: { open_id: o.operator } },
      event_key: o.eventKey,
      timestamp: Date.now(),
    },
  };
}
