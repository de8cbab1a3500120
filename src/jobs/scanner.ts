/**
 * The subscription scan: one task-list call per subscribed WORKFLOW (never per channel; `*` expands to
 * the project's workflows, cached), each at its own pace: every interval while the workflow is active,
 * backing off to ZBOT_SCAN_IDLE_MAX_MS while it is idle, and at the webhook backstop while Zadig's
 * webhook pushes arrive. Tasks newer than the highest id seen for
 * that workflow are new (started in the Zadig UI, by a git webhook, by cron…) and get followed: the
 * watcher fans them out to the subscribed chats. The first scan of a workflow records the baseline and
 * follows only the tasks created since the newest subscription covering it was made, so a task started
 * right after `subscribe` is announced and history never is.
 *
 * A retry re-runs a task under the same id. The scan remembers how each listed task last looked
 * (running, or ended at a given time); a task that had ended and is running again, or ended again at
 * another time, is a new run: its run counter goes up (so each chat may get a card for this run too)
 * and it is followed again.
 */
import { execStrict } from '../store/exec.js';
import { LuaScript } from '../store/lua.js';
import { isTerminal, type TaskSummary } from '../zadig/index.js';
import type { JobsContext } from './context.js';
import { scanPlanField, taskKeyOf } from './keys.js';
import { ONCE_DONE_TTL_MS } from './post-once.js';
import { ensureWatch } from './watch-start.js';

/** The literal workflow of a release-plan subscription (`subscribe plans`). */
export const PLANS_WORKFLOW = '@plans';

const WORKFLOWS_TTL_MS = 5 * 60_000;
const PAGE_SIZE = 20;
const CONCURRENCY = 4;

// KEYS: last-seen id, run states (hash task id → state), then the run counter of each listed task.
// ARGV: highest id in this listing, ttl, run counter ttl, lowest id in this listing (0: none), then
// (task id, state) per listed task, in KEYS order. A state is `r` (not ended) or `t<start>.<end>`.
// Returns {previous highest id or -1 when this was the first scan (baseline recorded), retried ids}.
// Concurrent scans each get a distinct range of new ids, and each retry is reported to one scan only.
const SCAN = new LuaScript(`
local cur = redis.call('GET', KEYS[1])
local first = not cur
if first then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  redis.call('DEL', KEYS[2])
  cur = -1
else
  cur = tonumber(cur)
  if tonumber(ARGV[1]) > cur then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  else redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
end
local retried = {}
for i = 5, #ARGV, 2 do
  local id, state = ARGV[i], ARGV[i + 1]
  local old = redis.call('HGET', KEYS[2], id)
  if old and old ~= state and string.sub(old, 1, 1) == 't' then
    local counter = KEYS[3 + (i - 5) / 2]
    redis.call('INCR', counter)
    redis.call('PEXPIRE', counter, ARGV[3])
    retried[#retried + 1] = tonumber(id)
  end
  redis.call('HSET', KEYS[2], id, state)
end
local low = tonumber(ARGV[4])
if low > 0 then
  for _, f in ipairs(redis.call('HKEYS', KEYS[2])) do
    if tonumber(f) < low then redis.call('HDEL', KEYS[2], f) end
  end
end
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
return {cur, retried}
`);

/** How a listed task looks to the retry check: running, or ended at a given time. */
function runState(t: TaskSummary): string {
  return isTerminal(t.status) ? `t${t.startTime}.${t.endTime}` : 'r';
}

/**
 * How long a workflow's last-seen id outlives its last scan. A workflow unsubscribed for longer starts
 * from a new baseline when subscribed again, instead of announcing what happened in between.
 */
const LAST_SEEN_TTL_MS = 3600_000;

