/**
 * The final result: one thread reply per card, posted exactly once across every worker process
 * (post-once.ts; the same idempotency key makes a retried Feishu post a no-op server-side). Failures
 * carry the failing job's error and the tail of its log.
 */
import { failingJobOf, taskFinalMessage } from '../notifications/views/index.js';
import type { TaskDetail } from '../zadig/index.js';
import { renderQualityCard, startedByOf } from './cards.js';
import { type JobsContext, viewCtx } from './context.js';
import { shortHash } from './keys.js';
import { onceDeps, postOnce } from './post-once.js';
import { logTail } from './task-source.js';
import type { WatchJobData } from './watch-data.js';
import type { Starter, StoredCard } from './watch-state.js';

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
  const readTail = async (): Promise<string[]> => {
    if (!failing || w.kind !== 'workflow') return [];
    tail ??= await logTail(ctx.zadig, task, failing).catch((err: unknown) => {
      ctx.log.warn(
        { err, taskKey: w.taskKey },
        'could not read the failing job log; final posted without it',
      );
      return [];
    });
    return tail;
  };
  let busy = false;
  for (const card of cards) {
    const notifier = ctx.notifiers[card.platform];
    if (!notifier) {
      ctx.log.warn(
        { platform: card.platform, taskKey: w.taskKey },
        'no notifier for platform; final skipped',
      );
      continue;
    }
    const key = `final:${w.taskKey}:${run}:${card.cardId}`;
    const outcome = await postOnce(onceDeps(ctx), {
      key,
      about: { taskKey: w.taskKey, cardId: card.cardId },
      post: async () => {
        const lines = await readTail();
        const s = starters.get(card.cardId);
        const startedBy = startedByOf(s, true) ?? (task.creator ? { name: task.creator } : undefined);
        const msg =
          renderQualityCard(ctx, task, card, startedBy) ??
          taskFinalMessage(task, {
            ...viewCtx(ctx, card.locale),
            ...(startedBy ? { startedBy } : {}),
            ...(lines.length > 0 ? { logTail: lines } : {}),
          });
        return notifier.post(
          { tenant: card.tenant, conversation: card.conversation, threadId: card.threadId ?? card.messageId },
          msg,
          { idempotencyKey: `final-${shortHash(key)}` },
        );
      },
    });
    if (outcome === 'busy') busy = true;
  }
  return busy ? 'busy' : 'done';
}
