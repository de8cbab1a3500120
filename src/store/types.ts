/**
 * Shapes shared by every Redis-backed store: who a chat user or channel is, and what a store needs.
 */

import type { Platform } from '../notifications/message.js';
import type { RedisConnection } from './redis.js';

/** A chat workspace: Slack team, Feishu tenant, or `local` for the console. */
export interface Scope {
  platform: Platform;
  tenant: string;
}

/** What every store is built from. Nothing global: two stores with different prefixes never meet. */
export interface StoreOptions {
  /** A connected ioredis client (role `client`, see `createRedis`). */
  redis: RedisConnection;
  /** Key prefix, e.g. `zbot`, or `{zbot}` so every key hashes to one Redis Cluster slot. */
  prefix: string;
}

/** Throws early on a prefix that would scatter or collide keys. */
export function assertPrefix(prefix: string): void {
  if (prefix.length === 0 || prefix.endsWith(':')) {
    throw new TypeError('store prefix must be non-empty and must not end with ":"');
  }
}
