/**
 * Starting (or refreshing) the watch of a task: registry entry, optional subscription follow-up, and
 * the one watch job per task (same job id, so a second start is a no-op). A push from Zadig's webhook
 * also runs a waiting job now instead of at its next poll.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Job, JobsOptions } from 'bullmq';
import type { JobsContext } from './context.js';
import { type TaskRef, taskKeyOf, watchJobId } from './keys.js';
import type { WatchJobData } from './watch-data.js';

/** Options of every watch job. `attempts` only matter for unexpected errors (polls re-delay instead). */
export const WATCH_JOB_OPTS: JobsOptions = {
  removeOnComplete: true,
  removeOnFail: true,
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000 },
};

/** How long a webhook push stays pending for the next poll to pick up. */
const POKE_TTL_MS = 10 * 60_000;

export interface EnsureWatchOptions {
  /** Fan the task out to subscribed chats (scanner and webhook discoveries). */
  follow?: boolean;
  /** A webhook was received at this time (injected clock): poll now, measure lag from here. */
  pokeAt?: number;
  /** Deadline to use when the watch is new (epoch ms, injected clock). */
  deadline?: number;
}

/** Makes sure the task is watched; returns its task key. Idempotent. */
export async function ensureWatch(
  ctx: JobsContext,
  ref: TaskRef,
  opts: EnsureWatchOptions = {},
): Promise<string> {
  const taskKey = taskKeyOf(ref);
  const existing = await ctx.stores.watches.get(taskKey);
  const deadline = existing?.deadline ?? opts.deadline ?? ctx.now() + ctx.watchDeadlineMs;
  if (!existing) {
    await ctx.stores.watches.add({
      taskKey,
      kind: ref.kind,
      projectKey: ref.projectKey,
      name: ref.name,
      taskId: ref.taskId,
      deadline,
    });
  }
  if (opts.follow) await ctx.redis.hsetnx(ctx.keys.follow, taskKey, '0');
  if (opts.pokeAt !== undefined) {
    await ctx.redis.set(ctx.keys.poke(taskKey), String(opts.pokeAt), 'PX', POKE_TTL_MS, 'NX');
  }
  const data: WatchJobData = {
    v: 1,
    taskKey,
    kind: ref.kind,
    projectKey: ref.projectKey,
    name: ref.name,
    taskId: ref.taskId,
    deadline,
    errors: 0,
    dueAt: Date.now(),
  };
  const job = await ctx.watchQueue.add('watch', data, { ...WATCH_JOB_OPTS, jobId: watchJobId(taskKey) });
  if (opts.pokeAt !== undefined) await wake(ctx, job, taskKey);
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
      // The job may start (or be promoted by another push) between the two calls: nothing to do then.
      await job.promote().catch(() => undefined);
      return;
    }
    if (state !== 'active' || waited >= WAKE_MAX_MS) return;
    if ((await ctx.redis.exists(ctx.keys.poke(taskKey))) === 0) return;
    await sleep(WAKE_STEP_MS);
  }
}
