/**
 * A card callback's answers. Feishu wants the callback answered within 3 s and never re-pushes one, and
 * the SDK sends whatever the handler returns, so the first answer the kit gives becomes the callback's
 * answer while it is still open: a toast, and the new card itself when the answer replaces the clicked
 * card. Once the handler's budget ran out (it answered "working on it"), answers go by the chat instead
 * (FeishuReplyRoute): the clicked card is patched, replies are sent into the chat.
 */
import type { FormRequest } from '../../commands/types.js';
import type { Message, MessageRef } from '../../notifications/message.js';
import type { Placed, ReplyKind, ReplyRoute } from '../inbound/reply-route.js';
import type { FeishuNotifier } from './feishu-notifier.js';
import type { FeishuReplyRoute } from './feishu-reply-route.js';
import { TOAST_DUPLICATE, toast, toastFor } from './feishu-toasts.js';
import type { CardCallbackAnswer } from './feishu-types.js';

export class CardCallbackRoute implements ReplyRoute {
  /** The callback's answer: resolved by the first answer given while open, or `{}` by `finish`. */
  readonly answered: Promise<CardCallbackAnswer>;
  #settle: (a: CardCallbackAnswer) => void = () => {};
  #open = true;

  constructor(
    private readonly late: FeishuReplyRoute,
    private readonly notifier: FeishuNotifier,
    private readonly tenant: string,
  ) {
    this.answered = new Promise((resolve) => {
      this.#settle = resolve;
    });
  }

  /** Answers the callback with `a` if it is still open; false when it was answered or closed before. */
  #answer(a: CardCallbackAnswer): boolean {
    if (!this.#open) return false;
    this.#open = false;
    this.#settle(a);
    return true;
  }

  /** The handler stopped waiting: from now on answers go by the chat. False when an answer came first. */
  close(): boolean {
    return this.#answer({});
  }

  /** The work ended without answering anything: the callback gets an empty answer. */
  finish(): void {
    this.#answer({});
  }

  async replace(source: MessageRef, message: Message): Promise<Placed | undefined> {
    if (this.#open) {
      const card = await this.notifier.renderCard(this.tenant, message);
      if (this.#answer({ toast: toastFor(message), card: { type: 'raw', data: card } }))
        return { ref: source };
    }
    return this.late.replace(source, message);
  }

  async post(message: Message, kind: 'reply' | 'card'): Promise<Placed> {
    this.#answer({ toast: toastFor(message) });
    return this.late.post(message, kind);
  }

  async ephemeral(message: Message, kind: ReplyKind): Promise<void> {
    this.#answer({ toast: toastFor(message) });
    await this.late.ephemeral(message, kind);
  }

  async openForm(form: FormRequest, reply: Message): Promise<void> {
    this.#answer({ toast: toastFor(reply) });
    await this.late.openForm(form, reply);
  }

  /** A double click: say it was received (the first click's answer is on its way). */
  async repeated(): Promise<void> {
    this.#answer({ toast: toast(TOAST_DUPLICATE) });
  }
}
