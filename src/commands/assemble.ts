/**
 * Builds a command core from a Zadig URL and the bot's token, for entry points that may not import
 * src/zadig themselves (src/bot/console: bot/ never talks to Zadig directly). Interactive calls get
 * short timeouts and at most one retry, so a reply always comes within a few seconds.
 */
import type { Logger } from '../logger.js';
import { type Metrics, zadigCallObserver } from '../metrics.js';
import type { DigestStore } from '../store/digest-store.js';
import type { Stores } from '../store/index.js';
import { createZadigClient, decodeTokenClaims, zadigClientFactory } from '../zadig/index.js';
import type { Policy } from './access/policy.js';
import { createCommandCore } from './core.js';
import type { CommandCore } from './types.js';

/** What `assembleCommandCore` needs. */
export interface AssembleOptions {
  zadigUrl: string;
  /** The bot's own token. */
  zadigToken: string;
  /** Zadig UI base for links; default `zadigUrl`. */
  zadigPublicUrl?: string;
  stores: Stores;
  policy: Policy;
  logger: Logger;
  metrics?: Metrics;
  /** Per-request timeout of interactive Zadig calls, default 3000 ms. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  digests?: DigestStore;
  now?: () => number;
}

/** A command core talking to `zadigUrl`. */
export function assembleCommandCore(o: AssembleOptions): CommandCore {
  const clientOpts = {
    baseUrl: o.zadigUrl,
    timeoutMs: o.timeoutMs ?? 3000,
    retries: 1,
    logger: o.logger,
    ...(o.fetch ? { fetch: o.fetch } : {}),
    ...(o.metrics ? { onCall: zadigCallObserver(o.metrics) } : {}),
  };
  return createCommandCore({
    zadig: createZadigClient({ ...clientOpts, token: o.zadigToken }),
    zadigFor: zadigClientFactory(clientOpts),
    stores: o.stores,
    policy: o.policy,
    zadigUrl: o.zadigPublicUrl ?? o.zadigUrl,
    logger: o.logger,
    ...(o.metrics ? { metrics: o.metrics } : {}),
    ...(o.digests ? { digests: o.digests } : {}),
    ...(o.now ? { now: o.now } : {}),
  });
}

/** The Zadig account named in a token, without verifying it (for banners; never logs the token). */
export function tokenAccount(token: string): string | undefined {
  const c = decodeTokenClaims(token);
  return c ? c.account || c.name : undefined;
}
