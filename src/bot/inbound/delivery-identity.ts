/**
 * Inbound event identity: what makes two deliveries "the same" so the second is dropped. Each adapter
 * says it in one place (slack-identity.ts, feishu-identity.ts, console-identity.ts): the platform's
 * event id for pushed events, who + which card + which button for clicks, and so on. Fixes to how a
 * platform identifies a delivery (replays, edited messages, message ids) land there, once.
 *
 * The claim itself is the DedupeStore's `SET NX PX` (shared by every replica), seen through the
 * `DedupeClaim` port so src/bot depends on no store class.
 */
import { createHash } from 'node:crypto';

/** The claim the kit needs from the dedupe store: true for the first caller of `key` within `ttlMs`. */
export interface DedupeClaim {
  claim(key: string, ttlMs: number): Promise<boolean>;
}

/** What dedupes one delivery: its key (built only when the delivery is taken on) and how long it holds. */
export interface DeliveryIdentity {
  /** A function when the key is costly to build (hashing): a refused command never pays for it. */
  key: string | (() => string);
  ttlMs: number;
}

/**
 * Hashes key parts that may hold user text (a slash command can carry a token) before they reach Redis:
 * SHA-256, base64url, 32 characters. Parts are joined with NUL so `a`+`bc` never equals `ab`+`c`.
 */
export function keyHash(...parts: (string | undefined)[]): string {
  return createHash('sha256')
    .update(parts.map((p) => p ?? '').join('\u0000'))
    .digest('base64url')
    .slice(0, 32);
}

/** The identity's key, built now. */
export function keyOf(identity: DeliveryIdentity): string {
  return typeof identity.key === 'string' ? identity.key : identity.key();
}
