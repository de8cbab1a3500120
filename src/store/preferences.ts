/**
 * Per-user preferences; today only the reply language. One hash per scope, field = user id.
 */

import type { Locale } from '../notifications/message.js';
import { type StoreKeys, storeKeys } from './keys.js';
import type { RedisConnection } from './redis.js';
import { assertPrefix, type Scope, type StoreOptions } from './types.js';

/** Per-user locale preference. */
export class PreferenceStore {
  readonly #redis: RedisConnection;
  readonly #keys: StoreKeys;

  constructor(opts: StoreOptions) {
    assertPrefix(opts.prefix);
    this.#redis = opts.redis;
    this.#keys = storeKeys(opts.prefix);
  }

  /** The user's chosen locale, or null when they never chose (use the platform's locale then). */
  async get(scope: Scope, userId: string): Promise<Locale | null> {
    const v = await this.#redis.hget(this.#keys.locale(scope), userId);
    return v === 'en' || v === 'zh' ? v : null;
  }

  /** Sets the user's locale; null forgets the choice. */
  async set(scope: Scope, userId: string, locale: Locale | null): Promise<void> {
    if (locale === null) await this.#redis.hdel(this.#keys.locale(scope), userId);
    else await this.#redis.hset(this.#keys.locale(scope), userId, locale);
  }
}
