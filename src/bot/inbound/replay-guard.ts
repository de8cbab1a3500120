/**
 * Replay-proof inbound requests: a signed request is accepted once for as long as its signature is
 * valid. A captured request (a signed Slack click, an encrypted Feishu card action) sent again is
 * answered 200 and runs nothing — whatever the short double-click windows of the delivery identities
 * say. What is remembered is a hash of the signature (Slack's `v0` HMAC covers the timestamp and the
 * body; Feishu's covers timestamp, nonce and body) plus, for Feishu card actions, the event id and the
 * card action token; each in Redis (`SET NX PX` through the dedupe store) so every replica agrees.
 *
 * How long: until the signature can no longer pass the timestamp check — the request's timestamp plus
 * the accepted skew, from now — so a replay inside the window finds the key and one after it fails the
 * signature check instead. Redis unavailable: the caller goes on, because every command's own dedupe
 * claim needs Redis as well — nothing runs, and the user is told so with a ref.
 */
import { type DedupeClaim, keyHash } from './delivery-identity.js';

/** Outcome of remembering a request. */
export type ReplayVerdict = 'first' | 'replay' | 'unavailable';

/** How long (ms, at least 1 s) a signature stamped `timestampSec` stays acceptable under `skewMs`. */
export function signatureLifetimeMs(timestampSec: number, skewMs: number, now: number): number {
  return Math.max(1_000, Math.round(timestampSec * 1000 + skewMs - now) + 1_000);
}

/** Remembers signed requests; see the module comment. */
export class ReplayGuard {
  readonly #claims: DedupeClaim;

  constructor(claims: DedupeClaim) {
    this.#claims = claims;
  }

  /**
   * Claims every part of a request's identity (`platform` names the key space). `first` when none was
   * seen before; `replay` when any was — all parts are claimed either way, so a replay that changes one
   * part (a re-signed card action keeps its event id and token) is still caught.
   */
  async remember(
    platform: 'slack' | 'feishu',
    parts: { kind: string; value: string; ttlMs: number }[],
  ): Promise<ReplayVerdict> {
    try {
      const claimed = await Promise.all(
        parts.map((p) =>
          this.#claims.claim(`replay:${platform}:${p.kind}:${keyHash(p.value)}`, Math.max(1_000, p.ttlMs)),
        ),
      );
      return claimed.every(Boolean) ? 'first' : 'replay';
    } catch {
      return 'unavailable';
    }
  }
}
