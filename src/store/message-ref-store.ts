/**
 * What each card shows: a hash of the content last rendered into it, by card id, so the worker edits a
 * card only when its content changed, and a click that replaced a card can say so. A card's id is its
 * platform, tenant, conversation and message id. The cards of a watched task and everything else about
 * the watch are the jobs layer's (src/jobs/watch-state.ts), which reads and writes these hashes too.
 */

import type { MessageRef } from '../notifications/message.js';
import { type StoreKeys, seg, storeKeys } from './keys.js';
import type { RedisConnection } from './redis.js';
import { assertPrefix, type StoreOptions } from './types.js';

/** Default lifetime of what a card shows (Feishu's 14-day edit window). */
export const MESSAGE_REF_TTL_MS = 14 * 24 * 3600_000;

/** Options of `MessageRefStore`. */
export interface MessageRefStoreOptions extends StoreOptions {
  /** Lifetime of everything this store writes; default 14 days. */
  ttlMs?: number;
}

/** Stable id of a card: its platform, tenant, conversation and message id. */
export function cardIdOf(ref: MessageRef): string {
  return [ref.platform, ref.tenant, ref.conversation, ref.messageId].map(seg).join(':');
}

/** What cards show, by card id. */
export class MessageRefStore {
  readonly #redis: RedisConnection;
  readonly #keys: StoreKeys;
  readonly #ttlMs: number;

  constructor(opts: MessageRefStoreOptions) {
    assertPrefix(opts.prefix);
    this.#redis = opts.redis;
    this.#keys = storeKeys(opts.prefix);
    this.#ttlMs = opts.ttlMs ?? MESSAGE_REF_TTL_MS;
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
