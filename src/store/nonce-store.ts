/**
 * One-time confirmation nonces: a risky command (production restart, cancel) is first answered with a
 * confirm button carrying a nonce; the click consumes it exactly once (GETDEL), within its TTL.
 */
import { randomBytes } from 'node:crypto';
import type { Locale } from '../notifications/message.js';
import { type StoreKeys, storeKeys } from './keys.js';
import type { RedisConnection } from './redis.js';
import { assertPrefix, type Scope, type StoreOptions } from './types.js';

/** What a nonce confirms. */
export interface NoncePayload {
  /** The fully resolved command line to run on confirmation. */
  command: string;
  /** Chat user id allowed to confirm. */
  actor: string;
  scope: Scope;
  /** The conversation the confirmation was asked in (the only one it can be confirmed from). */
  conversation?: string;
  /** Fingerprint of exactly what was shown: the confirmed run must resolve to the same. */
  fingerprint?: string;
  /** The language the confirmation was asked in: the confirmed command answers in it. */
  locale?: Locale;
}

/** Default nonce lifetime: five minutes. */
export const NONCE_TTL_MS = 300_000;

// 16 random bytes → 22 url-safe characters (128 bits).
const NONCE_SHAPE = /^n[A-Za-z0-9_-]{22}$/;

/** Creates and consumes one-time nonces. */
export class NonceStore {
  readonly #redis: RedisConnection;
  readonly #keys: StoreKeys;

  constructor(opts: StoreOptions) {
    assertPrefix(opts.prefix);
    this.#redis = opts.redis;
    this.#keys = storeKeys(opts.prefix);
  }

  /** Stores `payload` under a fresh url-safe 128-bit nonce for `ttlMs`. */
  async create(payload: NoncePayload, ttlMs = NONCE_TTL_MS): Promise<string> {
    // Prefixed so a nonce never starts with '-' (the parser would read it as a flag) and reads as one word.
    const nonce = `n${randomBytes(16).toString('base64url')}`;
    const value: NoncePayload = {
      command: payload.command,
      actor: payload.actor,
      scope: { platform: payload.scope.platform, tenant: payload.scope.tenant },
      ...(payload.conversation !== undefined ? { conversation: payload.conversation } : {}),
      ...(payload.fingerprint !== undefined ? { fingerprint: payload.fingerprint } : {}),
      ...(payload.locale !== undefined ? { locale: payload.locale } : {}),
    };
    await this.#redis.set(this.#keys.nonce(nonce), JSON.stringify(value), 'PX', ttlMs);
    return nonce;
  }

  /** The payload, exactly once; null when unknown, expired, already consumed or malformed. */
  async consume(nonce: string): Promise<NoncePayload | null> {
    if (!NONCE_SHAPE.test(nonce)) return null;
    const raw = await this.#redis.getdel(this.#keys.nonce(nonce));
    return raw === null ? null : (JSON.parse(raw) as NoncePayload);
  }
}
