/**
 * What the bot has learned about the Zadig server it talks to: today its version, which Zadig states
 * only in the User-Agent of the calls it makes (its webhook deliveries). Shared by every process, so a
 * bot that restarts, or a worker that never sees a delivery, still knows it.
 */

import { type StoreKeys, storeKeys } from './keys.js';
import type { RedisConnection } from './redis.js';
import { assertPrefix, type StoreOptions } from './types.js';

/** The Zadig version last announced, and when (epoch ms). */
export interface ZadigServerVersion {
  version: string;
  seenAt: number;
}

/** The learned facts about the Zadig server. */
export class ZadigServerStore {
  readonly #redis: RedisConnection;
  readonly #keys: StoreKeys;

  constructor(opts: StoreOptions) {
    assertPrefix(opts.prefix);
    this.#redis = opts.redis;
    this.#keys = storeKeys(opts.prefix);
  }

  /** Records the version Zadig announced; true when it differs from the one stored before. */
  async recordVersion(version: string, seenAt: number): Promise<boolean> {
    const key = this.#keys.zadigServer;
    const replies = await this.#redis
      .multi()
      .hget(key, 'version')
      .hset(key, 'version', version, 'seenAt', String(seenAt))
      .exec();
    return replies?.[0]?.[1] !== version;
  }

  /** The version Zadig last announced, or null when none has been seen. */
  async version(): Promise<ZadigServerVersion | null> {
    const h = await this.#redis.hgetall(this.#keys.zadigServer);
    if (!h.version) return null;
    return { version: h.version, seenAt: Number(h.seenAt) || 0 };
  }
}