/** Every (project, workflow) to scan, `*` expanded, release plans left out. */
export async function workflowsToScan(ctx: JobsContext): Promise<{ projectKey: string; workflow: string }[]> {
  const out = new Map<string, { projectKey: string; workflow: string }>();
  for (const s of await ctx.stores.subscriptions.listWorkflowsToScan()) {
    if (s.workflow === PLANS_WORKFLOW) continue;
    let names = [s.workflow];
    if (s.workflow === '*') {
      try {
        names = await ctx.stores.cache.getOrLoad(
          `jobs-workflows:${s.projectKey}`,
          WORKFLOWS_TTL_MS,
          async () => (await ctx.zadig.listWorkflows(s.projectKey)).map((w) => w.key),
        );
      } catch (err) {
        ctx.log.warn({ err, projectKey: s.projectKey }, 'could not list workflows for a * subscription');
        continue;
      }
    }
    for (const workflow of names)
      out.set(`${s.projectKey}\n${workflow}`, { projectKey: s.projectKey, workflow });
  }
  return [...out.values()];
}

/** What one scan of a workflow found. */
export interface WorkflowScan {
  /** Tasks (new ones and new runs) it started following. */
  found: number;
  /** Something is going on: a task found, or a listed task not ended yet. */
  active: boolean;
}

/** Scans one workflow; returns how many tasks (new ones and new runs) it started following. */
export async function scanWorkflow(ctx: JobsContext, projectKey: string, workflow: string): Promise<number> {
  return (await scanWorkflowActivity(ctx, projectKey, workflow)).found;
}

/** Scans one workflow: what it started following, and whether the workflow is active. */
export async function scanWorkflowActivity(
  ctx: JobsContext,
  projectKey: string,
  workflow: string,
): Promise<WorkflowScan> {
  const list = await ctx.zadig.listTasks(projectKey, workflow, { pageNum: 1, pageSize: PAGE_SIZE });
  const ids = list.tasks.map((t) => t.taskId);
  const max = ids.reduce((m, id) => Math.max(m, id), 0);
  const low = ids.length > 0 ? Math.min(...ids) : 0;
  const counters = list.tasks.map((t) =>
    ctx.watches.keys.runCount(taskKeyOf({ kind: 'workflow', projectKey, name: workflow, taskId: t.taskId })),
  );
  const [prevRaw, retriedRaw] = (await SCAN.run(
    ctx.redis,
    [ctx.keys.lastSeen(projectKey, workflow), ctx.keys.runStates(projectKey, workflow), ...counters],
    [max, LAST_SEEN_TTL_MS, ONCE_DONE_TTL_MS, low, ...list.tasks.flatMap((t) => [t.taskId, runState(t)])],
  )) as [number, number[]];
  const prev = Number(prevRaw);
  const running = list.tasks.some((t) => !isTerminal(t.status));
  const retried = new Set(retriedRaw.map(Number));
  let fresh: TaskSummary[];
  if (prev < 0) {
    // First scan: only what was created since the newest subscription (Zadig's times are in seconds).
    const since = await ctx.stores.subscriptions.subscribedSince(projectKey, workflow);
    if (since === undefined || ctx.now() - since > LAST_SEEN_TTL_MS) return { found: 0, active: running };
    const sinceSec = Math.floor(since / 1000);
    fresh = list.tasks.filter((t) => t.createTime >= sinceSec);
  } else {
    fresh = list.tasks.filter((t) => t.taskId > prev || retried.has(t.taskId));
  }
  fresh.sort((a, b) => a.taskId - b.taskId);
  for (const t of fresh) {
    await ensureWatch(
      ctx,
      { kind: 'workflow', projectKey, name: workflow, taskId: t.taskId },
      { follow: true },
    );
  }
  return { found: fresh.length, active: running || fresh.length > 0 };
}

/**
 * When a workflow is next scanned, after a scan that found it `active` or not (`idle`: idle scans in a
 * row before this one). Active: the next interval. Idle: the wait doubles per idle scan up to the
 * ceiling, stretched a little by a fixed per-workflow amount (up to a quarter) so idle workflows
 * subscribed at the same moment drift apart instead of being scanned in one burst. While webhook pushes
 * arrive, never sooner than the backstop: a push for a subscribed workflow starts its watch itself.
 */
