/**
 * Cross-process de-duplication: `claim` drops a platform event seen before (SET NX PX), and the
 * exactly-once lease (`beginOnce` → `completeOnce` | `abortOnce`) guards non-idempotent posts such as a
 * task's final result: `pending` while one process works, `done` once it posted (platforms.md §C.2).
 */
import { randomBytes } from 'node:crypto';
import { type StoreKeys, storeKeys } from './keys.js';
import { LuaScript } from './lua.js';
import type { RedisConnection } from './redis.js';
import { assertPrefix, type StoreOptions } from './types.js';

/** Outcome of `beginOnce`. */
export type OnceState = 'acquired' | 'done' | 'busy';

// Atomic: take the lease or report who holds the key, with no gap for it to expire in between.
const BEGIN_ONCE = new LuaScript(`
if redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return 'acquired' end
if redis.call('GET', KEYS[1]) == 'done' then return 'done' end
return 'busy'
`);

// Drop a pending lease (ours when we know our lease value); never undo a 'done'.
const ABORT_ONCE = new LuaScript(`
local v = redis.call('GET', KEYS[1])
if not v or v == 'done' then return 0 end
if ARGV[1] ~= '' and v ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])
`);

/** Event de-duplication and exactly-once leases. */
export class DedupeStore {
  readonly #redis: RedisConnection;
  readonly #keys: StoreKeys;
  /** Lease values this process holds, so an abort never drops another process's newer lease. */
  readonly #leases = new Map<string, string>();

  constructor(opts: StoreOptions) {
    assertPrefix(opts.prefix);
    this.#redis = opts.redis;
    this.#keys = storeKeys(opts.prefix);
  }

  /** Claims `key` for `ttlMs`; true for the first caller only (across every process). */
  async claim(key: string, ttlMs: number): Promise<boolean> {
    return (await this.#redis.set(this.#keys.dedupe(key), '1', 'PX', ttlMs, 'NX')) === 'OK';
  }

  /** True while `key` is claimed. */
  async isClaimed(key: string): Promise<boolean> {
    return (await this.#redis.exists(this.#keys.dedupe(key))) === 1;
  }

  /**
   * Starts an exactly-once action. `acquired`: do it, then `completeOnce` (or `abortOnce` on failure).
   * `done`: someone already did it. `busy`: someone is doing it now; retry later. A lease not completed
   * within `leaseMs` (crashed holder) lapses and can be acquired again.
   */
  async beginOnce(key: string, leaseMs: number): Promise<OnceState> {
    const lease = `pending:${randomBytes(9).toString('base64url')}`;
    const state = (await BEGIN_ONCE.run(this.#redis, [this.#keys.once(key)], [lease, leaseMs])) as OnceState;
    if (state === 'acquired') this.#leases.set(key, lease);
    return state;
  }

  /** Marks the action done for `ttlMs`; later `beginOnce` calls answer `done`. */
  async completeOnce(key: string, ttlMs: number): Promise<void> {
    this.#leases.delete(key);
    await this.#redis.set(this.#keys.once(key), 'done', 'PX', ttlMs);
  }

  /** Gives the lease back after a failure so another attempt can acquire it. Never undoes `done`. */
  async abortOnce(key: string): Promise<void> {
    const lease = this.#leases.get(key) ?? '';
    this.#leases.delete(key);
    await ABORT_ONCE.run(this.#redis, [this.#keys.once(key)], [lease]);
  }
}
