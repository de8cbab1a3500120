/**
 * The task watcher: one BullMQ job per watched task that polls once per run and re-delays itself
 * (`moveToDelayed` + `DelayedError`, which uses no attempts). Each run: subscription fan-out, card
 * edits when the rendered content changed, approval cards, and on a terminal status the final reply,
 * exactly once. A deadline, or Zadig answering 404/403, ends the watch with a note on the cards; Zadig
 * outages back off exponentially (capped) and resume.
 *
 * A run reads what it needs from Redis in one round trip (poll-read.ts) and saves its data with the move
 * back to sleep. When neither the task's state digest nor what it read from Redis changed since a run
 * that had nothing to do, it has nothing to do either and renders nothing: a quiet poll costs one Zadig
 * call and two Redis calls of its own.
 */
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import { waitingApproval } from '../notifications/views/index.js';
import { isTerminal, isZadigError, type TaskDetail } from '../zadig/index.js';
import { announce } from './announce.js';
import { syncApprovals } from './approvals.js';
import { loadStarters, messageHash, refOf, renderTaskCard, syncCards } from './cards.js';
import type { JobsContext } from './context.js';
import { postFinals } from './finals.js';
import { type StopReason, stopNote, stoppedMessage, withNote } from './notes.js';
import type { SeenInfo } from './outbox.js';
import { fingerprintOf, readPoll } from './poll-read.js';
import { fetchTask, stateDigest } from './task-source.js';
import { parseWatchData, type WatchJobData } from './watch-data.js';

function isRateLimited(e: unknown): e is { retryAfterMs: number } {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'CHAT_RATE_LIMITED';
}

function isRetryableChat(e: unknown): boolean {
  return e instanceof Error && e.name === 'ChatApiError' && (e as { retryable?: boolean }).retryable === true;
}

interface DelayingBackend {
  moveToDelayed(
    jobId: string,
    timestamp: number,
    delay: number,
    token: string | undefined,
    opts: { skipAttempt: boolean; fieldsToUpdate: Record<string, string> },
  ): Promise<unknown>;
}

/**
 * Saves the data and puts the job back to sleep for `delayMs` in one Redis call (BullMQ's moveToDelayed
 * script takes the job fields to update along; `Job.moveToDelayed` does not expose that, so this goes
 * through the job's backend, and falls back to two calls when there is none). Always throws
 * DelayedError. A webhook push that finds the job active wakes it once it sleeps (watch-start.ts).
 */
async function sleep(
  job: Job<WatchJobData>,
  token: string | undefined,
  data: WatchJobData,
  delayMs: number,
): Promise<never> {
  const wait = Math.max(1, Math.round(delayMs));
  const saved: WatchJobData = { ...data, dueAt: Date.now() + wait };
  const backend = (job as unknown as { backend?: Partial<DelayingBackend> }).backend;
  if (job.id !== undefined && typeof backend?.moveToDelayed === 'function') {
    await (backend as DelayingBackend).moveToDelayed(job.id, Date.now(), wait, token, {
      skipAttempt: true,
      fieldsToUpdate: { data: JSON.stringify(saved) },
    });
  } else {
    await job.updateData(saved);
    await job.moveToDelayed(Date.now() + wait, token);
  }
  throw delayed();
}

/** BullMQ's "moved to delayed" signal. It is thrown every poll and never logged: no stack trace. */
function delayed(): DelayedError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new DelayedError();
  } finally {
    Error.stackTraceLimit = limit;
  }
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
    const log = () => ctx.log.child({ jobId: job.id, taskKey: w.taskKey });
    if (w.dueAt !== undefined) {
      ctx.metrics?.queueLag.observe({ queue: 'watch' }, Math.max(0, Date.now() - w.dueAt) / 1000);
    }
    // Read before Zadig: a push consumed here was sent after its change, so the poll below sees it.
    const read = await readPoll(ctx, w);
    const now = ctx.now();

    let task: TaskDetail;
    try {
      task = await fetchTask(ctx.zadig, w);
    } catch (err) {
      if (isZadigError(err) && (err.code === 'ZADIG_NOT_FOUND' || err.code === 'ZADIG_FORBIDDEN')) {
        log().warn({ code: err.code }, 'watched task is gone or forbidden; watch ended');
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
      log().warn({ code: err.code, errors, waitMs: wait }, 'Zadig poll failed; backing off');
      return sleep(job, token, { ...w, errors }, wait);
    }

    if (now > w.deadline && !isTerminal(task.status)) {
      log().info('watch deadline reached');
      await stopWatching(ctx, w, 'deadline', task);
      return undefined;
    }

    const sig = stateDigest(task);
    const fingerprint = fingerprintOf(read);
    if (
      sig === w.sig &&
      read.pokedAt === undefined &&
      fingerprint !== undefined &&
      fingerprint === w.quiet &&
      !isTerminal(task.status) &&
      !waitingApproval(task)
    ) {
      // Same task state, same cards showing the same thing: this poll has nothing to do.
      return sleep(job, token, w.errors === 0 ? w : { ...w, errors: 0 }, ctx.pollIntervalMs);
    }

    const pushedAt = read.pokedAt;
    const seen: SeenInfo | undefined =
      sig === w.sig ? undefined : { at: pushedAt ?? now, path: pushedAt !== undefined ? 'webhook' : 'poll' };
    const { quiet: _quiet, ...rest } = w;
    const next: WatchJobData = {
      ...rest,
      errors: 0,
      sig,
      ...(seen ? { seenAt: seen.at, path: seen.path } : {}),
      ...(read.follow !== 'none' ? { followed: true } : {}),
    };

    try {
      let cards = read.cards;
      let changes = 0;
      if (read.follow !== 'none') {
        const added = await announce(ctx, w, task, cards, read.follow === 'new');
        if (added.length > 0 || read.follow === 'new') changes++;
        cards = [...cards, ...added];
      }
      const starters = read.starters;
      changes += await syncCards(
        ctx,
        cards,
        (c) => renderTaskCard(ctx, task, c, starters.get(c.cardId)),
        seen,
        read.rendered,
      );
      changes += await syncApprovals(ctx, w, task, cards, seen, {
        records: read.approvals,
        rendered: read.rendered,
      });
      if (isTerminal(task.status)) {
        if ((await postFinals(ctx, w, task, cards, starters)) === 'busy') {
          return sleep(job, token, next, ctx.pollIntervalMs);
        }
        await endWatch(ctx, w);
        log().debug({ status: task.status }, 'task finished; watch ended');
        return { status: task.status };
      }
      next.cardIds = [...new Set([...cards.map((c) => c.cardId), ...Object.keys(read.approvals)])];
      // A poll that changed nothing (and waits for no approval, whose DMs depend on more than Redis
      // shows here) lets the next ones skip the work while nothing changes.
      if (changes === 0 && !waitingApproval(task)) {
        const quiet = fingerprintOf(read);
        if (quiet !== undefined) next.quiet = quiet;
      }
    } catch (err) {
      if (isRateLimited(err)) return sleep(job, token, next, err.retryAfterMs);
      if (isRetryableChat(err)) {
        log().warn({ err }, 'chat post failed; retrying at the next poll');
        return sleep(job, token, next, ctx.pollIntervalMs);
      }
      throw err;
    }
    return sleep(job, token, next, ctx.pollIntervalMs);
  };
}
