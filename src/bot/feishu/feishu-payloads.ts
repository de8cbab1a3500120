/**
 * Feishu payloads → the kit's InboundEvent plus where the answers go: typed messages (p2p, or group
 * messages that @mention the bot), bot-menu clicks, and card callbacks (buttons and form submits).
 * Payload shapes stay in this folder; nothing Feishu-shaped reaches the core. Pure functions.
 */
import { formCommandLine, readFormMetadata } from '../../commands/grammar/form-line.js';
import type { InboundCommand } from '../../commands/types.js';
import { isLocale, type MessageRef } from '../../notifications/message.js';
import type { InboundEvent } from '../inbound/inbound-kit.js';
import type { ChatKinds } from './feishu-chats.js';
import { submittedValues } from './feishu-form.js';
import { clickIdentity, eventIdentity, messageIdentity } from './feishu-identity.js';
import { mentionsBot, menuCommandLine, messageText, stripMentions } from './feishu-message-text.js';
import type {
  FeishuCardActionEvent,
  FeishuMenuEvent,
  FeishuMessageEvent,
  ReplyTarget,
} from './feishu-types.js';

/** A command as the adapter hands it to the kit: what it is, and where its answers go. */
export interface FeishuInbound {
  event: InboundEvent;
  target: ReplyTarget;
  /**
   * What makes the `uuid` of every message sent in answer (with the kind of message): the same for a
   * re-push of the same delivery, so Feishu posts each answer once (it dedupes a uuid for an hour).
   */
  replyKey: string;
}

/**
 * A typed command; undefined for what is not one (bots, images, group messages not addressed to the
 * bot). Without the bot's id, Feishu is trusted: groups deliver only messages that @mention the bot.
 */
export function messageInbound(
  data: FeishuMessageEvent,
  botOpenId: string | undefined,
): FeishuInbound | undefined {
  const msg = data.message;
  const sender = data.sender?.sender_id?.open_id;
  // Only people give commands: messages from bots and apps (including our own) are ignored.
  if (!msg || !sender || (data.sender?.sender_type && data.sender.sender_type !== 'user')) return undefined;
  const isDirect = msg.chat_type === 'p2p';
  const raw = messageText(msg.message_type, msg.content);
  if (raw === undefined) return undefined;
  if (!isDirect && (botOpenId ? !mentionsBot(msg.mentions, botOpenId) : !msg.mentions?.length))
    return undefined;
  const text = stripMentions(raw, msg.mentions, botOpenId) || 'help';
  const eventId = data.event_id ?? data.uuid ?? msg.message_id;
  const tenant = data.tenant_key ?? data.sender?.tenant_key ?? 'default';
  const cmd: InboundCommand = {
    platform: 'feishu',
    tenant,
    conversation: msg.chat_id,
    isDirect,
    actor: { id: sender },
    text,
    origin: 'text',
    eventId,
  };
  const target: ReplyTarget = isDirect
    ? { tenant, chatId: msg.chat_id, isDirect }
    : {
        tenant,
        chatId: msg.chat_id,
        isDirect,
        replyToMessageId: msg.root_id || msg.message_id,
        inThread: true,
      };
  // Idempotency by the message, not the event: a re-push may carry a new event id (see feishu-identity).
  return { event: { cmd, identity: messageIdentity(msg.message_id) }, target, replyKey: msg.message_id };
}

/**
 * A bot-menu click. Menu events carry no chat id, only the user, so the answer goes to the user's p2p
 * chat with the bot (`receive_id_type: open_id`) and the command's `conversation` is the user's open_id
 * (FeishuNotifier.post accepts it). The `home` key shows the core's overview.
 */
export function menuInbound(data: FeishuMenuEvent): FeishuInbound | undefined {
  const openId = data.operator?.operator_id?.open_id;
  const text = menuCommandLine(data.event_key);
  if (!openId || !text) return undefined;
  const eventId = data.event_id ?? `menu-${openId}-${data.event_key}`;
  const tenant = data.tenant_key ?? 'default';
  const name = data.operator?.operator_name;
  const cmd: InboundCommand = {
    platform: 'feishu',
    tenant,
    conversation: openId,
    isDirect: true,
    actor: { id: openId, ...(name ? { name } : {}) },
    text,
    origin: 'menu',
    eventId,
  };
  const home = text.toLowerCase() === 'home';
  return {
    event: { cmd, identity: eventIdentity(eventId), ...(home ? { home } : {}) },
    target: { tenant, isDirect: true, openId },
    replyKey: eventId,
  };
}

/**
 * A card callback: a button (`{cmd, lang}`: its command line and its card's language) or a form submit (the form's metadata plus `form_value`), with the
 * clicker as the actor and the clicked card as the source. A form submitted from the p2p chat it was sent
 * to is direct (callbacks do not say what kind of chat they come from).
 */
export function cardActionInbound(data: FeishuCardActionEvent, chats: ChatKinds): FeishuInbound | undefined {
  const operator = data.operator?.open_id;
  const chatId = data.context?.open_chat_id;
  const messageId = data.context?.open_message_id;
  const value = data.action?.value;
  if (!operator || !chatId || !messageId || !value) return undefined;
  const form = data.action?.form_value ? readFormMetadata(value) : undefined;
  const text = form
    ? formCommandLine(form, submittedValues(form, data.action?.form_value ?? {}))
    : typeof value.cmd === 'string'
      ? value.cmd
      : undefined;
  if (!text?.trim()) return undefined;

  const tenant = data.tenant_key ?? data.operator?.tenant_key ?? 'default';
  const eventId = data.event_id ?? `${messageId}-${Date.now()}`;
  const known = chats.get(chatId);
  const formDirect = Boolean(
    form?.at?.direct && known !== 'group' && (form.at.conversation === chatId || form.at.user === operator),
  );
  const isDirect = known === 'p2p' || formDirect;
  const sourceMessage: MessageRef = { platform: 'feishu', tenant, conversation: chatId, messageId };
  const cmd: InboundCommand = {
    platform: 'feishu',
    tenant,
    conversation: chatId,
    isDirect,
    actor: { id: operator },
    text: text.trim(),
    origin: form ? 'form' : 'button',
    ...(!form && isLocale(value.lang) ? { cardLocale: value.lang } : {}),
    sourceMessage,
    eventId,
  };
  const target: ReplyTarget = {
    tenant,
    chatId,
    isDirect,
    replyToMessageId: messageId,
    inThread: known === 'group',
  };
  return { event: { cmd, identity: clickIdentity(operator, messageId, value) }, target, replyKey: eventId };
}
