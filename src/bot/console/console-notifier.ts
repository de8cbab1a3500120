/**
 * ConsoleNotifier: the Notifier port for the terminal console, and the console's single printer of
 * cards. Replies, posts and edits are printed with their card number (`#3 …`); an edit is printed again
 * in full under `↻ card 3 updated`, a reply in a card's thread under `↳ on card 3`. A card posted by the
 * worker arriving while the user is at the prompt re-prints the prompt after it.
 *
 * Buttons: a typed number `k` presses button k of the latest **reply** (the answer to what the user typed,
 * numbered `[1] [2]`), and only of that reply; `N.k` presses button k of card N, whatever printed it.
 * Cards printed by the worker (updates, approval cards, finals) show their buttons as `[N.k]`, so what
 * arrives on its own never changes what a bare number presses. Every card keeps the language it was
 * printed in: its updates (and replies in its thread) follow it, not a later `:lang`.
 *
 * A message's picture (a statistics chart) is written as a PNG file into the chart directory and the card
 * prints its path.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locale, Message, MessageImage, MessageRef } from '../../notifications/message.js';
import type { Notifier, PostOptions, PostTarget } from '../../notifications/notifier.js';
import { renderText, type TextButton } from './text-renderer.js';

/** How many cards' buttons stay pressable by `N.k` (the oldest are forgotten first). */
const CARDS_KEPT = 500;

/** What a typed button reference pressed (and on which card), or why it pressed nothing. */
export type Pressed = { button: TextButton; card: string; locale: Locale } | { missing: string };

interface Card {
  buttons: TextButton[];
  locale: Locale;
}

/** Prints to a writable (stdout in the console, a buffer in tests). */
export class ConsoleNotifier implements Notifier {
  readonly platform = 'console' as const;
  #seq = 0;
  readonly #cards = new Map<string, Card>();
  /** The latest reply, whose buttons a bare number presses. */
  #latestReply: string | undefined;
  #prompt: string | undefined;

  constructor(
    private readonly write: (text: string) => void,
    private readonly locale: () => Locale = () => 'en',
    /** Where pictures are saved; default `<tmp>/zadig-chatops-charts`. */
    private readonly chartDir: string = join(tmpdir(), 'zadig-chatops-charts'),
  ) {}

  /** Writes the picture as `<chartDir>/<card>-<file name>` and says where, or why not. */
  private async saveImage(id: string, image: MessageImage, locale: Locale): Promise<string> {
    const name = `${id}-${image.fileName.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 80)}`;
    const path = join(this.chartDir, name);
    try {
      await mkdir(this.chartDir, { recursive: true });
      await writeFile(path, image.png);
      return locale === 'zh' ? `\n图表已保存：${path}` : `\nChart saved: ${path}`;
    } catch (err) {
      const why = (err as Error).message;
      return locale === 'zh' ? `\n图表未能保存（${why}）` : `\nChart not saved (${why})`;
    }
  }

  /** The next message id; replies printed by the session use it too, so updates can name them. */
  nextId(): string {
    this.#seq += 1;
    return String(this.#seq);
  }

  /** The prompt the user is typing at (re-printed after a card that arrives meanwhile); undefined when busy. */
  setPrompt(prompt: string | undefined): void {
    this.#prompt = prompt;
  }

  /** The buttons a bare number presses: the latest reply's, as that card now shows them. */
  buttons(): TextButton[] {
    return this.#latestReply ? (this.#cards.get(this.#latestReply)?.buttons ?? []) : [];
  }

  /** Forgets which reply a bare number presses (another chat user took over). */
  clearButtons(): void {
    this.#latestReply = undefined;
  }

  /** The button a typed `k` (latest reply) or `N.k` (card N) names. */
  press(typed: string): Pressed {
    const m = /^(?:(\d+)\.)?(\d+)$/.exec(typed.trim());
    if (!m) return { missing: `${typed} names no button: type k for the last reply's, or N.k for card N's.` };
    const [, card, k] = m;
    if (card === undefined) {
      const latest = this.#latestReply ? this.#cards.get(this.#latestReply) : undefined;
      const b = latest?.buttons.find((x) => x.n === Number(k));
      return b && latest && this.#latestReply
        ? { button: b, card: this.#latestReply, locale: latest.locale }
        : { missing: `There is no button ${k} on the last reply.` };
    }
    const id = String(Number(card));
    const c = this.#cards.get(id);
    if (!c) return { missing: `There is no card ${card} (or it is too old).` };
    const b = c.buttons.find((x) => x.n === Number(k));
    return b ? { button: b, card: id, locale: c.locale } : { missing: `Card ${card} has no button ${k}.` };
  }

  /** Prints a command's reply as a new card; a bare number now presses its buttons. */
  reply(message: Message, locale: Locale): string {
    const id = this.nextId();
    const r = renderText(message, { locale });
    this.remember(id, { buttons: r.buttons, locale });
    this.#latestReply = id;
    this.write(`#${id} ${r.text}\n`);
    return id;
  }

  async post(target: PostTarget, message: Message, _opts?: PostOptions): Promise<MessageRef> {
    const id = this.nextId();
    // A reply in a card's thread speaks that card's language; anything else its own, or the console's.
    const parent = target.threadId ? this.#cards.get(target.threadId) : undefined;
    const locale = message.locale ?? parent?.locale ?? this.locale();
    const r = renderText(message, { locale }, id);
    this.remember(id, { buttons: r.buttons, locale });
    const dm = target.conversation.startsWith('dm:')
      ? ` (direct message to ${target.conversation.slice(3)})`
      : '';
    const head = target.threadId ? `↳ on card ${target.threadId}${dm}\n` : dm ? `${dm.trim()}\n` : '';
    const chart = message.image ? await this.saveImage(id, message.image, locale) : '';
    this.print(`${head}#${id} ${r.text}${chart}`);
    return { platform: 'console', tenant: target.tenant, conversation: target.conversation, messageId: id };
  }

  async update(ref: MessageRef, message: Message, _opts?: PostOptions): Promise<void> {
    const locale = this.#cards.get(ref.messageId)?.locale ?? message.locale ?? this.locale();
    const r = renderText(message, { locale }, ref.messageId);
    this.remember(ref.messageId, { buttons: r.buttons, locale });
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

  private remember(id: string, card: Card): void {
    this.#cards.delete(id);
    this.#cards.set(id, card);
    if (this.#cards.size > CARDS_KEPT) {
      const oldest = this.#cards.keys().next().value;
      if (oldest !== undefined && oldest !== this.#latestReply) this.#cards.delete(oldest);
    }
  }

  /** Prints a card that arrived on its own, on a fresh line, then the prompt again if the user is at it. */
  private print(text: string): void {
    this.write(`\n${text}\n${this.#prompt ?? ''}`);
  }
}
