/**
 * The task watcher: one BullMQ job per watched task that polls once per run and goes back to sleep
 * (`Job.moveToDelayed` + `DelayedError`, which uses no attempts). Each run: subscription fan-out, card
 * edits when the rendered content changed, approval cards, and on a terminal status the final reply,
 * exactly once. A deadline, or Zadig answering 404/403, ends the watch with a note on the cards; Zadig
 * outages back off exponentially (capped) and resume. While Zadig's webhook pushes arrive, a quiet task
 * is polled only as a slow backstop and at once on a push (push-health.ts).
 *
 * A run reads what it needs from Redis in one script call (poll-read.ts) and saves what it learned in
 * the job's data only when that changed. When neither the hash of the task's state nor what it read from
 * Redis changed since a run that had nothing to do, it has nothing to do either and renders nothing: a
 * quiet poll costs one Zadig call and two Redis calls of its own (the read, the move back to sleep).
 */
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import { waitingApproval } from '../notifications/views/index.js';
import { isTerminal, isZadigError, type TaskDetail } from '../zadig/index.js';
import { announce } from './announce.js';
import { syncApprovals } from './approvals.js';
import { messageHash, refOf, renderTaskCard, syncCards } from './cards.js';
import { isRateLimited, isRetryableChatError } from './chat-errors.js';
import type { JobsContext } from './context.js';
import { postFinals } from './finals.js';
import { type StopReason, stopNote, stoppedMessage, withNote } from './notes.js';
import type { SeenInfo } from './outbox.js';
import { fingerprintOf, readPoll } from './poll-read.js';
import { fetchTask, taskStateHash } from './task-source.js';
import { parseWatchData, sameWatchData, type WatchJobData } from './watch-data.js';

/**
 * Saves `next` in the job when it differs from what the job holds (`saved`: undefined when the job holds
 * an older version of the data), moves the job back to the delayed set for `waitMs`, and returns the
 * DelayedError the processor must throw so BullMQ leaves it there.
 */
async function delayNextPoll(
  ctx: JobsContext,
  job: Job<WatchJobData>,
  token: string | undefined,
  saved: WatchJobData | undefined,
  next: WatchJobData,
  waitMs: number,
): Promise<DelayedError> {
  if (!saved || !sameWatchData(saved, next)) await job.updateData(next);
  const due = Date.now() + Math.max(1, Math.round(waitMs));
  await job.moveToDelayed(due, token);
  ctx.dueTimes.sleeping(job, due);
  return delayedError();
}

/** BullMQ's "moved to delayed" signal. It is thrown every poll and never logged: no stack trace. */
function delayedError(): DelayedError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new DelayedError();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** Edits every card with why watching stopped, then ends the watch (again if a card came meanwhile). */
export async function stopWatching(ctx: JobsContext, w: WatchJobData, reason: StopReason, task?: TaskDetail) {
  const note = stopNote(reason, ctx.watchDeadlineMs);
  const noted = new Set<string>();
  for (let attempt = 0; attempt < 5; attempt++) {
    const cards = await ctx.watches.cards(w.taskKey);
    const starters = task ? await ctx.watches.starters(w.taskKey) : new Map();
    for (const card of cards) {
      if (noted.has(card.cardId)) continue;
      const msg = task
        ? withNote(renderTaskCard(ctx, task, card, starters.get(card.cardId)), note)
        : stoppedMessage(w, note);
      await ctx.outbox.enqueue(card.cardId, refOf(card), msg);
      await ctx.watches.setShown(card.cardId, messageHash(msg));
      noted.add(card.cardId);
    }
    const approvals = Object.keys(await ctx.watches.approvalCards(w.taskKey));
    if (await ctx.watches.end(w.taskKey, [...noted, ...approvals])) return;
  }
  throw new Error(`watch ${w.taskKey} could not stop: cards kept being added`);
}

/** The watch queue's processor. */
export function watchProcessor(ctx: JobsContext) {
  return async (job: Job<WatchJobData>, token?: string): Promise<{ status: string } | undefined> => {
    const w = parseWatchData(job.data);
    const saved = (job.data as { v?: unknown }).v === 2 ? w : undefined;
    const nextPoll = async (next: WatchJobData, waitMs: number) =>
      delayNextPoll(ctx, job, token, saved, next, waitMs);
    const log = () => ctx.log.child({ jobId: job.id, taskKey: w.taskKey });
    const due = ctx.dueTimes.picked(job);
    if (due !== undefined) {
      ctx.metrics?.queueLag.observe({ queue: 'watch' }, Math.max(0, Date.now() - due) / 1000);
    }
    // Read before Zadig: a push consumed here was sent after its change, so the poll below sees it.
    const read = await readPoll(ctx, w);
    if (!read.watch) {
      log().debug('the watch has ended; nothing to poll');
      return { status: 'ended' };
    }
    const deadline = read.watch.deadline;
    const now = ctx.now();
    // While Zadig's webhook pushes arrive, the next poll is only a backstop (a push wakes the job).
    const every = ctx.pushes.pollWaitMs(read.lastPushAt);

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
      if (now > deadline) {
        await stopWatching(ctx, w, 'deadline');
        return undefined;
      }
      const errors = w.errors + 1;
      const wait = Math.min(ctx.pollIntervalMs * 2 ** errors, ctx.tuning.maxBackoffMs);
      log().warn({ code: err.code, errors, waitMs: wait }, 'Zadig poll failed; backing off');
      throw await nextPoll({ ...w, errors }, wait);
    }

    if (now > deadline && !isTerminal(task.status)) {
      log().info('watch deadline reached');
      await stopWatching(ctx, w, 'deadline', task);
      return undefined;
    }

    const sig = taskStateHash(task);
    const fingerprint = fingerprintOf(read);
    if (
      sig === w.sig &&
      read.pushedAt === undefined &&
      fingerprint !== undefined &&
      fingerprint === w.quiet &&
      !isTerminal(task.status) &&
      !waitingApproval(task)
    ) {
      // Same task state, same cards showing the same thing: this poll has nothing to do.
      throw await nextPoll(w.errors === 0 ? w : { ...w, errors: 0 }, every);
    }

    const pushedAt = read.pushedAt;
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
          throw await nextPoll(next, ctx.pollIntervalMs);
        }
        const seen = [...cards.map((c) => c.cardId), ...Object.keys(read.approvals)];
        if (!(await ctx.watches.end(w.taskKey, seen))) {
          log().debug('a card was added as the watch was ending; it gets its final at the next poll');
          throw await nextPoll({ ...next, cardIds: seen }, ctx.pollIntervalMs);
        }
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
      if (isRateLimited(err)) throw await nextPoll(next, err.retryAfterMs);
      if (isRetryableChatError(err)) {
        log().warn({ err }, 'chat post failed; retrying at the next poll');
        throw await nextPoll(next, ctx.pollIntervalMs);
      }
      throw err;
    }
    throw await nextPoll(next, every);
  };
}
