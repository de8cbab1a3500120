/**
 * Builds every Redis-backed store for one prefix, and re-exports their types.
 */

import { AuditStore } from './audit-store.js';
import { BindingStore } from './binding-store.js';
import { Cache } from './cache.js';
import { DedupeStore } from './dedupe-store.js';
import { IdentityStore } from './identity-store.js';
import { MessageRefStore } from './message-ref-store.js';
import { NonceStore } from './nonce-store.js';
import { PreferenceStore } from './preferences.js';
import type { RedisConnection } from './redis.js';
import type { SecretBox } from './secret-box.js';
import { SubscriptionStore } from './subscription-store.js';
import { ZadigServerStore } from './zadig-server-store.js';

export * from './audit-store.js';
export * from './binding-store.js';
export * from './cache.js';
export * from './dedupe-store.js';
export * from './identity-store.js';
export { STORE_AREAS, storeKeys } from './keys.js';
export * from './message-ref-store.js';
export * from './nonce-store.js';
export * from './preferences.js';
export * from './redis.js';
export * from './secret-box.js';
export * from './subscription-store.js';
export type { Scope, StoreOptions } from './types.js';
export * from './zadig-server-store.js';

/** Every store, sharing one Redis client and prefix. */
export interface Stores {
  identities: IdentityStore;
  bindings: BindingStore;
  subscriptions: SubscriptionStore;
  messageRefs: MessageRefStore;
  dedupe: DedupeStore;
  nonces: NonceStore;
  audit: AuditStore;
  cache: Cache;
  preferences: PreferenceStore;
  zadigServer: ZadigServerStore;
}

/** What `createStores` needs. */
export interface CreateStoresOptions {
  redis: RedisConnection;
  prefix: string;
  secretBox: SecretBox;
  /** Audit stream cap; default 10 000. */
  auditMaxLen?: number;
  /** Lifetime of what a card shows; default 14 days. */
  messageRefTtlMs?: number;
}

/** Builds all stores over one client and prefix. */
export function createStores(opts: CreateStoresOptions): Stores {
  const base = { redis: opts.redis, prefix: opts.prefix };
  return {
    identities: new IdentityStore({ ...base, secretBox: opts.secretBox }),
    bindings: new BindingStore(base),
    subscriptions: new SubscriptionStore(base),
    messageRefs: new MessageRefStore({
      ...base,
      ...(opts.messageRefTtlMs !== undefined ? { ttlMs: opts.messageRefTtlMs } : {}),
    }),
    dedupe: new DedupeStore(base),
    nonces: new NonceStore(base),
    audit: new AuditStore({
      ...base,
      ...(opts.auditMaxLen !== undefined ? { maxLen: opts.auditMaxLen } : {}),
    }),
    cache: new Cache(base),
    preferences: new PreferenceStore(base),
    zadigServer: new ZadigServerStore(base),
  };
}