export function nextScan(
  ctx: JobsContext,
  field: string,
  active: boolean,
  idle: number,
  pushesLive: boolean,
): { due: number; idle: number } {
  const interval = ctx.pollIntervalMs;
  const nextIdle = active ? 0 : Math.min(idle + 1, 30);
  let wait = active ? interval : Math.min(interval * 2 ** nextIdle, ctx.scanIdleMaxMs);
  if (!active && wait >= ctx.scanIdleMaxMs) wait = Math.round(wait * (1 + spreadOf(field) / 4));
  if (pushesLive) wait = Math.max(wait, ctx.pushes.backstopMs);
  return { due: ctx.wallNow() + wait, idle: nextIdle };
}

/** A fixed number in [0, 1) per workflow. */
function spreadOf(field: string): number {
  let h = 2166136261;
  for (let i = 0; i < field.length; i++) h = Math.imul(h ^ field.charCodeAt(i), 16777619);
  return (h >>> 0) / 2 ** 32;
}

function parsePlan(raw: string | undefined): { due: number; idle: number } | undefined {
  if (!raw) return undefined;
  const [due, idle] = raw.split(':').map(Number);
  return Number.isFinite(due) && Number.isFinite(idle)
    ? { due: due as number, idle: idle as number }
    : undefined;
}

/**
 * One sweep over the subscribed workflows: each one whose turn has come (scan plan in Redis, shared by
 * every worker) is scanned and its next turn set (`nextScan`), so the calls Zadig gets follow activity
 * rather than the number of subscriptions. A workflow with no plan yet (just subscribed) is due at once.
 * Failures of one workflow never stop the others (it is tried again at the next sweep).
 */
export async function scanSubscriptions(ctx: JobsContext): Promise<number> {
  const targets = await workflowsToScan(ctx);
  const report = await ctx.pushes.report();
  const pushesLive = report.mode === 'push';
  const planKey = ctx.keys.scanPlan;
  const plans = await ctx.redis.hgetall(planKey);
  const now = ctx.wallNow();
  const fieldOf = (t: { projectKey: string; workflow: string }) => scanPlanField(t.projectKey, t.workflow);
  const due = targets.filter((t) => (parsePlan(plans[fieldOf(t)])?.due ?? 0) <= now);
  const skipped = targets.length - due.length;
  if (skipped > 0) ctx.metrics?.subscriptionScans.inc({ outcome: pushesLive ? 'pushed' : 'idle' }, skipped);
  let found = 0;
  const next: Record<string, string> = {};
  for (let i = 0; i < due.length; i += CONCURRENCY) {
    const batch = due.slice(i, i + CONCURRENCY);
    const results = await Promise.allSettled(
      batch.map((t) => scanWorkflowActivity(ctx, t.projectKey, t.workflow)),
    );
    results.forEach((r, j) => {
      const t = batch[j] as { projectKey: string; workflow: string };
      if (r.status === 'rejected') {
        ctx.log.warn({ err: r.reason, ...t }, 'subscription scan of a workflow failed');
        return;
      }
      found += r.value.found;
      const field = fieldOf(t);
      const plan = nextScan(ctx, field, r.value.active, parsePlan(plans[field])?.idle ?? 0, pushesLive);
      next[field] = `${plan.due}:${plan.idle}`;
    });
  }
  if (due.length > 0) ctx.metrics?.subscriptionScans.inc({ outcome: 'scanned' }, due.length);
  const gone = Object.keys(plans).filter((f) => !targets.some((t) => fieldOf(t) === f));
  const batch = ctx.redis.multi();
  if (Object.keys(next).length > 0) batch.hset(planKey, next);
  if (gone.length > 0) batch.hdel(planKey, ...gone);
  if (Object.keys(next).length > 0 || gone.length > 0) await execStrict(batch);
  return found;
}
