/**
 * The periodic sweeps, run by job schedulers on the `sweep` queue: the subscription scan (every poll
 * interval), the release-plan scan, the freeze notices (every poll interval), and the reconcile sweep that re-adds a watch job for every
 * registered watch that lost its job (same job id, so it is idempotent).
 */
import type { Job, Queue } from 'bullmq';
import type { JobsContext } from './context.js';
import { announceFreezes } from './freeze-notices.js';
import { watchJobId } from './keys.js';
import { type PlanScanState, scanPlans } from './plans.js';
import { scanSubscriptions } from './scanner.js';
import { newWatchData } from './watch-data.js';
import { WATCH_JOB_OPTS } from './watch-start.js';

/** Names of the sweep jobs (and of their schedulers). */
export type SweepName = 'scan' | 'plans' | 'reconcile' | 'freezes';

/** Re-adds missing watch jobs; returns how many it re-added. Also refreshes the watched-tasks gauge. */
export async function reconcile(ctx: JobsContext): Promise<number> {
  const watches = await ctx.watches.list();
  ctx.metrics?.watchedTasks.set(watches.length);
  let readded = 0;
  for (const w of watches) {
    const jobId = watchJobId(w.taskKey);
    if (await ctx.watchQueue.getJob(jobId)) continue;
    await ctx.watchQueue.add('watch', newWatchData(w.taskKey, w), { ...WATCH_JOB_OPTS, jobId });
    readded++;
  }
  if (readded > 0) ctx.log.info({ readded }, 'reconcile re-added watch jobs');
  return readded;
}

/** The sweep queue's processor. */
export function sweepProcessor(ctx: JobsContext, planState: PlanScanState) {
  return async (job: Job): Promise<Record<string, number>> => {
    switch (job.name as SweepName) {
      case 'scan':
        return { found: await scanSubscriptions(ctx) };
      case 'plans':
        return { changes: await scanPlans(ctx, planState) };
      case 'reconcile':
        return { readded: await reconcile(ctx) };
      case 'freezes':
        return { posted: await announceFreezes(ctx, ctx.freezeSpans) };
      default:
        ctx.log.warn({ name: job.name }, 'unknown sweep job');
        return {};
    }
  };
}

/** Creates or updates the schedulers (idempotent; every worker process may call it). */
export async function upsertSchedulers(ctx: JobsContext, queue: Queue): Promise<void> {
  const opts = { removeOnComplete: true, removeOnFail: true };
  const every: Record<SweepName, number> = {
    scan: ctx.pollIntervalMs,
    plans: ctx.tuning.planScanIntervalMs,
    reconcile: ctx.tuning.reconcileIntervalMs,
    freezes: ctx.pollIntervalMs,
  };
  for (const [name, ms] of Object.entries(every)) {
    await queue.upsertJobScheduler(name, { every: ms }, { name, data: { v: 1 }, opts });
  }
}
