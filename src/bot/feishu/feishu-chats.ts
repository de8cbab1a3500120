/**
 * Which chats are p2p and which are groups, remembered from the messages seen (card callbacks do not
 * say): a p2p chat is where secrets may be typed and where a reply needs no thread.
 */

/** Bounded memory of chat kinds; the oldest chat is forgotten first. */
export class ChatKinds {
  readonly #kinds = new Map<string, 'p2p' | 'group'>();
  constructor(readonly max = 10_000) {}

  remember(chatId: string, kind: 'p2p' | 'group'): void {
    this.#kinds.delete(chatId);
    this.#kinds.set(chatId, kind);
    if (this.#kinds.size > this.max) {
      const oldest = this.#kinds.keys().next().value;
      if (oldest !== undefined) this.#kinds.delete(oldest);
    }
  }

  get(chatId: string): 'p2p' | 'group' | undefined {
    return this.#kinds.get(chatId);
  }
}
