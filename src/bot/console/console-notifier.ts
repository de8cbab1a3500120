/**
 * ConsoleNotifier: the Notifier port for the terminal console, and the console's single printer of
 * cards. Replies, posts and edits are printed with their card number (`#3 …`); an edit is printed again
 * in full under `↻ card 3 updated`, a reply in a card's thread under `↳ on card 3`. The buttons of the
 * latest card that has any can be pressed by number; a worker's card arriving while the user is at the
 * prompt re-prints the prompt after it.
 */
import type { Locale, Message, MessageRef } from '../../notifications/message.js';
import type { Notifier, PostOptions, PostTarget } from '../../notifications/notifier.js';
import { renderText, type TextButton } from './text-renderer.js';

/** Prints to a writable (stdout in the console, a buffer in tests). */
export class ConsoleNotifier implements Notifier {
  readonly platform = 'console' as const;
  #seq = 0;
  /** The card whose buttons a typed number presses. */
  #pressable: { id: string; buttons: TextButton[] } | undefined;
  #prompt: string | undefined;

  constructor(
    private readonly write: (text: string) => void,
    private readonly locale: () => Locale = () => 'en',
  ) {}

  /** The next message id; replies printed by the session use it too, so updates can name them. */
  nextId(): string {
    this.#seq += 1;
    return String(this.#seq);
  }

  /** The prompt the user is typing at (re-printed after a card that arrives meanwhile); undefined when busy. */
  setPrompt(prompt: string | undefined): void {
    this.#prompt = prompt;
  }

  /** The buttons a typed number presses: those of the latest card that has any. */
  buttons(): TextButton[] {
    return this.#pressable?.buttons ?? [];
  }

  /** The id of the card whose buttons a typed number presses. */
  pressableCard(): string | undefined {
    return this.#pressable?.id;
  }

  /** Forgets the pressable buttons (another chat user took over). */
  clearButtons(): void {
    this.#pressable = undefined;
  }

  /** Prints a command's reply as a new card; its buttons, if it has any, become the pressable ones. */
  reply(message: Message, locale: Locale): string {
    const id = this.nextId();
    const r = renderText(message, { locale });
    if (r.buttons.length > 0) this.#pressable = { id, buttons: r.buttons };
    this.write(`#${id} ${r.text}\n`);
    return id;
  }

  async post(target: PostTarget, message: Message, _opts?: PostOptions): Promise<MessageRef> {
    const id = this.nextId();
    const r = renderText(message, { locale: this.locale() });
    if (r.buttons.length > 0) this.#pressable = { id, buttons: r.buttons };
    const dm = target.conversation.startsWith('dm:')
      ? ` (direct message to ${target.conversation.slice(3)})`
      : '';
    const head = target.threadId ? `↳ on card ${target.threadId}${dm}\n` : dm ? `${dm.trim()}\n` : '';
    this.print(`${head}#${id} ${r.text}`);
    return { platform: 'console', tenant: target.tenant, conversation: target.conversation, messageId: id };
  }

  async update(ref: MessageRef, message: Message, _opts?: PostOptions): Promise<void> {
    const r = renderText(message, { locale: this.locale() });
    if (this.#pressable?.id === ref.messageId) this.#pressable = { id: ref.messageId, buttons: r.buttons };
    else if (r.buttons.length > 0) this.#pressable = { id: ref.messageId, buttons: r.buttons };
    this.print(`↻ card ${ref.messageId} updated\n#${ref.messageId} ${r.text}`);
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

  /** Prints a card that arrived on its own, on a fresh line, then the prompt again if the user is at it. */
  private print(text: string): void {
    this.write(`\n${text}\n${this.#prompt ?? ''}`);
  }
}
