/**
 * Posting exactly once across every worker process: the final result, a subscription card, an approval
 * card or DM, a release-plan announcement. A lease (`DedupeStore.beginOnce`) is taken per key, the post
 * is made, its bookkeeping recorded, and the lease marked done (kept 7 days). A post that failed gives
 * the lease back so a later poll tries again; one the platform refuses for good is marked done (retrying
 * cannot help). Once the platform has the message, it is never posted again: if recording it fails, the
 * lease is still marked done and the failure logged and rethrown.
 */
import type { Logger } from 'pino';
import type { DedupeStore } from '../store/index.js';
import { isPermanentChatError } from './chat-errors.js';
import type { JobsContext } from './context.js';

/** How long "this was posted" is remembered. */
export const ONCE_DONE_TTL_MS = 7 * 24 * 3600_000;

/** What happened to one exactly-once post. */
export type OnceOutcome =
  /** This call posted it. */
  | 'posted'
  /** It was posted (or given up) before. */
  | 'done'
  /** Another process is posting it right now: try again shortly. */
  | 'busy'
  /** The platform refused it for good; it will not be tried again. */
  | 'refused';

/** What `postOnce` needs: the lease store, its lease time and a logger. */
export interface OnceDeps {
  dedupe: DedupeStore;
  leaseMs: number;
  log: Logger;
}

/** One post to make exactly once. */
export interface OncePost<T> {
  /** The exactly-once key (what is posted where, for which run). */
  key: string;
  /** The platform call; its idempotency key should derive from `key` (Feishu then drops a repeat). */
  post: () => Promise<T>;
  /** Bookkeeping of the posted message (its ref, what it shows), before the lease is marked done. */
  record?: (posted: T) => Promise<void>;
  /** Fields for the log lines (never a secret). */
  about?: Record<string, unknown>;
}

/** Posts `p` unless it was posted before; see OnceOutcome. Rethrows a post that may succeed later. */
export async function postOnce<T>(deps: OnceDeps, p: OncePost<T>): Promise<OnceOutcome> {
  const state = await deps.dedupe.beginOnce(p.key, deps.leaseMs);
  if (state !== 'acquired') return state;
  let posted: T;
  try {
    posted = await p.post();
  } catch (err) {
    if (isPermanentChatError(err)) {
      deps.log.warn({ err, key: p.key, ...p.about }, 'post refused by the chat platform; not retrying');
      await deps.dedupe.completeOnce(p.key, ONCE_DONE_TTL_MS);
      return 'refused';
    }
    await deps.dedupe.abortOnce(p.key).catch((e: unknown) => {
      // The lease lapses by itself after leaseMs; the post's own failure is what the caller must see.
      deps.log.warn({ err: e, key: p.key }, 'could not give back an exactly-once lease');
    });
    throw err;
  }
  try {
    await p.record?.(posted);
  } catch (err) {
    deps.log.error({ err, key: p.key, ...p.about }, 'posted, but not recorded; it will not be posted again');
    await complete(deps, p);
    throw err;
  }
  await complete(deps, p);
  return 'posted';
}

/**
 * Marks the post done, with one more try on failure. If Redis refuses both, the lease stays pending
 * and lapses after leaseMs; the message is out, so the caller is not failed for it.
 */
async function complete(deps: OnceDeps, p: { key: string; about?: Record<string, unknown> }): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await deps.dedupe.completeOnce(p.key, ONCE_DONE_TTL_MS);
      return;
    } catch (err) {
      if (attempt >= 2) {
        deps.log.error({ err, key: p.key, ...p.about }, 'posted, but not marked as posted');
        return;
      }
      deps.log.warn({ err, key: p.key }, 'could not mark a post as posted; trying once more');
    }
  }
}

/** The exactly-once dependencies of the jobs layer. */
export function onceDeps(ctx: Pick<JobsContext, 'stores' | 'tuning' | 'log'>): OnceDeps {
  return { dedupe: ctx.stores.dedupe, leaseMs: ctx.tuning.onceLeaseMs, log: ctx.log };
}
