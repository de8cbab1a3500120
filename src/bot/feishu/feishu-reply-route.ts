/**
 * Where a Feishu command's answers go (the kit's ReplyRoute): a p2p chat gets a new message, a group a
 * reply in the thread of the asking message, a bot-menu click a message to the user. Every send carries
 * a `uuid` made of the kind of message and the delivery's reply key (a message's id; a menu click's or a
 * callback's event id), so a retried send — or a re-pushed message — never posts twice, while the busy answer to an event and its real reply later stay two messages. Feishu has
 * no true ephemeral message for bots in groups, so an ephemeral answer is a reply in the thread (login
 * replies only ever come from p2p chats anyway). A form is a form card (forms asking for a secret open
 * only in a p2p chat).
 */
import type { Logger } from 'pino';
import { formMetadata } from '../../commands/grammar/form-line.js';
import type { FormRequest } from '../../commands/types.js';
import type { Message, MessageRef } from '../../notifications/message.js';
import { ChatRateLimitedError } from '../../notifications/notifier.js';
import type { Placed, ReplyKind, ReplyRoute } from '../inbound/reply-route.js';
import type { ChatKinds } from './feishu-chats.js';
import { cardWeight, formContainer, isDirectOnlyForm, renderFormCard } from './feishu-form.js';
import type { CardDestination, FeishuNotifier } from './feishu-notifier.js';
import type { ReplyTarget } from './feishu-types.js';

/** What the routes of one adapter share. */
export interface FeishuRouteDeps {
  notifier: FeishuNotifier;
  /** Learns p2p chat ids from sends (menu replies go to a user id). */
  chats: ChatKinds;
  log: Logger;
  /** Longest wait honoured on a rate-limit answer before retrying; default 5 s. */
  maxRetryWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const FORM_NEEDS_DM = {
  en: 'This form asks for a secret, so it opens only in a direct chat with the bot: send the same command there.',
  zh: '此表单需要填写密钥，只能在与机器人的单聊中打开：请在单聊中发送同一命令。',
};

/** The uuid prefix of each kind of message (a watched card is `watch-…`). */
const UUID_KIND: Record<ReplyKind, string> = { reply: 'reply', card: 'watch', error: 'error', busy: 'busy' };

function destination(target: ReplyTarget): CardDestination {
  if (target.replyToMessageId && !target.isDirect) {
    return { kind: 'reply', messageId: target.replyToMessageId, inThread: target.inThread ?? true };
  }
  if (target.chatId) return { kind: 'chat', chatId: target.chatId };
  if (target.openId) return { kind: 'user', openId: target.openId };
  if (target.replyToMessageId) return { kind: 'reply', messageId: target.replyToMessageId, inThread: false };
  throw new Error('feishu reply target has no chat, user or message');
}

/** Answers one Feishu command; see the module comment. */
export class FeishuReplyRoute implements ReplyRoute {
  constructor(
    private readonly target: ReplyTarget,
    /** The delivery's reply key (FeishuInbound.replyKey): with the kind of message, the send's uuid. */
    private readonly uuidBase: string,
    private readonly d: FeishuRouteDeps,
  ) {}

  async post(message: Message, kind: 'reply' | 'card'): Promise<Placed> {
    return { ref: await this.#send(await this.#render(message), kind) };
  }

  async replace(source: MessageRef, message: Message): Promise<Placed> {
    const card = await this.#render(message);
    await this.#retrying(() => this.d.notifier.patchCard(source.messageId, card));
    this.d.log.info({ messageId: source.messageId }, 'feishu card replaced');
    return { ref: source };
  }

  async ephemeral(message: Message, kind: ReplyKind): Promise<void> {
    await this.#send(await this.#render(message), kind);
  }

  async openForm(form: FormRequest, reply: Message): Promise<void> {
    const { target } = this;
    if (isDirectOnlyForm(form) && !target.isDirect) {
      const notice = {
        ...reply,
        blocks: [...reply.blocks, { type: 'context' as const, text: FORM_NEEDS_DM }],
      };
      await this.#send(await this.#render(notice), 'reply');
      return;
    }
    const at = target.isDirect
      ? target.chatId
        ? { conversation: target.chatId, direct: true }
        : { ...(target.openId ? { user: target.openId } : {}), direct: true }
      : undefined;
    const meta = formMetadata(form, at);
    // The form comes first: the reply card above it is trimmed to leave the form its room.
    const reserve = cardWeight(formContainer(form, meta)).bytes + 1;
    const base = await this.d.notifier.renderCard(this.target.tenant, reply, [], reserve);
    await this.#send(renderFormCard(form, meta, base), 'reply');
  }

  /** The card for a message (mentions resolved). */
  #render(message: Message): Promise<object> {
    return this.d.notifier.renderCard(this.target.tenant, message);
  }

  async #send(card: object, kind: ReplyKind): Promise<MessageRef> {
    const { target } = this;
    const dest = destination(target);
    const uuid = `${UUID_KIND[kind]}-${this.uuidBase}`;
    const sent = await this.#retrying(() => this.d.notifier.sendCard(dest, card, uuid));
    if (target.isDirect && sent.chatId) this.d.chats.remember(sent.chatId, 'p2p');
    this.d.log.info({ messageId: sent.messageId, kind }, 'feishu reply sent');
    return {
      platform: 'feishu',
      tenant: target.tenant,
      conversation: sent.chatId ?? target.chatId ?? target.openId ?? '',
      messageId: sent.messageId,
      ...(dest.kind === 'reply' && dest.inThread ? { threadId: dest.messageId } : {}),
    };
  }

  /** Retries a send twice on a rate-limit answer; the uuid makes the retry safe. */
  async #retrying<T>(send: () => Promise<T>): Promise<T> {
    const maxWait = this.d.maxRetryWaitMs ?? 5_000;
    const sleep = this.d.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    for (let attempt = 0; ; attempt++) {
      try {
        return await send();
      } catch (err) {
        if (!(err instanceof ChatRateLimitedError) || attempt >= 2 || err.retryAfterMs > maxWait) throw err;
        await sleep(err.retryAfterMs);
      }
    }
  }
}
