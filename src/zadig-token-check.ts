/**
 * The bot's own Zadig token, checked at start: one cheap read (`GET /openapi/projects/project`, which
 * every valid token may make) says whether Zadig accepts it. Accepted: an info line naming the Zadig user
 * it belongs to. Rejected (401/403): an error line naming ZADIG_TOKEN, and readiness stays false with the
 * reason until Zadig accepts it (re-checked at most every `recheckMs` while readiness is asked). Zadig
 * unreachable: a warning; readiness is not held back by that (Zadig being down is not the bot's fault,
 * and every command already says "Zadig is unavailable").
 */
import type { Logger } from './logger.js';
import type { ZadigClient } from './zadig/api.js';
import { isZadigError } from './zadig/errors.js';
import { decodeTokenClaims } from './zadig/index.js';

/** What readiness reads. */
export interface ZadigTokenCheck {
  /** Runs the first check (never throws). */
  start(): Promise<void>;
  /** False only while Zadig rejects the token. */
  ok(): boolean;
  /** Why it is not ok (or that Zadig could not be reached), for /readyz. */
  detail(): string | undefined;
}

export interface ZadigTokenCheckOptions {
  zadig: Pick<ZadigClient, 'listProjects'>;
  token: string;
  zadigUrl: string;
  logger: Logger;
  now?: () => number;
  recheckMs?: number;
}

export function createZadigTokenCheck(o: ZadigTokenCheckOptions): ZadigTokenCheck {
  const now = o.now ?? Date.now;
  const recheckMs = o.recheckMs ?? 30_000;
  const claims = decodeTokenClaims(o.token);
  const who = { account: claims?.account ?? '', name: claims?.name ?? '' };
  let state: 'unknown' | 'accepted' | 'rejected' | 'unreachable' = 'unknown';
  let reason: string | undefined;
  let checkedAt = 0;
  let running: Promise<void> | undefined;

  const check = (): Promise<void> => {
    running ??= (async () => {
      checkedAt = now();
      const before = state;
      try {
        await o.zadig.listProjects({ pageNum: 1, pageSize: 1 });
        state = 'accepted';
        reason = undefined;
        if (before !== 'accepted') o.logger.info({ zadigUrl: o.zadigUrl, ...who }, 'zadig token accepted');
      } catch (e) {
        if (isZadigError(e) && (e.code === 'ZADIG_UNAUTHORIZED' || e.code === 'ZADIG_FORBIDDEN')) {
          state = 'rejected';
          reason = `Zadig at ${o.zadigUrl} rejected ZADIG_TOKEN (HTTP ${e.status ?? '?'}): give the bot its own user's API token (docs/zadig-account.md)`;
          if (before !== 'rejected') o.logger.error({ zadigUrl: o.zadigUrl, status: e.status }, reason);
        } else {
          state = 'unreachable';
          reason = `Zadig at ${o.zadigUrl} could not be reached to check ZADIG_TOKEN: ${e instanceof Error ? e.message : String(e)}`;
          if (before !== 'unreachable') o.logger.warn({ zadigUrl: o.zadigUrl }, reason);
        }
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  return {
    start: () => check(),
    ok() {
      if (state !== 'accepted' && now() - checkedAt >= recheckMs) void check();
      return state !== 'rejected';
    },
    detail: () => reason,
  };
}
