/**
 * Channel bindings: a channel's default project (and env), so members can type `run deploy` without
 * `--project`. One Redis hash per scope, field = conversation.
 */

import { type StoreKeys, storeKeys } from './keys.js';
import type { RedisConnection } from './redis.js';
import { assertPrefix, type Scope, type StoreOptions } from './types.js';

/** A channel's defaults. */
export interface Binding {
  projectKey: string;
  env?: string;
  /** Chat user id of who bound it. */
  boundBy: string;
  /** Epoch milliseconds. */
  boundAt: number;
}

/** A binding with the channel it belongs to. */
export interface ChannelBinding {
  conversation: string;
  binding: Binding;
}

/** Channel bindings per (scope, conversation). */
export class BindingStore {
  readonly #redis: RedisConnection;
  readonly #keys: StoreKeys;

  constructor(opts: StoreOptions) {
    assertPrefix(opts.prefix);
    this.#redis = opts.redis;
    this.#keys = storeKeys(opts.prefix);
  }

  /** Binds (or re-binds) a channel. */
  async set(scope: Scope, conversation: string, binding: Binding): Promise<void> {
    await this.#redis.hset(this.#keys.bindings(scope), conversation, JSON.stringify(toBinding(binding)));
  }

  /** The channel's binding, or null. */
  async get(scope: Scope, conversation: string): Promise<Binding | null> {
    const raw = await this.#redis.hget(this.#keys.bindings(scope), conversation);
    return raw === null ? null : toBinding(JSON.parse(raw));
  }

  /** Removes the channel's binding; false when there was none. */
  async remove(scope: Scope, conversation: string): Promise<boolean> {
    return (await this.#redis.hdel(this.#keys.bindings(scope), conversation)) === 1;
  }

  /** Every bound channel of a scope, sorted by conversation id. */
  async list(scope: Scope): Promise<ChannelBinding[]> {
    const all = await this.#redis.hgetall(this.#keys.bindings(scope));
    return Object.entries(all)
      .map(([conversation, raw]) => ({ conversation, binding: toBinding(JSON.parse(raw)) }))
      .sort((a, b) => (a.conversation < b.conversation ? -1 : a.conversation > b.conversation ? 1 : 0));
  }
}

/** Keeps only known fields, so stray properties never end up in Redis or back out of it. */
function toBinding(b: Binding): Binding {
  return {
    projectKey: b.projectKey,
    ...(b.env ? { env: b.env } : {}),
    boundBy: b.boundBy,
    boundAt: b.boundAt,
  };
}
