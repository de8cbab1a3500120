/**
 * Where each watched task's cards live, so the worker can edit them, plus a hash of what was last
 * rendered into each card so it edits only when the content changed. Everything expires (default 14
 * days, Feishu's edit window) so a task that was never cleaned up does not linger.
 */
import type { Redis } from 'ioredis';
import type { Locale, MessageRef } from '../notifications/message.js';
import { execStrict } from './exec.js';
import { type StoreKeys, seg, storeKeys } from './keys.js';
import { assertPrefix, type StoreOptions } from './types.js';

/** Default lifetime of card refs and render hashes. */
export const MESSAGE_REF_TTL_MS = 14 * 24 * 3600_000;

/** A card that watches a task. */
export interface CardRef extends MessageRef {
  /** Chat user who started the task (mentioned in the final result). */
  startedBy?: string;
  /** Language the card is rendered in. */
  locale?: Locale;
}

/** A stored card with its id. */
export interface StoredCard extends CardRef {
  cardId: string;
}

/** Options of `MessageRefStore`. */
export interface MessageRefStoreOptions extends StoreOptions {
  /** Lifetime of everything this store writes; default 14 days. */
  ttlMs?: number;
}

/** Stable id of a card: its platform, tenant, conversation and message id. */
export function cardIdOf(ref: MessageRef): string {
  return [ref.platform, ref.tenant, ref.conversation, ref.messageId].map(seg).join(':');
}

/** The cards of a task from its raw hash (card id → card JSON), as `cards()` returns them. */
export function parseCards(all: Record<string, string>): StoredCard[] {
  return Object.entries(all).map(([cardId, raw]) => ({ ...(JSON.parse(raw) as CardRef), cardId }));
}

/** Cards per watched task and their last rendered content hash. */
export class MessageRefStore {
  readonly #redis: Redis;
  readonly #keys: StoreKeys;
  readonly #ttlMs: number;

  constructor(opts: MessageRefStoreOptions) {
    assertPrefix(opts.prefix);
    this.#redis = opts.redis;
    this.#keys = storeKeys(opts.prefix);
    this.#ttlMs = opts.ttlMs ?? MESSAGE_REF_TTL_MS;
  }

  /**
   * Records a card watching `taskKey` (several may: the starter's reply, subscribed channels).
   * Adding the same card again updates it. Refreshes the task's TTL.
   * @returns the card id.
   */
  async addCard(taskKey: string, ref: CardRef): Promise<string> {
    const cardId = cardIdOf(ref);
    const key = this.#keys.taskCards(taskKey);
    const card: CardRef = {
      platform: ref.platform,
      tenant: ref.tenant,
      conversation: ref.conversation,
      messageId: ref.messageId,
      ...(ref.threadId !== undefined ? { threadId: ref.threadId } : {}),
      ...(ref.startedBy !== undefined ? { startedBy: ref.startedBy } : {}),
      ...(ref.locale !== undefined ? { locale: ref.locale } : {}),
    };
    await execStrict(this.#redis.multi().hset(key, cardId, JSON.stringify(card)).pexpire(key, this.#ttlMs));
    return cardId;
  }

  /** The cards watching `taskKey`, in no particular order. */
  async cards(taskKey: string): Promise<StoredCard[]> {
    return parseCards(await this.#redis.hgetall(this.#keys.taskCards(taskKey)));
  }

  /**
   * The Redis keys behind `cards(taskKey)` (a hash: card id → card JSON, see `parseCards`) and
   * `lastRendered(cardId)` (a string), for a caller that batches these reads with others.
   */
  keysOf(taskKey: string): { cards: string; rendered: (cardId: string) => string } {
    return { cards: this.#keys.taskCards(taskKey), rendered: (cardId) => this.#keys.cardRendered(cardId) };
  }

  /** `lastRendered` of several cards in one round trip (null where nothing was recorded). */
  async lastRenderedMany(cardIds: readonly string[]): Promise<(string | null)[]> {
    if (cardIds.length === 0) return [];
    return this.#redis.mget(...cardIds.map((id) => this.#keys.cardRendered(id)));
  }

  /** Stops tracking one card (e.g. it was deleted on the platform); false when it was not tracked. */
  async removeCard(taskKey: string, cardId: string): Promise<boolean> {
    const [removed] = await execStrict(
      this.#redis.multi().hdel(this.#keys.taskCards(taskKey), cardId).del(this.#keys.cardRendered(cardId)),
    );
    return removed === 1;
  }

  /** Forgets a task's cards and their render hashes (the task reached its end). */
  async removeTask(taskKey: string): Promise<void> {
    const key = this.#keys.taskCards(taskKey);
    const cardIds = await this.#redis.hkeys(key);
    await this.#redis.del(key, ...cardIds.map((id) => this.#keys.cardRendered(id)));
  }

  /** Hash of the content last rendered into the card, or null. */
  async lastRendered(cardId: string): Promise<string | null> {
    return this.#redis.get(this.#keys.cardRendered(cardId));
  }

  /** Remembers what was rendered into the card (with the store's TTL). */
  async setLastRendered(cardId: string, hash: string): Promise<void> {
    await this.#redis.set(this.#keys.cardRendered(cardId), hash, 'PX', this.#ttlMs);
  }
}
