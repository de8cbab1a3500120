/**
 * Where a console command's answers go (the kit's ReplyRoute): every answer is printed as a card the
 * user can press buttons on; a click's answer that replaces its card re-prints that card as updated; a
 * form is handed to the session, which asks its fields one line at a time.
 */
import type { FormRequest } from '../../commands/types.js';
import type { Locale, Message, MessageRef } from '../../notifications/message.js';
import type { Placed, ReplyRoute } from '../inbound/reply-route.js';
import type { ConsoleNotifier } from './console-notifier.js';

/** Where the answer is printed and who asked (their language). */
export interface ConsoleReplyTarget {
  notifier: ConsoleNotifier;
  tenant: string;
  conversation: string;
  /** The asker's chosen language (`:lang`); absent: the reply's own. */
  locale: Locale | undefined;
  /** Starts asking the form's fields (the session owns the input). */
  openForm(form: FormRequest): void;
  /** Prints a line of the console's own. */
  note(text: string): void;
}

export class ConsoleReplyRoute implements ReplyRoute {
  constructor(private readonly t: ConsoleReplyTarget) {}

  async post(message: Message): Promise<Placed> {
    const id = this.t.notifier.reply(message, this.#locale(message));
    return {
      ref: { platform: 'console', tenant: this.t.tenant, conversation: this.t.conversation, messageId: id },
    };
  }

  async replace(source: MessageRef, message: Message): Promise<Placed> {
    await this.t.notifier.update(source, message);
    return { ref: source };
  }

  async ephemeral(message: Message): Promise<void> {
    this.t.notifier.reply(message, this.#locale(message));
  }

  async openForm(form: FormRequest, reply: Message): Promise<void> {
    this.t.notifier.reply(reply, this.#locale(reply));
    this.t.openForm(form);
  }

  #locale(message: Message): Locale {
    return this.t.locale ?? message.locale ?? 'en';
  }

  async repeated(): Promise<void> {
    this.t.note('(Already taken: that button was pressed a moment ago.)\n');
  }
}
