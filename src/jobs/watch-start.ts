/**
 * Starting (or refreshing) the watch of a task: its state (watch-state.ts: registered with its deadline,
 * optionally followed for subscriptions, a webhook push noted) and the one watch job per task (same job
 * id, so a second start is a no-op). A push from Zadig's webhook also runs a waiting job now instead of
 * at its next poll.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ErrorCode, type Job, type JobsOptions } from 'bullmq';
import type { JobsContext } from './context.js';
import { scanPlanField, type TaskRef, watchJobId } from './keys.js';
import { newWatchData, type WatchJobData } from './watch-data.js';

/** Options of every watch job. `attempts` only matter for unexpected errors (polls re-delay instead). */
export const WATCH_JOB_OPTS: JobsOptions = {
  removeOnComplete: true,
  removeOnFail: true,
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000 },
};

export interface EnsureWatchOptions {
  /** Fan the task out to subscribed chats (scanner and webhook discoveries). */
  follow?: boolean;
  /** A webhook was received at this time (injected clock): poll now, measure lag from here. */
  pushedAt?: number;
  /** Deadline to use when the watch is new (epoch ms, injected clock). */
  deadline?: number;
  /** The task was started from chat: its workflow's subscription scan comes at the next sweep. */
  scanSoon?: boolean;
}

/** Makes sure the task is watched; returns its task key. Idempotent. */
export async function ensureWatch(
  ctx: JobsContext,
  ref: TaskRef,
  opts: EnsureWatchOptions = {},
): Promise<string> {
  const watch = await ctx.watches.start(ref, {
    deadline: opts.deadline ?? ctx.now() + ctx.watchDeadlineMs,
    ...(opts.follow ? { follow: true } : {}),
    ...(opts.pushedAt !== undefined ? { pushedAt: opts.pushedAt } : {}),
    ...(opts.scanSoon && ref.kind === 'workflow'
      ? { scanPlan: { key: ctx.keys.scanPlan, field: scanPlanField(ref.projectKey, ref.name) } }
      : {}),
  });
  const taskKey = watch.taskKey;
  const job = await ctx.watchQueue.add('watch', newWatchData(taskKey, ref), {
    ...WATCH_JOB_OPTS,
    jobId: watchJobId(taskKey),
  });
  if (opts.pushedAt !== undefined) await wake(ctx, job, taskKey);
  return taskKey;
}

/** How often, and how long at most, a push waits for a running poll to go back to sleep. */
const WAKE_STEP_MS = 50;
const WAKE_MAX_MS = 2000;

/**
 * Runs the task's job now so it picks up the push. A sleeping job is promoted. A running one either
 * took the push already (it reads it before asking Zadig) or left it behind: then it is promoted as
 * soon as it sleeps again (bounded; past that the push waits for the next regular poll).
 */
async function wake(ctx: JobsContext, job: Job<WatchJobData>, taskKey: string): Promise<void> {
  for (let waited = 0; ; waited += WAKE_STEP_MS) {
    const state = await job.getState();
    if (state === 'delayed') {
      await promoteIfDelayed(job);
      return;
    }
    if (state !== 'active' || waited >= WAKE_MAX_MS) return;
    if (!(await ctx.watches.isPushPending(taskKey))) return;
    await sleep(WAKE_STEP_MS);
  }
}

/**
 * Promotes a delayed job. Between reading its state and promoting it, the job may have started (or been
 * promoted by another push, or ended): BullMQ then answers "not in the delayed state" or "missing", and
 * there is nothing left to do. Any other failure is the caller's.
 */
async function promoteIfDelayed(job: Job<WatchJobData>): Promise<void> {
  try {
    await job.promote();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === ErrorCode.JobNotInState || code === ErrorCode.JobNotExist) return;
    throw err;
  }
}
