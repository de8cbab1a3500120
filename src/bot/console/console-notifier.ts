/**
 * ConsoleNotifier: the Notifier port for the terminal console. Posts and edits are printed (an edit is
 * printed again, marked as an update of message #n), so a watched task's card updates live once a
 * worker drives it.
 */
import type { Locale, Message, MessageRef } from '../../notifications/message.js';
import type { Notifier, PostOptions, PostTarget } from '../../notifications/notifier.js';
import { renderText } from './text-renderer.js';

/** Prints to a writable (stdout in the console, a buffer in tests). */
export class ConsoleNotifier implements Notifier {
  readonly platform = 'console' as const;
  #seq = 0;

  constructor(
    private readonly write: (text: string) => void,
    private readonly locale: () => Locale = () => 'en',
  ) {}

  /** The next message id; replies printed by the session use it too, so updates can name them. */
  nextId(): string {
    this.#seq += 1;
    return String(this.#seq);
  }

  async post(target: PostTarget, message: Message, _opts?: PostOptions): Promise<MessageRef> {
    const id = this.nextId();
    this.write(`\n#${id} ${renderText(message, { locale: this.locale() }).text}\n`);
    return { platform: 'console', tenant: target.tenant, conversation: target.conversation, messageId: id };
  }

  async update(ref: MessageRef, message: Message, _opts?: PostOptions): Promise<void> {
    this.write(`\n#${ref.messageId} (updated) ${renderText(message, { locale: this.locale() }).text}\n`);
  }

  async postDirect(
    tenant: string,
    userId: string,
    message: Message,
    opts?: PostOptions,
  ): Promise<MessageRef> {
    return this.post({ tenant, conversation: `dm:${userId}` }, message, opts);
  }

  async lookupUserByEmail(_tenant: string, _email: string): Promise<string | undefined> {
    return undefined;
  }
}
