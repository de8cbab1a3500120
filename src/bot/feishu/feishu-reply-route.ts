/**
 * Sends what the command core answered: the reply card (or the form card), to the right place, with a
 * `uuid` so a retried send is not doubled; `replaceSource` patches the clicked card instead; a `watch`
 * request is handed to `onWatch` with the ref of the posted card. Feishu has no true ephemeral message
 * for bots in groups, so an ephemeral reply is simply a reply in the thread of the asking message (login
 * replies only ever come from p2p chats anyway).
 */
import type { Logger } from 'pino';
import type { CommandResult, InboundCommand, WatchHandler } from '../../commands/types.js';
import type { Message, MessageRef } from '../../notifications/message.js';
import { ChatRateLimitedError } from '../../notifications/notifier.js';
import { isDirectOnlyForm, renderFormCard } from './feishu-form.js';
import type { CardDestination, FeishuNotifier } from './feishu-notifier.js';
import type { ReplyTarget } from './feishu-types.js';

/** What a FeishuResponder is built from. */
export interface FeishuResponderOptions {
  notifier: FeishuNotifier;
  onWatch?: WatchHandler;
  /** Called after the clicked card was patched with the result (the worker then re-renders it). */
  onReplaced?: (card: MessageRef) => Promise<void>;
  /** Called with the chat id of a p2p chat learned from a send (menu replies go to a user id). */
  onDirectChat?: (chatId: string) => void;
  /** Longest wait honoured on a rate-limit answer before retrying; default 5 s. */
  maxRetryWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const FORM_NEEDS_DM = {
  en: 'This form asks for a secret, so it opens only in a direct chat with the bot: send the same command there.',
  zh: '此表单需要填写密钥，只能在与机器人的单聊中打开：请在单聊中发送同一命令。',
};

function destination(target: ReplyTarget): CardDestination {
  if (target.replyToMessageId && !target.isDirect) {
    return { kind: 'reply', messageId: target.replyToMessageId, inThread: target.inThread ?? true };
  }
  if (target.chatId) return { kind: 'chat', chatId: target.chatId };
  if (target.openId) return { kind: 'user', openId: target.openId };
  if (target.replyToMessageId) return { kind: 'reply', messageId: target.replyToMessageId, inThread: false };
  throw new Error('feishu reply target has no chat, user or message');
}

/** Delivers CommandResults on Feishu; see the module comment. */
export class FeishuResponder {
  readonly #opts: FeishuResponderOptions;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(opts: FeishuResponderOptions) {
    this.#opts = opts;
    this.#sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** The card for a result: the rendered reply, or the reply with the form appended. */
  async cardFor(result: CommandResult, target: ReplyTarget): Promise<object> {
    const { notifier } = this.#opts;
    const form = result.form;
    if (!form) return notifier.renderCard(target.tenant, result.reply);
    if (isDirectOnlyForm(form) && !target.isDirect) {
      const notice: Message = {
        ...result.reply,
        blocks: [...result.reply.blocks, { type: 'context', text: FORM_NEEDS_DM }],
      };
      return notifier.renderCard(target.tenant, notice);
    }
    const base = await notifier.renderCard(target.tenant, result.reply);
    return renderFormCard(form, {
      base,
      ...(target.isDirect && target.chatId ? { dmChatId: target.chatId } : {}),
      ...(target.isDirect && !target.chatId && target.openId ? { dmUser: target.openId } : {}),
    });
  }

  /**
   * Posts (or patches) the reply for `cmd` and starts the watch. `uuidBase` (the event id) makes the
   * message uuid, so a re-pushed event or a retried send never posts twice.
   */
  async deliver(
    cmd: InboundCommand,
    result: CommandResult,
    target: ReplyTarget,
    uuidBase: string,
    log: Logger,
  ): Promise<MessageRef> {
    const { notifier } = this.#opts;
    const card = await this.cardFor(result, target);
    let ref: MessageRef;
    const source = cmd.sourceMessage;
    if (result.replaceSource && source) {
      await this.#retrying(() => notifier.patchCard(source.messageId, card));
      ref = source;
      await this.#opts.onReplaced?.(source);
    } else {
      const dest = destination(target);
      const uuid = `${result.watch ? 'watch' : 'reply'}-${uuidBase}`;
      const sent = await this.#retrying(() => notifier.sendCard(dest, card, uuid));
      if (target.isDirect && sent.chatId) this.#opts.onDirectChat?.(sent.chatId);
      ref = {
        platform: 'feishu',
        tenant: target.tenant,
        conversation: sent.chatId ?? target.chatId ?? target.openId ?? '',
        messageId: sent.messageId,
        ...(dest.kind === 'reply' && dest.inThread ? { threadId: dest.messageId } : {}),
      };
    }
    log.info(
      { messageId: ref.messageId, replaced: Boolean(result.replaceSource && source) },
      'feishu reply sent',
    );
    if (result.watch && this.#opts.onWatch) await this.#opts.onWatch(result.watch, ref, cmd);
    return ref;
  }

  /** Retries a send twice on a rate-limit answer; the uuid makes the retry safe. */
  async #retrying<T>(send: () => Promise<T>): Promise<T> {
    const maxWait = this.#opts.maxRetryWaitMs ?? 5_000;
    for (let attempt = 0; ; attempt++) {
      try {
        return await send();
      } catch (err) {
        if (!(err instanceof ChatRateLimitedError) || attempt >= 2 || err.retryAfterMs > maxWait) throw err;
        await this.#sleep(err.retryAfterMs);
      }
    }
  }
}
