/**
 * Shapes shared inside the Feishu adapter: the (flattened) payloads the node SDK's EventDispatcher hands
 * to handlers, the answer to a card callback, and where a reply goes. Nothing here leaves src/bot/feishu.
 */

/** Feishu user ids as events carry them. */
export interface FeishuUserIds {
  open_id?: string;
  union_id?: string;
  user_id?: string;
}

/** One entry of `message.mentions`: `key` is the `@_user_N` placeholder written in the text. */
export interface FeishuMention {
  key: string;
  id?: FeishuUserIds;
  name?: string;
}

/** `im.message.receive_v1` after the SDK flattened header and event to the top level. */
export interface FeishuMessageEvent {
  event_id?: string;
  uuid?: string;
  tenant_key?: string;
  sender?: { sender_id?: FeishuUserIds; sender_type?: string; tenant_key?: string };
  message?: {
    message_id: string;
    root_id?: string;
    parent_id?: string;
    thread_id?: string;
    chat_id: string;
    chat_type?: string;
    message_type?: string;
    content?: string;
    mentions?: FeishuMention[];
  };
}

/** `card.action.trigger` (the new callback) after flattening. */
export interface FeishuCardActionEvent {
  event_id?: string;
  tenant_key?: string;
  operator?: FeishuUserIds & { tenant_key?: string };
  action?: {
    tag?: string;
    name?: string;
    value?: Record<string, unknown>;
    form_value?: Record<string, unknown>;
    option?: string;
    input_value?: string;
  };
  context?: { open_message_id?: string; open_chat_id?: string };
}

/** `application.bot.menu_v6` after flattening. */
export interface FeishuMenuEvent {
  event_id?: string;
  tenant_key?: string;
  event_key?: string;
  operator?: { operator_name?: string; operator_id?: FeishuUserIds };
}

/** The answer to a card callback (must reach Feishu within 3 s). */
export interface CardCallbackAnswer {
  toast?: {
    type: 'info' | 'success' | 'error' | 'warning';
    content: string;
    i18n?: { zh_cn: string; en_us: string };
  };
  card?: { type: 'raw'; data: object };
}

/**
 * Where a reply to an inbound command goes: p2p chats get a new message in the chat, group messages a
 * reply in thread under the message that asked, menu clicks (no chat known) a message to the user.
 */
export interface ReplyTarget {
  tenant: string;
  /** Chat id (`oc_…`), when known. */
  chatId?: string;
  isDirect: boolean;
  /** Reply to this message (group chats; button clicks where the chat type is unknown). */
  replyToMessageId?: string;
  /** Reply in thread (known group chats) rather than as a quoted reply. */
  inThread?: boolean;
  /** Send to this user by open_id (menu events carry no chat id). */
  openId?: string;
}
