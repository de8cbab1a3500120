/**
 * The task watcher: one BullMQ job per watched task that polls once per run and re-delays itself
 * (`moveToDelayed` + `DelayedError`, which uses no attempts). Each run: subscription fan-out, card
 * edits when the rendered content changed, approval cards, and on a terminal status the final reply,
 * exactly once. A deadline, or Zadig answering 404/403, ends the watch with a note on the cards; Zadig
 * outages back off exponentially (capped) and resume.
 */
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import { isTerminal, isZadigError, type TaskDetail } from '../zadig/index.js';
import { announce, followState } from './announce.js';
import { syncApprovals } from './approvals.js';
import { loadStarters, messageHash, refOf, renderTaskCard, syncCards } from './cards.js';
import type { JobsContext } from './context.js';
import { postFinals } from './finals.js';
import { type StopReason, stopNote, stoppedMessage, withNote } from './notes.js';
import type { SeenInfo } from './outbox.js';
import { fetchTask, stateDigest } from './task-source.js';
import { parseWatchData, type WatchJobData } from './watch-data.js';

function isRateLimited(e: unknown): e is { retryAfterMs: number } {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'CHAT_RATE_LIMITED';
}

function isRetryableChat(e: unknown): boolean {
  return e instanceof Error && e.name === 'ChatApiError' && (e as { retryable?: boolean }).retryable === true;
}

/** Saves the data and puts the job back to sleep for `delayMs`; always throws DelayedError. */
async function sleep(
  job: Job<WatchJobData>,
  token: string | undefined,
  data: WatchJobData,
  delayMs: number,
): Promise<never> {
  const wait = Math.max(1, Math.round(delayMs));
  await job.updateData({ ...data, dueAt: Date.now() + wait });
  await job.moveToDelayed(Date.now() + wait, token);
  throw new DelayedError();
}

/** Forgets everything about a watch that ended. Card edits already queued still go out. */
export async function endWatch(ctx: JobsContext, w: Pick<WatchJobData, 'taskKey'>): Promise<void> {
  await ctx.stores.watches.remove(w.taskKey);
  await ctx.redis
    .multi()
    .hdel(ctx.keys.follow, w.taskKey)
    .del(ctx.keys.starters(w.taskKey), ctx.keys.approvals(w.taskKey), ctx.keys.poke(w.taskKey))
    .exec();
  await ctx.stores.messageRefs.removeTask(w.taskKey);
}

/** Edits every card with why watching stopped, then ends the watch. */
export async function stopWatching(ctx: JobsContext, w: WatchJobData, reason: StopReason, task?: TaskDetail) {
  const note = stopNote(reason, ctx.watchDeadlineMs);
  const cards = await ctx.stores.messageRefs.cards(w.taskKey);
  const starters = task ? await loadStarters(ctx, w.taskKey) : new Map();
  for (const card of cards) {
    const msg = task
      ? withNote(renderTaskCard(ctx, task, card, starters.get(card.cardId)), note)
      : stoppedMessage(w, note);
    await ctx.outbox.enqueue(card.cardId, refOf(card), msg);
    await ctx.stores.messageRefs.setLastRendered(card.cardId, messageHash(msg));
  }
  await endWatch(ctx, w);
}

/** The watch queue's processor. */
export function watchProcessor(ctx: JobsContext) {
  return async (job: Job<WatchJobData>, token?: string): Promise<{ status: string } | undefined> => {
    const w = parseWatchData(job.data);
    const log = ctx.log.child({ jobId: job.id, taskKey: w.taskKey });
    if (w.dueAt !== undefined) {
      ctx.metrics?.queueLag.observe({ queue: 'watch' }, Math.max(0, Date.now() - w.dueAt) / 1000);
    }
    const poked = await ctx.redis.getdel(ctx.keys.poke(w.taskKey));
    const now = ctx.now();

    let task: TaskDetail;
    try {
      task = await fetchTask(ctx.zadig, w);
    } catch (err) {
      if (isZadigError(err) && (err.code === 'ZADIG_NOT_FOUND' || err.code === 'ZADIG_FORBIDDEN')) {
        log.warn({ code: err.code }, 'watched task is gone or forbidden; watch ended');
        await stopWatching(ctx, w, err.code === 'ZADIG_NOT_FOUND' ? 'not_found' : 'forbidden');
        throw new UnrecoverableError(`stopped watching ${w.taskKey}: ${err.code}`);
      }
      if (!isZadigError(err)) throw err;
      if (now > w.deadline) {
        await stopWatching(ctx, w, 'deadline');
        return undefined;
      }
      const errors = w.errors + 1;
      const wait = Math.min(ctx.pollIntervalMs * 2 ** errors, ctx.tuning.maxBackoffMs);
      log.warn({ code: err.code, errors, waitMs: wait }, 'Zadig poll failed; backing off');
      return sleep(job, token, { ...w, errors }, wait);
    }

    if (now > w.deadline && !isTerminal(task.status)) {
      log.info('watch deadline reached');
      await stopWatching(ctx, w, 'deadline', task);
      return undefined;
    }

    const sig = stateDigest(task);
    const pushedAt = poked !== null ? Number(poked) : undefined;
    const seen: SeenInfo | undefined =
      sig === w.sig ? undefined : { at: pushedAt ?? now, path: pushedAt !== undefined ? 'webhook' : 'poll' };
    const next: WatchJobData = {
      ...w,
      errors: 0,
      sig,
      ...(seen ? { seenAt: seen.at, path: seen.path } : {}),
    };

    try {
      let cards = await ctx.stores.messageRefs.cards(w.taskKey);
      const follow = await followState(ctx, w.taskKey);
      if (follow !== 'none') cards = [...cards, ...(await announce(ctx, w, task, cards, follow === 'new'))];
      const starters = await loadStarters(ctx, w.taskKey);
      await syncCards(ctx, cards, (c) => renderTaskCard(ctx, task, c, starters.get(c.cardId)), seen);
      await syncApprovals(ctx, w, task, cards, seen);
      if (isTerminal(task.status)) {
        if ((await postFinals(ctx, w, task, cards, starters)) === 'busy') {
          return sleep(job, token, next, ctx.pollIntervalMs);
        }
        await endWatch(ctx, w);
        log.debug({ status: task.status }, 'task finished; watch ended');
        return { status: task.status };
      }
    } catch (err) {
      if (isRateLimited(err)) return sleep(job, token, next, err.retryAfterMs);
      if (isRetryableChat(err)) {
        log.warn({ err }, 'chat post failed; retrying at the next poll');
        return sleep(job, token, next, ctx.pollIntervalMs);
      }
      throw err;
    }
    const again = (await ctx.redis.exists(ctx.keys.poke(w.taskKey))) === 1;
    return sleep(job, token, next, again ? 0 : ctx.pollIntervalMs);
  };
}
