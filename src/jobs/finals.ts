/**
 * The final result: one thread reply per card, posted exactly once across every worker process
 * (dedupe lease `beginOnce` → post → `completeOnce`; the same idempotency key makes a retried Feishu
 * post a no-op server-side). Failures carry the failing job's error and the tail of its log.
 */
import { failingJobOf, taskFinalMessage } from '../notifications/views/index.js';
import type { StoredCard } from '../store/index.js';
import type { TaskDetail } from '../zadig/index.js';
import { renderQualityCard, type Starter, startedByOf } from './cards.js';
import { type JobsContext, viewCtx } from './context.js';
import { digest } from './keys.js';
import { logTail } from './task-source.js';
import type { WatchJobData } from './watch-data.js';

/** How long "this final was posted" is remembered. */
export const ONCE_DONE_TTL_MS = 7 * 24 * 3600_000;

/** A chat API failure that retrying will not fix (channel gone, bot removed…). */
export function isPermanentChatError(err: unknown): boolean {
  return err instanceof Error && err.name === 'ChatApiError' && !(err as { retryable?: boolean }).retryable;
}

/**
 * Posts the final reply under every card that has not had it for this run of the task.
 * @returns 'busy' when another process holds a card's lease right now (try again shortly).
 */
export async function postFinals(
  ctx: JobsContext,
  w: WatchJobData,
  task: TaskDetail,
  cards: StoredCard[],
  starters: Map<string, Starter>,
): Promise<'done' | 'busy'> {
  // A retried task keeps its id; its start/end times tell one run's final from the next.
  const run = `${task.startTime}.${task.endTime}`;
  const failing = task.status === 'failed' || task.status === 'timeout' ? failingJobOf(task) : null;
  let tail: string[] | undefined;
  let busy = false;
  for (const card of cards) {
    const key = `final:${w.taskKey}:${run}:${card.cardId}`;
    let posted = false;
    const state = await ctx.stores.dedupe.beginOnce(key, ctx.tuning.onceLeaseMs);
    if (state === 'done') continue;
    if (state === 'busy') {
      busy = true;
      continue;
    }
    try {
      const notifier = ctx.notifiers[card.platform];
      if (!notifier) {
        ctx.log.warn(
          { platform: card.platform, taskKey: w.taskKey },
          'no notifier for platform; final skipped',
        );
        await ctx.stores.dedupe.completeOnce(key, ONCE_DONE_TTL_MS);
        continue;
      }
      if (failing && tail === undefined) {
        tail =
          w.kind === 'workflow'
            ? await logTail(ctx.zadig, task, failing).catch((err: unknown) => {
                ctx.log.warn({ err, taskKey: w.taskKey }, 'could not read the failing job log');
                return [];
              })
            : [];
      }
      const s = starters.get(card.cardId);
      const startedBy = startedByOf(s, true) ?? (task.creator ? { name: task.creator } : undefined);
      const msg =
        renderQualityCard(ctx, task, card, startedBy) ??
        taskFinalMessage(task, {
          ...viewCtx(ctx, card.locale),
          ...(startedBy ? { startedBy } : {}),
          ...(tail && tail.length > 0 ? { logTail: tail } : {}),
        });
      await notifier.post(
        { tenant: card.tenant, conversation: card.conversation, threadId: card.threadId ?? card.messageId },
        msg,
        { idempotencyKey: `final-${digest(key)}` },
      );
      posted = true;
      await ctx.stores.dedupe.completeOnce(key, ONCE_DONE_TTL_MS);
    } catch (err) {
      if (posted) {
        // The final is out; only recording it failed (a Redis blip). Dropping the lease would let the next
        // attempt post it again, so keep the lease (it marks the final as in hand) and try once more.
        await ctx.stores.dedupe.completeOnce(key, ONCE_DONE_TTL_MS).catch((e: unknown) => {
          ctx.log.warn({ err: e, taskKey: w.taskKey, cardId: card.cardId }, 'final posted but not recorded');
        });
        continue;
      }
      if (isPermanentChatError(err)) {
        ctx.log.warn(
          { err, taskKey: w.taskKey, cardId: card.cardId },
          'final post refused; giving up on this card',
        );
        await ctx.stores.dedupe.completeOnce(key, ONCE_DONE_TTL_MS);
        continue;
      }
      await ctx.stores.dedupe.abortOnce(key);
      throw err;
    }
  }
  return busy ? 'busy' : 'done';
}
